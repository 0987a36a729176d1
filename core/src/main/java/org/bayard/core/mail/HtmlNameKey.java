package org.bayard.core.mail;

/**
 * A short HTML name (an element's or an attribute's) packed into a long, whatever its ASCII case:
 * six bits per letter or digit, up to ten of them. The reader looks names up by key, so a name in
 * the document is read once and compared as one number, never copied out or lower-cased; every
 * name the reader knows fits.
 */
final class HtmlNameKey {

    /** The key of no name the reader knows: empty, longer than ten, or with a char other than a letter or digit. */
    static final long NONE = -1;

    /** The key of no chars yet, to {@link #append} to; no name is empty. */
    static final long EMPTY = 0;

    private static final int MAX_CHARS = 10;
    private static final int BITS_PER_CHAR = 6;

    private HtmlNameKey() {}

    /** The key of {@code text[from, to)}, or {@link #NONE}. */
    static long of(CharSequence text, int from, int to) {
        long key = EMPTY;
        for (int i = from; i < to && key != NONE; i++) {
            key = append(key, i - from, text.charAt(i));
        }
        return key == EMPTY ? NONE : key;
    }

    static long of(String name) {
        return of(name, 0, name.length());
    }

    /**
     * The key of a name one char longer, from the key of its first {@code length} chars: so that
     * a scanner finding where a name ends has its key too, without a second pass over it.
     */
    static long append(long key, int length, char c) {
        int code = code(c);
        return key == NONE || length >= MAX_CHARS || code == 0 ? NONE : key << BITS_PER_CHAR | code;
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
