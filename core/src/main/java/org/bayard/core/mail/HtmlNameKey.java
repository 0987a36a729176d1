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
     * For a scanner that keys a name as it looks for its end, in one pass: starting from
     * {@link #EMPTY}, each char's {@link #code} is appended with this, and {@link #finish} then
     * makes the key of the whole. Keying the name in a second pass, once its end was found,
     * took the HTML stage 1.02 to 1.07 times as long (one more loop exit to mispredict a name;
     * thread CPU, the corpus's HTML parts, both orders).
     */
    static long append(long key, int code) {
        return key << BITS_PER_CHAR | code;
    }

    /** The key of a name of {@code length} chars whose codes were {@link #append}ed to {@code key}; {@code allNameChars} if none was 0. */
    static long finish(long key, int length, boolean allNameChars) {
        return allNameChars && length > 0 && length <= MAX_CHARS ? key : NONE;
    }

    static long of(String name) {
        return of(name, 0, name.length());
    }

    /** 1 to 26 for an ASCII letter in either case, 27 to 36 for a digit, 0 for any other char. */
    static int code(char c) {
        return c < CODES.length ? CODES[c] : 0;
    }
}
