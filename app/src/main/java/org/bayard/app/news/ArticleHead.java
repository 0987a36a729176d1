package org.bayard.app.news;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bayard.smtp.MailPath;

/**
 * The few fields of an article the gateway reads before handing it over: its author's address,
 * for the envelope sender, the lists it has been through (X-BeenThere, which list servers add),
 * and its Message-ID for the log. Read from the header block only, unfolded; not decoded.
 */
record ArticleHead(List<String[]> fields) {
    /** The fields of {@code article}'s header block, each a name and its unfolded value. */
    static ArticleHead of(byte[] article) {
        String head = new String(article, 0, headEnd(article), StandardCharsets.ISO_8859_1);
        List<String[]> fields = new ArrayList<>();
        for (String line : head.split("\r\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && !fields.isEmpty()) {
                String[] last = fields.getLast();
                last[1] = last[1] + " " + line.strip();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) fields.add(new String[] {line.substring(0, colon).strip(), line.substring(colon + 1).strip()});
        }
        return new ArticleHead(fields);
    }

    /** Where the header block ends: at the empty line, or the article's end when it has none. */
    private static int headEnd(byte[] a) {
        for (int i = 0; i + 3 < a.length; i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') return i + 2;
        }
        return a.length;
    }

    /** Every value of the field {@code name}, in order. */
    List<String> values(String name) {
        return fields.stream().filter(f -> f[0].equalsIgnoreCase(name)).map(f -> f[1]).toList();
    }

    Optional<String> messageId() {
        return values("Message-ID").stream().findFirst();
    }

    /**
     * The address in the first From, when it is one the gate takes after MAIL FROM, in ASCII:
     * {@code Name <local@domain>}, or a bare {@code local@domain} with a comment. Usenet's From is
     * often munged ({@code user@example.invalid} stays, as the gate takes it; {@code user at
     * example dot org} is none).
     */
    Optional<String> authorAddress() {
        Optional<String> from = values("From").stream().findFirst();
        if (from.isEmpty()) return Optional.empty();
        String v = from.get();
        int open = v.lastIndexOf('<');
        int close = v.lastIndexOf('>');
        String candidate;
        if (open >= 0 && close > open) {
            candidate = v.substring(open + 1, close).strip();
        } else {
            candidate = v.replaceAll("\\([^)]*\\)", " ").strip().split("\\s+")[0];
        }
        boolean ascii = candidate.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        MailPath path = ascii ? MailPath.parse("<" + candidate + ">") : null;
        return path == null || path.address().isEmpty() ? Optional.empty() : Optional.of(path.address());
    }

    /** Whether a list server that added X-BeenThere: {@code list} has had it: the article came from the list, and goes not back. */
    boolean beenThrough(String list) {
        String wanted = list.toLowerCase(Locale.ROOT);
        for (String v : values("X-BeenThere")) {
            String address = v.replace("<", "").replace(">", "").strip().toLowerCase(Locale.ROOT);
            if (address.equals(wanted)) return true;
        }
        return false;
    }
}
