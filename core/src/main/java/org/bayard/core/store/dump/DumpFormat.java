package org.bayard.core.store.dump;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Constants and field encodings of dump format version 2 (see {@code docs/dump-format.md}).
 *
 * <p>Every field is printable ASCII without spaces, so a line splits on single spaces and a dump
 * survives any tool that handles text.
 */
final class DumpFormat {
    static final String MAGIC = "bayard-dump";
    /** What the writer writes: 2 added the sender blocklist ({@code b} lines and {@code blocklist=} in the end line). */
    static final int VERSION = 2;
    /** The oldest version a reader still takes: a backup is read long after it was written. */
    static final int OLDEST_VERSION = 1;
    /** Longest line a reader accepts; a damaged file must not make it buffer without end. */
    static final int MAX_LINE_BYTES = 64 << 10;

    static final String TOTALS = "totals";
    static final String TOKEN = "t";
    static final String LEDGER = "l";
    static final String BLOCKED = "b";
    static final String END = "end";
    /** Stands for an empty Message-ID (or null sender); one that is literally "-" is written %2D. */
    static final String NONE = "-";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private DumpFormat() {}

    /** Tokens as 16 lower-case hex digits, so text order is unsigned numeric order. */
    static String token(long token) {
        String s = Long.toHexString(token);
        return "0".repeat(16 - s.length()) + s;
    }

    /**
     * Percent-encodes the UTF-8 bytes of {@code s} outside {@code !..~}, and {@code %} itself:
     * Message-IDs are meant to be ASCII but a header may hold anything, spaces and newlines included.
     */
    static String encodeText(String s) {
        if (s.isEmpty()) return NONE;
        if (s.equals(NONE)) return "%2D";
        StringBuilder b = new StringBuilder(s.length());
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c > ' ' && c < 0x7f && c != '%') {
                b.append((char) c);
            } else {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return b.toString();
    }

    /** Inverse of {@link #encodeText}; null when the field is not a valid encoding. */
    static String decodeText(String field) {
        if (field.equals(NONE)) return "";
        if (field.isEmpty()) return null; // the writer says "-"; an empty field is a damaged line
        ByteArrayOutputStream out = new ByteArrayOutputStream(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '%') {
                if (i + 2 >= field.length()) return null;
                int hi = Character.digit(field.charAt(i + 1), 16);
                int lo = Character.digit(field.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return null;
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c > ' ' && c < 0x7f) {
                out.write(c);
            } else {
                return null;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
