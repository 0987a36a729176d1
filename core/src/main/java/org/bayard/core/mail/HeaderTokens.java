package org.bayard.core.mail;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over the raw bytes of a header field that reads tokens and values the way mime4j's
 * field parser does: whitespace (SP, HT, CR, LF) between words collapses to one space, comments
 * in parentheses are skipped, and a quoted string may hold delimiters and backslash escapes.
 *
 * <p>This decides a part's structure (the field name, the type, the boundary), so it must agree
 * with the parser whose results our features were built on, odd inputs included: a run of bytes
 * with any byte over 0x7F is decoded as UTF-8, and a quoted value that starts with {@code =?} is
 * decoded as RFC 2047 words.
 */
final class HeaderTokens {

    private final byte[] bytes;
    private final int end;
    private int pos;

    HeaderTokens(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.pos = from;
        this.end = to;
    }

    boolean atEnd() {
        return pos >= end;
    }

    int position() {
        return pos;
    }

    /** The byte at the cursor; only when not {@link #atEnd()}. */
    int current() {
        return bytes[pos] & 0xff;
    }

    void advance() {
        pos++;
    }

    /** Words up to (not including) {@code delimiter} or {@code otherDelimiter} (-1 for none), or the end. */
    String token(int delimiter, int otherDelimiter) {
        return read(delimiter, otherDelimiter, false);
    }

    /** Like {@link #token}, but quoted strings are read as such, delimiters and all. */
    String value(int delimiter) {
        return read(delimiter, -1, true);
    }

    private String read(int delimiter, int otherDelimiter, boolean quotes) {
        StringBuilder out = new StringBuilder();
        boolean spaceBefore = false;
        while (pos < end) {
            int c = current();
            if (c == delimiter || c == otherDelimiter) {
                break;
            } else if (isSpace(c)) {
                while (pos < end && isSpace(current())) {
                    pos++;
                }
                spaceBefore = true;
            } else if (c == '(') {
                skipComment();
            } else {
                if (spaceBefore && !out.isEmpty()) {
                    out.append(' ');
                }
                if (quotes && c == '"') {
                    quoted(out);
                } else {
                    word(out, delimiter, otherDelimiter, quotes);
                }
                spaceBefore = false;
            }
        }
        return out.toString();
    }

    /** A run of bytes up to whitespace, a comment, a delimiter (or a quote, when quotes count). */
    private void word(StringBuilder out, int delimiter, int otherDelimiter, boolean quotes) {
        int from = pos;
        boolean ascii = true;
        while (pos < end) {
            int c = current();
            if (c == delimiter || c == otherDelimiter || isSpace(c) || c == '(' || quotes && c == '"') {
                break;
            }
            ascii &= c < 0x80;
            pos++;
        }
        out.append(new String(bytes, from, pos - from, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
    }

    /** A quoted string from its opening quote; unterminated, it runs to the end. */
    private void quoted(StringBuilder out) {
        pos++;
        DecodedBytes content = new DecodedBytes(32, Integer.MAX_VALUE); // grows with the string, not with the field
        boolean ascii = true;
        boolean escaped = false;
        for (; pos < end; pos++) {
            int c = current();
            if (escaped) {
                if (c != '"' && c != '\\') {
                    content.add('\\'); // only a quote or a backslash is escaped; other pairs stay as written
                }
                content.add(c);
                ascii &= c < 0x80;
                escaped = false;
            } else if (c == '"') {
                pos++;
                break;
            } else if (c == '\\') {
                escaped = true;
            } else if (c != '\r' && c != '\n') {
                content.add(c);
                ascii &= c < 0x80;
            }
        }
        String text = new String(content.array(), 0, content.length(),
                ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        if (!text.startsWith("=?")) {
            out.append(text);
            return;
        }
        int cut = new EncodedWordStarts(EncodedWordStarts.PER_PARAMETER).spend(text);
        out.append(cut < 0 ? DecoderUtil.decodeEncodedWords(text, DecodeMonitor.SILENT)
                : DecoderUtil.decodeEncodedWords(text.substring(0, cut), DecodeMonitor.SILENT) + text.substring(cut));
    }

    /** A comment from its opening parenthesis, nested and with escapes; unterminated, it runs to the end. */
    private void skipComment() {
        int level = 0;
        boolean escaped = false;
        for (; pos < end; pos++) {
            int c = current();
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '(') {
                level++;
            } else if (c == ')' && --level == 0) {
                pos++;
                return;
            }
        }
    }

    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
