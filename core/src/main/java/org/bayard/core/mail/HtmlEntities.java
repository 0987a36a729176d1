package org.bayard.core.mail;

import org.jsoup.nodes.Entities;

import java.nio.charset.Charset;

/**
 * Character references ({@code &amp;}, {@code &#233;}, {@code &#xe9;}) decoded as a browser
 * decodes them. Names come from jsoup's table of HTML entities; the rules around them are ours.
 */
final class HtmlEntities {

    private static final char REPLACEMENT = '\uFFFD';
    private static final char NO_BREAK_SPACE = '\u00A0';

    /**
     * {@code &#128;} to {@code &#159;} name C1 controls, which no mail means: browsers read them
     * as windows-1252, so {@code &#150;} is an en dash. Codes that windows-1252 leaves undefined
     * keep their value, as browsers do.
     */
    private static final char[] C1_AS_WINDOWS_1252 = c1Table();

    /** The longest of the legacy names that may go without a semicolon ({@code frac12}, {@code middot}...). */
    static final int LONGEST_LEGACY_NAME = 6;

    private HtmlEntities() {}

    /** Appends {@code text[from, to)} to {@code out} with its references decoded. */
    static void decode(String text, int from, int to, boolean inAttribute, HtmlTextBuffer out) {
        int i = from;
        for (int amp; i < to && (amp = text.indexOf('&', i, to)) >= 0; ) {
            out.append(text, i, amp);
            if (amp + 1 == to) {
                i = amp; // a '&' at the end is text
                break;
            }
            i = text.charAt(amp + 1) == '#' ? numeric(text, amp, to, out) : named(text, amp, to, inAttribute, out);
        }
        out.append(text, i, to);
    }

    /** An attribute value with its references decoded; the value itself when it has none. */
    static String decodeAttribute(String html, int from, int to) {
        if (html.indexOf('&', from, to) < 0) {
            return html.substring(from, to);
        }
        HtmlTextBuffer out = new HtmlTextBuffer(to - from);
        decode(html, from, to, true, out);
        return out.toString();
    }

    /** {@code text[amp]} is '&' followed by '#'; returns where reading goes on. */
    private static int numeric(String text, int amp, int to, HtmlTextBuffer out) {
        int i = amp + 2;
        boolean hex = i < to && (text.charAt(i) == 'x' || text.charAt(i) == 'X');
        if (hex) {
            i++;
        }
        int radix = hex ? 16 : 10;
        int start = i;
        int code = 0;
        for (int digit; i < to && (digit = Character.digit(text.charAt(i), radix)) >= 0; i++) {
            // saturate instead of overflowing: anything past the last code point is invalid anyway
            code = Math.min(code * radix + digit, Character.MAX_CODE_POINT + 1);
        }
        if (i == start) {
            out.append(text, amp, i); // "&#" or "&#x" with no digits is text
            return i;
        }
        if (i < to && text.charAt(i) == ';') {
            i++;
        }
        appendCodePoint(code, out);
        return i;
    }

    private static void appendCodePoint(int code, HtmlTextBuffer out) {
        if (code == 0 || code > Character.MAX_CODE_POINT || (code >= Character.MIN_SURROGATE && code <= Character.MAX_SURROGATE)) {
            out.append(REPLACEMENT);
        } else if (code >= 0x80 && code <= 0x9f) {
            out.append(C1_AS_WINDOWS_1252[code - 0x80]);
        } else {
            out.appendCodePoint(code);
        }
    }

    /**
     * {@code &name;} for any entity, or without the semicolon for the legacy few that browsers
     * accept bare ({@code &amp}, {@code &nbsp}, {@code &copy}...), also as the start of a longer
     * word ({@code &notit} reads "¬it"). In an attribute a bare name followed by a letter, a digit
     * or '=' is left alone: {@code ?a=1&copy=2} is a query string, not a copyright sign.
     */
    private static int named(String text, int amp, int to, boolean inAttribute, HtmlTextBuffer out) {
        if (amp + 6 <= to && text.startsWith("nbsp;", amp + 1)) {
            out.append(NO_BREAK_SPACE); // most references in mail, so spared the lookups
            return amp + 6;
        }
        int end = amp + 1;
        while (end < to && isAsciiLetterOrDigit(text.charAt(end))) {
            end++;
        }
        if (end == amp + 1) {
            out.append('&');
            return amp + 1;
        }
        if (inAttribute && end < to && text.charAt(end) == '=') {
            out.append('&'); // a query's "&id=": no name followed by '=' is a reference in an attribute
            return amp + 1;
        }
        String name = text.substring(amp + 1, end);
        if (end < to && text.charAt(end) == ';' && Entities.isNamedEntity(name)) {
            out.append(Entities.getByName(name));
            return end + 1;
        }
        // The name runs to its last letter or digit, so in an attribute, where a legacy name
        // followed by one is left alone, only the whole name can be one ('=' after it was seen to).
        String legacy = inAttribute ? (Entities.isBaseNamedEntity(name) ? name : "") : legacyPrefix(name);
        if (legacy.isEmpty()) {
            out.append('&');
            return amp + 1;
        }
        out.append(Entities.getByName(legacy));
        return amp + 1 + legacy.length();
    }

    /**
     * The longest legacy name that starts {@code name}, or "". What {@link Entities#findPrefix}
     * answers once jsoup's tables are loaded (before, it answers "" to everything), but that
     * tries its 106 names one by one, and text is full of names that are none ({@code &id=} in
     * a pasted link): looking up the name's own prefixes instead, longest first, at most six
     * binary searches, made reading the corpus's HTML about 5% faster.
     */
    static String legacyPrefix(String name) {
        for (int length = Math.min(name.length(), LONGEST_LEGACY_NAME); length > 0; length--) {
            String prefix = name.substring(0, length);
            if (Entities.isBaseNamedEntity(prefix)) {
                return prefix;
            }
        }
        return "";
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static char[] c1Table() {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (0x80 + i);
        }
        char[] table = new String(bytes, Charset.forName("windows-1252")).toCharArray();
        for (int i = 0; i < table.length; i++) {
            if (table[i] == REPLACEMENT) {
                table[i] = (char) (0x80 + i);
            }
        }
        return table;
    }
}
