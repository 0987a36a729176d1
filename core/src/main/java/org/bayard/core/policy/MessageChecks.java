package org.bayard.core.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.mail.MailReader;
import org.bayard.core.mail.MailVisitor;
import org.bayard.core.mail.PartInfo;
import org.bayard.core.mail.TextOrigin;

/**
 * The checks other than Bayes, each a cheap look at the message: executable attachment names,
 * a missing Message-ID, raw 8-bit bytes in Subject (RFC 5322 wants them encoded; bulk senders
 * often don't), and no syntactically valid address in From, Reply-To or Sender. One pass of the
 * MIME reader collects what they need; the raw header block is scanned for the 8-bit Subject,
 * since decoding would hide it.
 */
final class MessageChecks {
    /** What may not be in the local part. */
    private static final String NOT_LOCAL = " \t\n\u000B\f\r<>@\",;:()[]";

    private MessageChecks() {}

    /**
     * Whether the value holds an addr-spec as people really write it: local@domain.tld, no
     * spaces or brackets inside; labels of ASCII letters and digits, with inner hyphens. Each
     * {@code @} is looked at once: one regular expression searching the whole value backtracked
     * over every start in a long run of letters (9 s for a 64 KB From), and recursed once per
     * label (a stack overflow for a host of 30,000 labels).
     */
    static boolean hasAddress(String value) {
        for (int at = value.indexOf('@'); at >= 0; at = value.indexOf('@', at + 1)) {
            if (at > 0 && NOT_LOCAL.indexOf(value.charAt(at - 1)) < 0 && startsWithDottedHost(value, at + 1)) return true;
        }
        return false;
    }

    /**
     * Whether a host name of two labels or more starts at {@code from}. It is enough to see the
     * first label, the dot after it and the first char of the next: a label runs to the first
     * char that is no letter, digit or hyphen, which must be that dot.
     */
    private static boolean startsWithDottedHost(String s, int from) {
        if (from >= s.length() || !letterOrDigit(s.charAt(from))) return false;
        int end = from + 1;
        while (end < s.length() && (letterOrDigit(s.charAt(end)) || s.charAt(end) == '-')) end++;
        return end + 1 < s.length() && s.charAt(end) == '.' && letterOrDigit(s.charAt(end - 1)) && letterOrDigit(s.charAt(end + 1));
    }

    private static boolean letterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static void run(byte[] message, MailLimits limits, PolicyParams p, List<Symbol> out) {
        Facts f = new Facts(p.executableExtensions());
        MailReader.read(message, limits, f);
        if (f.executable != null) {
            out.add(new Symbol(PolicyParams.EXECUTABLE_ATTACHMENT, p.points(PolicyParams.EXECUTABLE_ATTACHMENT), printable(f.executable)));
        }
        if (!f.messageId) out.add(new Symbol(PolicyParams.MISSING_MESSAGE_ID, p.points(PolicyParams.MISSING_MESSAGE_ID), ""));
        if (subjectHas8Bit(message)) out.add(new Symbol(PolicyParams.SUBJECT_8BIT, p.points(PolicyParams.SUBJECT_8BIT), ""));
        if (!f.validSender) out.add(new Symbol(PolicyParams.NO_VALID_SENDER, p.points(PolicyParams.NO_VALID_SENDER), ""));
    }

    private static boolean isExecutable(String fileName, Set<String> extensions) {
        String lower = fileName.toLowerCase(Locale.ROOT).strip();
        for (String ext : extensions) {
            if (lower.endsWith(ext)) return true;
        }
        return false;
    }

    private static final class Facts implements MailVisitor {
        private final Set<String> executableExtensions;
        /**
         * The first executable attachment name, or null. Each name is judged as it comes, none
         * kept: past the part limit names keep coming, and a list capped at some count would let
         * that many harmless names first hide an executable.
         */
        String executable;
        boolean messageId;
        boolean validSender;

        Facts(Set<String> executableExtensions) {
            this.executableExtensions = executableExtensions;
        }

        @Override
        public void header(String name, String value, int depth) {
            if (depth != 0) return;
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals("message-id") && !value.isBlank()) messageId = true;
            if ((n.equals("from") || n.equals("reply-to") || n.equals("sender")) && hasAddress(value)) validSender = true;
        }

        @Override
        public void part(PartInfo part) {}

        /** Every part's name, also past the part limit where parts are not described. */
        @Override
        public void attachmentName(String fileName) {
            if (executable == null && isExecutable(fileName, executableExtensions)) executable = fileName;
        }

        @Override
        public void text(CharSequence text, TextOrigin origin) {}

        @Override
        public void url(String url) {}

        @Override
        public void anomaly(String code) {}
    }

    /** Whether a top-level Subject field (with its continuation lines) holds a byte of 0x80 or more. */
    static boolean subjectHas8Bit(byte[] m) {
        int pos = 0;
        boolean inSubject = false;
        while (pos < m.length) {
            int end = pos;
            while (end < m.length && m[end] != '\n') end++;
            int contentEnd = end > pos && m[end - 1] == '\r' ? end - 1 : end;
            if (contentEnd == pos) return false; // end of the header block
            boolean continuation = m[pos] == ' ' || m[pos] == '\t';
            if (!continuation) inSubject = contentEnd - pos >= 8 && new String(m, pos, 8, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .equalsIgnoreCase("subject:");
            if (inSubject) {
                for (int i = pos; i < contentEnd; i++) if ((m[i] & 0x80) != 0) return true;
            }
            pos = end + 1;
        }
        return false;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 60; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
