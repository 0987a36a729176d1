package org.bayard.core.token;

/**
 * A reused char array that holds a copy of one text at a time. Scanning text char by char
 * through {@code CharSequence.charAt} costs an interface call and, on a String, a bounds and
 * a coder check per char; one bulk copy (a vectorised inflate for a Latin-1 String) and then
 * plain array reads are several times cheaper for the tokenizer's per-char loops.
 */
final class TextBuffer {

    private char[] chars = new char[0];

    /** Copies {@code text} to the start of the array, which it returns (grown when too small). */
    char[] copy(CharSequence text) {
        int n = text.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, 2 * chars.length)];
        }
        if (text instanceof String s) {
            s.getChars(0, n, chars, 0);
        } else {
            for (int i = 0; i < n; i++) {
                chars[i] = text.charAt(i);
            }
        }
        return chars;
    }
}
