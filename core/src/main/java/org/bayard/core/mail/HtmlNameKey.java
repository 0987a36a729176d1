package org.bayard.core.mail;

/**
 * A short HTML name (an element's or an attribute's) packed into a long, whatever its ASCII case:
 * six bits per letter or digit, up to ten of them. The reader looks names up by key, so a name in
 * the document is read once and compared as one number, never copied out or lower-cased; every
 * name the reader knows fits.
 */
final class HtmlNameKey {

    /** The key of no name the reader knows: longer than ten, or with a char other than a letter or digit. */
    static final long NONE = -1;

    private static final int MAX_CHARS = 10;
    private static final int BITS_PER_CHAR = 6;

    private HtmlNameKey() {}

    /** The key of {@code text[from, to)}, or {@link #NONE}. */
    static long of(CharSequence text, int from, int to) {
        if (to - from > MAX_CHARS || to <= from) {
            return NONE;
        }
        long key = 0;
        for (int i = from; i < to; i++) {
            int code = code(text.charAt(i));
            if (code == 0) {
                return NONE;
            }
            key = key << BITS_PER_CHAR | code;
        }
        return key;
    }

    static long of(String name) {
        return of(name, 0, name.length());
    }

    /** 1 to 26 for a letter in either case, 27 to 36 for a digit, 0 for anything else; never 0 for part of a name, so lengths differ in key too. */
    private static int code(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 1;
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 1;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 27;
        }
        return 0;
    }
}
