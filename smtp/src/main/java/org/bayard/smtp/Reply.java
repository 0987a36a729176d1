package org.bayard.smtp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An SMTP reply: a code and one or more lines of text (the first usually starting with an enhanced
 * status code). Text is printable ASCII; anything else is replaced so no peer-supplied byte can
 * break our framing.
 */
public record Reply(int code, List<String> lines) {
    public Reply {
        if (code < 200 || code > 599) throw new IllegalArgumentException("reply code out of range: " + code);
        if (lines.isEmpty()) throw new IllegalArgumentException("a reply needs a line of text");
        lines = lines.stream().map(Reply::printable).toList();
    }

    public static Reply of(int code, String text) {
        return new Reply(code, List.of(text));
    }

    public boolean positive() {
        return code < 400;
    }

    public boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    public boolean permanentFailure() {
        return code >= 500;
    }

    public String text() {
        return String.join(" ", lines);
    }

    /** The reply as sent on the wire, CR LF after every line. */
    public byte[] wire() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            b.append(code).append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i)).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return code + " " + text();
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 200));
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
