package org.bayard.core.mail;

/**
 * The commonest shapes of the attribute values the reader parses, read straight from the
 * scanner's copy of the document: a colour of three or six ASCII hex digits ({@code #336699},
 * {@code ffffff}) and a font size of a digit or two ({@code 2}, {@code -1}). What these shapes
 * mean is what {@link HtmlStyle#color} and {@link HtmlStyle#tinyFontAttribute} make of them;
 * any other value is left to those, which strip, check for references and parse through the
 * string. Most {@code <font>}, {@code <td>} and {@code <table>} tags carry such values (the
 * corpus's HTML: 19,420 sizes, 10,880 colours, 8,696 background colours). Read here, the
 * HTML stage took 0.58 to 0.98 of its time before (median of six pairs of JVMs about 0.81;
 * thread CPU, the corpus's 1,210 HTML parts): the general path strips, looks for '&' and tests
 * ASCII through {@code String.charAt}, and reads digits with {@code Character.digit}.
 */
final class CommonHtmlValues {

    /** What {@link #fontSize} answers for a value of another shape. */
    static final int OTHER_SHAPE = -1;
    static final int NOT_TINY = 0;
    static final int TINY = 1;

    private CommonHtmlValues() {}

    /**
     * The colour of {@code chars[from, to)} if it is three or six ASCII hex digits, with or
     * without a '#' before them; else {@link HtmlStyle#NONE}, also when it is a colour of
     * another shape.
     */
    static int hexColor(char[] chars, int from, int to) {
        int start = from < to && chars[from] == '#' ? from + 1 : from;
        int length = to - start;
        if (length != 3 && length != 6) {
            return HtmlStyle.NONE;
        }
        int rgb = 0;
        for (int i = start; i < to; i++) {
            int digit = asciiHexDigit(chars[i]);
            if (digit < 0) {
                return HtmlStyle.NONE;
            }
            rgb = length == 3 ? rgb << 8 | digit * 17 : rgb << 4 | digit;
        }
        return rgb;
    }

    /**
     * Whether the {@code <font size>} value {@code chars[from, to)} is tiny, if it is one or two
     * ASCII digits with or without a sign before them: {@link #TINY}, {@link #NOT_TINY}, or
     * {@link #OTHER_SHAPE}.
     */
    static int fontSize(char[] chars, int from, int to) {
        if (from == to) {
            return OTHER_SHAPE;
        }
        char first = chars[from];
        boolean relative = first == '+' || first == '-';
        int digits = relative ? from + 1 : from;
        if (to - digits < 1 || to - digits > 2) {
            return OTHER_SHAPE;
        }
        int n = 0;
        for (int i = digits; i < to; i++) {
            char c = chars[i];
            if (c < '0' || c > '9') {
                return OTHER_SHAPE;
            }
            n = n * 10 + (c - '0');
        }
        int effective = first == '+' ? 3 + n : first == '-' ? 3 - n : n;
        return effective <= 1 ? TINY : NOT_TINY;
    }

    private static int asciiHexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }
}
