package org.bayard.core.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rewrites a message's header block at the byte level, leaving the body and every other header
 * byte-for-byte as they were: removes fields by name (with their continuation lines, so a forged
 * {@code X-Spam-Flag} from outside cannot survive), then appends new fields at the end of the
 * header block (before a line that is no field, where readers end it), using the message's own
 * line ending.
 */
public final class HeaderEditor {
    /** A header field to add; the value must already be printable ASCII. */
    public record Field(String name, String value) {}

    private HeaderEditor() {}

    public static byte[] rewrite(byte[] message, Set<String> removeLowerCaseNames, List<Field> add) {
        String eol = detectEol(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 512);
        int pos = 0;
        if (startsWith(message, 0, "From ")) { // mbox envelope line: not a header, keep it first
            int end = lineEnd(message, 0);
            out.write(message, 0, end);
            pos = end;
        }
        boolean dropping = false;
        int firstNonField = -1; // where in out the first line that is no field went
        while (pos < message.length) {
            int end = lineEnd(message, pos);
            if (isBlank(message, pos, end)) break; // end of the header block; the blank line stays with the body
            boolean continuation = message[pos] == ' ' || message[pos] == '\t';
            if (!continuation) {
                dropping = removeLowerCaseNames.contains(fieldName(message, pos, end));
                if (firstNonField < 0 && startsLfLine(message, pos) && !HeaderNames.startsField(message, pos, end)) {
                    firstNonField = out.size();
                }
            }
            if (!dropping) out.write(message, pos, end - pos);
            pos = end;
        }
        byte[] added = addedFields(add, eol);
        if (firstNonField >= 0) {
            // MTAs and mail readers end the header at a line that is no field: ours go before it,
            // or they would be body; forged copies were still removed up to the blank line
            byte[] kept = out.toByteArray();
            out.reset();
            out.write(kept, 0, firstNonField);
            startLine(out, eol);
            out.writeBytes(added);
            out.write(kept, firstNonField, kept.length - firstNonField);
            out.write(message, pos, message.length - pos);
            return out.toByteArray();
        }
        startLine(out, eol);
        out.writeBytes(added);
        if (pos < message.length) {
            out.write(message, pos, message.length - pos);
        } else {
            out.writeBytes(eol.getBytes(StandardCharsets.US_ASCII)); // a message of headers only still gets its blank line
        }
        return out.toByteArray();
    }

    /**
     * Whether {@code pos} starts a line for procmail, maildrop and the MTAs, which end lines at LF
     * alone. A bare CR ends a line here (see {@link #lineEnd}), but to them what follows it is the
     * rest of the same line, not a line that is no field: a field of ours written there was the
     * tail of the field before it, and a recipe matching {@code ^X-Spam-Flag: YES} missed it.
     */
    private static boolean startsLfLine(byte[] m, int pos) {
        return pos == 0 || m[pos - 1] == '\n';
    }

    /**
     * Ends what was written so far with a line end unless it already ends with LF (or is empty),
     * so that our fields start a line of their own: after a last line with no line end, or one
     * ended by a bare CR. After a CR that is an LF alone: with the message's CRLF it made a bare
     * CR and a blank line, where the next filtering ended the header, above our fields.
     */
    private static void startLine(ByteArrayOutputStream out, String eol) {
        byte[] sofar = out.toByteArray(); // small: the header block
        if (sofar.length == 0 || sofar[sofar.length - 1] == '\n') return;
        out.writeBytes((sofar[sofar.length - 1] == '\r' ? "\n" : eol).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] addedFields(List<Field> add, String eol) {
        StringBuilder b = new StringBuilder();
        for (Field f : add) b.append(fold(f.name() + ": " + f.value(), eol)).append(eol);
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** RFC 5322's limit on a line, without its line ending. */
    static final int MAX_LINE = 998;

    /**
     * A field longer than a line may be (many clues) folded at spaces into lines of at most
     * {@link #MAX_LINE}; shorter ones, every field but the rarest, are written as they are.
     */
    static String fold(String field, String eol) {
        if (field.length() <= MAX_LINE) return field;
        StringBuilder b = new StringBuilder(field.length() + 64);
        String rest = field;
        int limit = MAX_LINE;
        while (rest.length() > limit) {
            int cut = rest.lastIndexOf(' ', limit);
            if (cut <= 1) break; // no space to fold at: left as it is
            b.append(rest, 0, cut).append(eol).append('\t');
            rest = rest.substring(cut + 1);
            limit = MAX_LINE - 1; // the tab that starts a continuation line counts
        }
        return b.append(rest).toString();
    }

    /**
     * The line end most lines of the header block (and the blank line after it) use; on a tie,
     * the first line's. Not the first line's alone: an LF we added after a bare CR makes a CRLF,
     * which filtering the message again took for the message's own line end.
     */
    private static String detectEol(byte[] m) {
        int crlf = 0;
        int lf = 0;
        boolean firstIsCrlf = false;
        int lineStart = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i] != '\n') continue;
            boolean withCr = i > 0 && m[i - 1] == '\r';
            if (crlf + lf == 0) firstIsCrlf = withCr;
            if (withCr) crlf++; else lf++;
            if (i - lineStart == (withCr ? 1 : 0)) break; // the blank line that ends the header
            lineStart = i + 1;
        }
        return crlf > lf || (crlf == lf && firstIsCrlf) ? "\r\n" : "\n";
    }

    /**
     * Just past the line's end: LF, or a CR not followed by LF. A bare CR ends a line too, or a
     * message with old Mac line ends was one line, and removing a field of ours that began it
     * removed the whole message.
     */
    private static int lineEnd(byte[] m, int from) {
        for (int i = from; i < m.length; i++) {
            if (m[i] == '\n' || (m[i] == '\r' && (i + 1 == m.length || m[i + 1] != '\n'))) return i + 1;
        }
        return m.length;
    }

    private static boolean isBlank(byte[] m, int start, int end) {
        int len = end - start;
        return (len == 1 && m[start] == '\n') || (len == 2 && m[start] == '\r' && m[start + 1] == '\n');
    }

    private static boolean startsWith(byte[] m, int at, String s) {
        if (m.length - at < s.length()) return false;
        for (int i = 0; i < s.length(); i++) if (m[at + i] != s.charAt(i)) return false;
        return true;
    }

    private static String fieldName(byte[] m, int start, int end) {
        int colon = start;
        while (colon < end && m[colon] != ':') colon++;
        return new String(m, start, colon - start, StandardCharsets.ISO_8859_1).trim().toLowerCase(Locale.ROOT);
    }
}
