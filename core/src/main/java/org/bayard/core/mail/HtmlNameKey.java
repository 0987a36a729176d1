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

    /** No name is empty: the key that marks a free slot in {@link HtmlNameTable}. */
    static final long EMPTY = 0;

    private static final int MAX_CHARS = 10;
    private static final int BITS_PER_CHAR = 6;

    /**
     * Each ASCII char's code: 1 to 26 for a letter in either case, 27 to 36 for a digit, 0 for
     * anything else; never 0 for part of a name, so lengths differ in key too. One load per char
     * where three range tests were: every tag and attribute name of a document is keyed.
     */
    private static final byte[] CODES = new byte[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            CODES[c] = (byte) (c - 'a' + 1);
            CODES[Character.toUpperCase(c)] = (byte) (c - 'a' + 1);
        }
        for (char c = '0'; c <= '9'; c++) {
            CODES[c] = (byte) (c - '0' + 27);
        }
    }

    private HtmlNameKey() {}

    /** The key of {@code text[from, to)}, or {@link #NONE}. */
    static long of(CharSequence text, int from, int to) {
        if (to - from > MAX_CHARS) {
            return NONE;
        }
        long key = EMPTY;
        for (int i = from; i < to; i++) {
            int code = code(text.charAt(i));
            if (code == 0) {
                return NONE;
            }
            key = key << BITS_PER_CHAR | code;
        }
        return key == EMPTY ? NONE : key;
    }

    /**
     * The key of {@code text[from, to)}, or {@link #NONE}: the scanner's copy of the document is
     * keyed in place, after the name's end was found (a second pass over a few chars that are in
     * cache, which costs less than keying char by char while looking for the end).
     */
    static long of(char[] text, int from, int to) {
        if (to - from > MAX_CHARS) {
            return NONE;
        }
        long key = EMPTY;
        for (int i = from; i < to; i++) {
            int code = code(text[i]);
            if (code == 0) {
                return NONE;
            }
            key = key << BITS_PER_CHAR | code;
        }
        return key == EMPTY ? NONE : key;
    }

    static long of(String name) {
        return of(name, 0, name.length());
    }

    private static int code(char c) {
        return c < CODES.length ? CODES[c] : 0;
    }
}
