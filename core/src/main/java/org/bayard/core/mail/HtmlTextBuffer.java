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
    HtmlTextBuffer append(String text, int from, int to) {
        ensureCapacity(to - from);
        text.getChars(from, to, chars, length);
        length += to - from;
        return this;
    }

    /** Appends {@code text[from, to)}. */
    HtmlTextBuffer append(char[] text, int from, int to) {
        ensureCapacity(to - from);
        System.arraycopy(text, from, chars, length, to - from);
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

    /** The chars, of which the first {@link #length()} are this text; valid until the next append. */
    char[] array() {
        return chars;
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

    /** Gives up the array if it holds more than {@code maxChars}, so that a reused buffer does not keep the largest text it ever held. */
    void trimTo(int maxChars) {
        if (chars.length > maxChars) {
            chars = new char[Math.min(maxChars, Math.max(16, length))];
            length = 0;
        }
    }

    private void ensureCapacity(int more) {
        if (length + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(2 * chars.length, length + more));
        }
    }
}
