package org.bayard.core.mail;

import java.util.Arrays;

/**
 * A growable char array for the text the HTML reader gathers: runs of text, and text with its
 * references decoded. A StringBuilder was slower here: once it held one character beyond
 * Latin-1 (a {@code &rsquo;}, say), appending a Latin-1 document's text to it went a char at a
 * time through {@code charAt} (10% of the profile of reading the corpus's HTML);
 * {@code getChars} into a char array copies in bulk whatever the strings' internal encodings.
 */
final class HtmlTextBuffer implements CharSequence {

    private char[] chars;
    private int length;

    HtmlTextBuffer(int capacity) {
        chars = new char[Math.max(16, capacity)];
    }

    /** Appends {@code text[from, to)}. */
    HtmlTextBuffer append(CharSequence text, int from, int to) {
        ensureCapacity(to - from);
        if (text instanceof String s) {
            s.getChars(from, to, chars, length);
        } else if (text instanceof HtmlTextBuffer b) {
            System.arraycopy(b.chars, from, chars, length, to - from);
        } else {
            for (int i = from; i < to; i++) {
                chars[length + i - from] = text.charAt(i);
            }
        }
        length += to - from;
        return this;
    }

    HtmlTextBuffer append(String text) {
        return append(text, 0, text.length());
    }

    HtmlTextBuffer append(char c) {
        ensureCapacity(1);
        chars[length++] = c;
        return this;
    }

    HtmlTextBuffer appendCodePoint(int codePoint) {
        ensureCapacity(2);
        length += Character.toChars(codePoint, chars, length);
        return this;
    }

    /** Whether every char is white space, as {@link String#isBlank} judges it; runs between hidden and shown text often are. */
    boolean isBlank() {
        for (int i = 0; i < length; i++) {
            if (!Character.isWhitespace(chars[i])) {
                return false;
            }
        }
        return true;
    }

    void clear() {
        length = 0;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        return chars[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new String(chars, start, end - start);
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }

    private void ensureCapacity(int more) {
        if (length + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(2 * chars.length, length + more));
        }
    }
}
