package org.bayard.core.mail;

/**
 * {@link String#strip()} on a range of a string, as two ends, so that readers that work on
 * ranges of a header value or a document trim them without copying them out first.
 * Whitespace is {@link Character#isWhitespace}, as strip has it; no whitespace char is a
 * surrogate, so reading chars one at a time is exact.
 */
public final class Whitespace {
    private Whitespace() {}

    /** Where {@code text[from, to)} starts once its leading whitespace is dropped ({@code to} if it is all whitespace). */
    public static int stripStart(String text, int from, int to) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        return from;
    }

    /** Where {@code text[from, to)} ends once its trailing whitespace is dropped ({@code from} if it is all whitespace). */
    public static int stripEnd(String text, int from, int to) {
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return to;
    }
}
