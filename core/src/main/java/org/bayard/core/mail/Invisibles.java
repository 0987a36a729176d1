package org.bayard.core.mail;

/**
 * Chars that render as nothing: zero-width, bidi controls, soft hyphen, fillers and variation
 * selectors. A spammer puts them inside words and links ("fr\u200Bee", "ht\u200Btp://") so that
 * a filter sees other strings than the reader does; the reader and the tokenizer take them out.
 */
public final class Invisibles {

    private Invisibles() {}

    public static boolean is(char c) {
        return c >= 0x00AD && (c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x115F || c == 0x1160
                || c == 0x17B4 || c == 0x17B5 || (c >= 0x180B && c <= 0x180E)
                || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2060 && c <= 0x206F) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F)
                || c == 0xFEFF || c == 0xFFA0 || (c >= 0xFFF9 && c <= 0xFFFB));
    }

    /** The text without its invisible chars; the same string when it has none, the usual case. */
    static String removeFrom(String text) {
        int first = 0;
        int n = text.length();
        while (first < n && !is(text.charAt(first))) {
            first++;
        }
        if (first == n) {
            return text;
        }
        StringBuilder b = new StringBuilder(n).append(text, 0, first);
        for (int i = first + 1; i < n; i++) {
            char c = text.charAt(i);
            if (!is(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
