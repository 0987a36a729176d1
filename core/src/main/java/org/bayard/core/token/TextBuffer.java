package org.bayard.core.token;

import java.util.Objects;

/**
 * A reused char array that holds a copy of one text at a time. Scanning text char by char
 * through {@code CharSequence.charAt} costs an interface call and, on a String, a bounds and
 * a coder check per char; one bulk copy (a vectorised inflate for a Latin-1 String) and then
 * plain array reads are several times cheaper for the tokenizer's per-char loops.
 *
 * <p>It is also a {@link CharSequence} of the text it holds, so that a stage can keep a cleaned
 * text of its own and still hand it to the word splitter, which lower-cases its copy in place:
 * {@link SubjectFeatures} reads case and punctuation after the words.
 */
final class TextBuffer implements CharSequence {

    /**
     * The most chars {@link #release} lets a reused buffer keep: the texts of ordinary mail fit
     * (the corpus's body text is 2,184 chars a message), and a thread that split a text of half a
     * million chars (the most one part gives) does not hold its 1 to 2 MB until it ends.
     */
    static final int MAX_KEPT_CHARS = 64 << 10;

    private char[] chars = new char[0];
    private int length;

    /** Copies {@code text} to the start of the array, which it returns (grown when too small). */
    char[] copy(CharSequence text) {
        int n = text.length();
        makeRoom(n);
        if (text instanceof String s) {
            s.getChars(0, n, chars, 0);
        } else if (text instanceof TextBuffer b) {
            System.arraycopy(b.chars, 0, chars, 0, n); // the cleaned subject, handed to the splitter
        } else if (text instanceof StringBuilder b) {
            // the display names of an address header: copied char by char through charAt, this copy had
            // 3.9% of JFR's samples of reading the corpus's headers; in bulk, 0.4%
            b.getChars(0, n, chars, 0);
        } else {
            for (int i = 0; i < n; i++) {
                chars[i] = text.charAt(i);
            }
        }
        length = n;
        return chars;
    }

    /** Copies {@code text.substring(from, to)} to the start of the array, which it returns, without that substring. */
    char[] copy(String text, int from, int to) {
        makeRoom(to - from);
        text.getChars(from, to, chars, 0);
        length = to - from;
        return chars;
    }

    private void makeRoom(int n) {
        if (chars.length < n) {
            chars = new char[Math.max(n, 2 * chars.length)];
        }
    }

    /**
     * Forgets the text, and gives up the array if a long text grew it past {@link #MAX_KEPT_CHARS}:
     * 8 preparing threads that each kept the largest text they had split ran a 64 MB heap out.
     */
    void release() {
        if (chars.length > MAX_KEPT_CHARS) {
            chars = new char[0];
        }
        length = 0;
    }

    /** The array: the text is its first {@link #length()} chars, which its holder may change in place. */
    char[] array() {
        return chars;
    }

    /** Keeps the first {@code length} chars: the holder removed chars from the text in place. */
    void shorten(int length) {
        Objects.checkIndex(length, this.length + 1);
        this.length = length;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        return chars[Objects.checkIndex(index, length)];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        Objects.checkFromToIndex(start, end, length);
        return new String(chars, start, end - start);
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }
}
