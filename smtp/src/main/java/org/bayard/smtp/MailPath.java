package org.bayard.smtp;

import java.util.List;

/**
 * A parsed {@code <address>} of MAIL FROM or RCPT TO with its ESMTP parameters: the gate's rule
 * for what an envelope address is. Public so that every door that is handed an envelope (the
 * HTTP checks take Rspamd's {@code From} and {@code Rcpt} headers) reads it by the same rule.
 *
 * @param address without the angle brackets; empty for the null sender {@code <>}
 */
public record MailPath(String address, List<String> params) {
    public MailPath {
        params = List.copyOf(params);
    }

    /** A MAIL FROM path; null when it is not one. */
    public static MailPath parse(String s) {
        return parse(s, false);
    }

    /**
     * A path, or null when it is not one. {@code recipient}: also the bare {@code <postmaster>},
     * which RFC 5321 (4.5.1) says must be taken.
     */
    public static MailPath parse(String s, boolean recipient) {
        s = s.strip();
        String addr;
        String rest;
        if (s.startsWith("<")) {
            int close = closingBracket(s);
            if (close < 0) return null;
            addr = s.substring(1, close);
            rest = s.substring(close + 1).strip();
        } else {
            // without angle brackets, as Postfix takes it by default (strict_rfc821_envelopes = no)
            // and then passes the line on to us as it came
            int sp = s.indexOf(' ');
            addr = sp < 0 ? s : s.substring(0, sp);
            rest = sp < 0 ? "" : s.substring(sp + 1).strip();
            if (addr.isEmpty() || addr.indexOf('<') >= 0 || addr.indexOf('>') >= 0) return null;
        }
        if (addr.startsWith("@")) { // source route: ignored, as RFC 5321 allows
            int colon = addr.indexOf(':');
            if (colon < 0) return null;
            addr = addr.substring(colon + 1);
        }
        if (!addr.isEmpty() && !validAddress(addr) && !(recipient && addr.equalsIgnoreCase("postmaster"))) return null;
        List<String> params = rest.isEmpty() ? List.of() : List.of(rest.split(" +"));
        return new MailPath(addr, params);
    }

    /** The index of the {@code >} that closes the path, skipping a quoted local part; -1 if none. */
    private static int closingBracket(String s) {
        boolean quoted = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Chars beyond ASCII (a UTF-8 address, already decoded) pass here; {@link Smtputf8#needed} says whether
     * SMTPUTF8 is needed. A quoted local part ({@code "john doe"@example.org}) may hold spaces
     * and the specials.
     */
    private static boolean validAddress(String a) {
        int at = a.lastIndexOf('@');
        if (at <= 0 || at == a.length() - 1 || a.length() > 254) return false;
        boolean quoted = false;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c < 0x20 || c == 0x7f) return false;
            if (i < at && c == '"') {
                quoted = !quoted;
            } else if (quoted && c == '\\') {
                i++;
            } else if (!quoted && (c == ' ' || c == '<' || c == '>' || c == ',')) {
                return false;
            }
        }
        return !quoted;
    }
}
