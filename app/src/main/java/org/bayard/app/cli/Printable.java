package org.bayard.app.cli;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.Locale;

/**
 * Makes feature names safe to show on a terminal: nothing that can drive it or hide text, and
 * {@code \\uXXXX} for what the output's character set cannot show.
 */
final class Printable {
    private Printable() {}

    /** Printable ASCII only: for places that must stay ASCII whatever the terminal. */
    static String ascii(String s) {
        return escaped(s, null);
    }

    /**
     * Letters of any script as they are when {@code out} can encode them (a Cyrillic or CJK token
     * is read, not decoded by hand from escapes); controls, invisible format characters (bidi
     * overrides, zero-width) and unusual spaces escaped, so a token cannot move the cursor, run
     * an escape sequence or pass for another.
     */
    static String forOutput(String s, Charset out) {
        return escaped(s, out.newEncoder());
    }

    /**
     * Text for a terminal with only what could drive it or hide text escaped ({@code \\uXXXX}, as
     * in JSON): unlike {@link #forOutput}, quotes and backslashes stay as they are, so a sender
     * {@code "john doe"@example.org} reads as written and JSON stays the same JSON.
     * {@code lines}: line breaks are kept (a JSON document), else escaped (one line per item).
     */
    static String controlsEscaped(String s, Charset out, boolean lines) {
        CharsetEncoder encoder = out.newEncoder();
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            if (cp == '\n' && lines || cp >= 0x20 && cp < 0x7f || cp >= 0xa0 && visible(cp) && encoder.canEncode(s.substring(i, i + len))) {
                b.appendCodePoint(cp);
            } else {
                for (int k = i; k < i + len; k++) b.append(String.format(Locale.ROOT, "\\u%04x", (int) s.charAt(k)));
            }
            i += len;
        }
        return b.toString();
    }

    private static String escaped(String s, CharsetEncoder encoder) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            if (cp == '\\' || cp == '"') {
                b.append('\\').appendCodePoint(cp);
            } else if (cp >= 0x20 && cp < 0x7f || cp >= 0xa0 && encoder != null && visible(cp)
                    && encoder.canEncode(s.substring(i, i + len))) {
                b.appendCodePoint(cp);
            } else {
                for (int k = i; k < i + len; k++) b.append(String.format(Locale.ROOT, "\\u%04x", (int) s.charAt(k)));
            }
            i += len;
        }
        return b.toString();
    }

    /** A character that shows as itself: not a control, format, separator, private or unassigned one. */
    private static boolean visible(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
