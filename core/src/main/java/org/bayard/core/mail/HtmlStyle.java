package org.bayard.core.mail;

import java.util.Locale;

/**
 * The few CSS facts that decide whether a reader can see an element's text: display,
 * visibility, font size and colours. Deliberately shallow: inline {@code style} and
 * presentational attributes only, no style sheets, because that is where mail hides its text
 * and a full cascade would cost more than the features are worth.
 */
final class HtmlStyle {

    /** Colour unknown or not set. */
    static final int NONE = -1;
    static final int WHITE = 0xffffff;
    static final int BLACK = 0x000000;

    /**
     * Text this close to its background (sum of channel differences) is unreadable; #fefefe on
     * white is the usual trick, and 24 stays well away from the light greys of real footers.
     */
    private static final int INVISIBLE_CONTRAST = 24;

    /**
     * The colour names read, by {@link HtmlNameKey}: a word is looked up in place, in any ASCII
     * case, where cutting it out and lower-casing it made two strings per word tried
     * ({@code url(x.gif)} too).
     */
    private static final HtmlNameTable<Integer> NAMED = new HtmlNameTable<>(14);

    static {
        NAMED.put("white", WHITE);
        NAMED.put("black", BLACK);
        NAMED.put("red", 0xff0000);
        NAMED.put("green", 0x008000);
        NAMED.put("blue", 0x0000ff);
        NAMED.put("yellow", 0xffff00);
        NAMED.put("gray", 0x808080);
        NAMED.put("grey", 0x808080);
        NAMED.put("silver", 0xc0c0c0);
        NAMED.put("navy", 0x000080);
        NAMED.put("snow", 0xfffafa);
        NAMED.put("ivory", 0xfffff0);
        NAMED.put("whitesmoke", 0xf5f5f5);
        NAMED.put("ghostwhite", 0xf8f8ff);
    }

    /** The longest of the names: a longer value is no name, and is not looked up. */
    private static final int LONGEST_NAME = 10;

    /** The properties read here, in lower case. */
    private static final String[] PROPERTIES = {
        "display", "visibility", "font-size", "opacity", "color", "background-color", "background"};

    /** What {@link #parseInt} answers where {@link Integer#parseInt} would throw. */
    private static final long NOT_AN_INT = Long.MIN_VALUE;

    /** What an inline style says; fields stay at their "not set" values when it says nothing. */
    boolean hides;
    int color = NONE;
    int background = NONE;

    /**
     * Parses one {@code style} attribute into this object, resetting it first. Declarations are
     * cut out of the string in place, property names are compared in place in any case, and a
     * value is only copied out for the few properties read here: mail styles are mostly fonts,
     * margins and padding.
     */
    HtmlStyle parse(String style) {
        return style == null ? parse("", 0, 0) : parse(style, 0, style.length());
    }

    /** {@link #parse(String)} of {@code text[from, to)}, read in place: an attribute's value is not cut out of the document first. */
    HtmlStyle parse(String text, int from, int to) {
        hides = false;
        color = NONE;
        background = NONE;
        String css = text;
        if (!isAscii(text, from, to)) {
            // lower-casing beyond ASCII may change lengths ("\u0130" becomes two chars), so then it is done first, as it was
            css = text.substring(from, to).toLowerCase(Locale.ROOT);
            from = 0;
            to = css.length();
        }
        for (int start = from; start < to; ) {
            int end = css.indexOf(';', start, to);
            if (end < 0) {
                end = to;
            }
            int colon = css.indexOf(':', start, end);
            if (colon >= 0) {
                String property = property(css, start, colon);
                if (property != null) {
                    declaration(property, css, colon + 1, end);
                }
            }
            start = end + 1;
        }
        return this;
    }

    /** The property of {@link #PROPERTIES} named by {@code css[from, to)} with spaces around, or null. */
    private static String property(String css, int from, int to) {
        from = Whitespace.stripStart(css, from, to);
        to = Whitespace.stripEnd(css, from, to);
        for (String property : PROPERTIES) {
            if (property.length() == to - from && equalsInAsciiCase(css, from, property)) {
                return property;
            }
        }
        return null;
    }

    /** Whether {@code text} has {@code lowerCase} at {@code from}, ASCII letters in either case; no other char is folded. */
    private static boolean equalsInAsciiCase(String text, int from, String lowerCase) {
        for (int i = 0; i < lowerCase.length(); i++) {
            char c = text.charAt(from + i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c) != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * One declaration whose value is {@code css[from, to)}. The value is read in place, stripped
     * and compared in ASCII case, unless it holds a '!': then it is cut out, lower-cased and
     * rid of {@code !important} as it always was, since removing that may join what surrounds
     * it. Cutting out, lower-casing, replacing and stripping every value read cost four strings
     * a declaration, and a style attribute about 1.4 µs (JFR, the corpus's HTML parts).
     */
    private void declaration(String property, String css, int from, int to) {
        if (css.indexOf('!', from, to) >= 0) {
            String value = value(css, from, to);
            strippedDeclaration(property, value, 0, value.length());
        } else {
            int start = Whitespace.stripStart(css, from, to);
            strippedDeclaration(property, css, start, Whitespace.stripEnd(css, start, to));
        }
    }

    /** {@code v[from, to)} has no spaces around it, and is ASCII or in lower case already. */
    private void strippedDeclaration(String property, String v, int from, int to) {
        switch (property) {
            case "display" -> hides |= is(v, from, to, "none");
            case "visibility" -> hides |= is(v, from, to, "hidden") || is(v, from, to, "collapse");
            case "font-size" -> hides |= tinyCssSize(v, from, to);
            case "opacity" -> hides |= is(v, from, to, "0") || startsWith(v, from, to, "0.0") || is(v, from, to, "0%");
            case "color" -> color = color(v, from, to);
            case "background-color" -> background = color(v, from, to);
            case "background" -> background = firstColor(v, from, to);
            default -> { }
        }
    }

    /** Whether {@code v[from, to)} is {@code lowerCase} in ASCII case. */
    private static boolean is(String v, int from, int to, String lowerCase) {
        return to - from == lowerCase.length() && equalsInAsciiCase(v, from, lowerCase);
    }

    private static boolean startsWith(String v, int from, int to, String lowerCase) {
        return to - from >= lowerCase.length() && equalsInAsciiCase(v, from, lowerCase);
    }

    private static String value(String css, int from, int to) {
        return css.substring(from, to).toLowerCase(Locale.ROOT).replace("!important", "").strip();
    }

    /** {@code <font size>}: 1 is the smallest a browser draws; spam uses 0, 1 or "-3" for hash-busting text. */
    static boolean tinyFontAttribute(String size) {
        return size != null && tinyFontAttribute(size, 0, size.length());
    }

    /**
     * {@link #tinyFontAttribute(String)} of {@code text[from, to)}, read in place: most
     * {@code <font>} tags have a size, and cutting it out, stripping it and parsing it with
     * {@link Integer#parseInt}, which throws on "2px", was 4% of JFR's samples of reading the
     * corpus's HTML.
     */
    static boolean tinyFontAttribute(String text, int from, int to) {
        from = Whitespace.stripStart(text, from, to);
        to = Whitespace.stripEnd(text, from, to);
        if (from == to) {
            return false;
        }
        char first = text.charAt(from);
        boolean relative = first == '+' || first == '-';
        // after a '+', what follows is read as a whole number, sign and all: "+-3" is -3 more than 3
        long n = parseInt(text, first == '+' ? from + 1 : from, to);
        if (n == NOT_AN_INT) {
            return false;
        }
        int effective = relative ? 3 + (int) n : (int) n; // wraps as int arithmetic did
        return effective <= 1;
    }

    /**
     * {@link Integer#parseInt} of {@code text[from, to)} without the exception: an optional sign
     * and at least one digit, any digit {@link Character#digit} knows, within an int's range.
     */
    private static long parseInt(String text, int from, int to) {
        int i = from;
        boolean negative = i < to && text.charAt(i) == '-';
        if (i < to && (negative || text.charAt(i) == '+')) {
            i++;
        }
        if (i == to) {
            return NOT_AN_INT;
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = Character.digit(text.charAt(i), 10);
            value = value * 10 + digit;
            if (digit < 0 || value > -(long) Integer.MIN_VALUE) {
                return NOT_AN_INT;
            }
        }
        value = negative ? -value : value;
        return value > Integer.MAX_VALUE ? NOT_AN_INT : value;
    }

    /**
     * Whether the CSS size {@code v[from, to)} is below 2px/2pt, or zero in any unit; the value
     * has no spaces around it and is ASCII or in lower case already.
     */
    private static boolean tinyCssSize(String v, int from, int to) {
        int i = from;
        while (i < to && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
            i++;
        }
        if (i == from) {
            return false;
        }
        double n;
        try {
            n = Double.parseDouble(v.substring(from, i));
        } catch (NumberFormatException e) {
            return false;
        }
        int unit = Whitespace.stripStart(v, i, to);
        if (unit == to || is(v, unit, to, "px") || is(v, unit, to, "pt")) {
            return n < 2;
        }
        if (is(v, unit, to, "em") || is(v, unit, to, "rem")) {
            return n < 0.2;
        }
        return is(v, unit, to, "%") ? n < 20 : n == 0;
    }

    static boolean unreadable(int fg, int bg) {
        if (fg == NONE || bg == NONE) {
            return false;
        }
        int d = Math.abs((fg >> 16 & 0xff) - (bg >> 16 & 0xff))
                + Math.abs((fg >> 8 & 0xff) - (bg >> 8 & 0xff))
                + Math.abs((fg & 0xff) - (bg & 0xff));
        return d < INVISIBLE_CONTRAST;
    }

    /** {@code #rgb}, {@code #rrggbb}, bare hex (old HTML attributes), {@code rgb(r,g,b)}, or a common name. */
    static int color(String value) {
        return value == null ? NONE : color(value, 0, value.length());
    }

    /**
     * The colour {@code text[from, to)} names, read in place: colours are on most tags that have
     * an attribute the reader uses, so they are neither lower-cased nor cut out of the document
     * (ASCII ones; others are, as before). Only a name is copied out, to look it up.
     */
    static int color(String text, int from, int to) {
        from = Whitespace.stripStart(text, from, to);
        to = Whitespace.stripEnd(text, from, to);
        if (!isAscii(text, from, to)) {
            String lower = text.substring(from, to).toLowerCase(Locale.ROOT); // may change the length: done first, as it was
            return strippedColor(lower, 0, lower.length());
        }
        return strippedColor(text, from, to);
    }

    /** {@code v[from, to)} has no spaces around it, and is ASCII or in lower case already. */
    private static int strippedColor(String v, int from, int to) {
        if (from < to && v.charAt(from) == '#') {
            return hex(v, from + 1, to);
        }
        if (v.regionMatches(true, from, "rgb", 0, 3)) {
            return rgb(v.substring(from, to).toLowerCase(Locale.ROOT));
        }
        int hex = hex(v, from, to); // no name is three or six hex digits, so the order does not matter
        if (hex != NONE || to - from > LONGEST_NAME) {
            return hex;
        }
        Integer named = NAMED.get(HtmlNameKey.of(v, from, to)); // no key for a char beyond ASCII, which no name has
        return named == null ? NONE : named;
    }

    /** Three or six hex digits, or NONE. */
    private static int hex(String v, int from, int to) {
        int length = to - from;
        if (length != 3 && length != 6) {
            return NONE;
        }
        int rgb = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(v.charAt(i), 16);
            if (digit < 0) {
                return NONE;
            }
            rgb = length == 3 ? rgb << 8 | digit * 17 : rgb << 4 | digit;
        }
        return rgb;
    }

    /**
     * The first of the words {@code v[from, to)} would split into at {@code \s+} that is a
     * colour, read in place: compiling the pattern for every {@code background} cost more than
     * the colours.
     */
    private static int firstColor(String v, int from, int to) {
        for (int start = from, end; start < to; start = end + 1) {
            end = start;
            while (end < to && !isRegexSpace(v.charAt(end))) {
                end++;
            }
            int c = color(v, start, end);
            if (c != NONE) {
                return c;
            }
        }
        return NONE;
    }

    /** A char of the regex class {@code \s}: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }

    private static int rgb(String v) {
        int open = v.indexOf('(');
        int close = v.indexOf(')');
        if (open < 0 || close < open) {
            return NONE;
        }
        String[] parts = v.substring(open + 1, close).split("[,\\s]+");
        if (parts.length < 3) {
            return NONE;
        }
        int rgb = 0;
        for (int k = 0; k < 3; k++) {
            try {
                int c = Math.clamp(Integer.parseInt(parts[k].strip()), 0, 255);
                rgb = rgb << 8 | c;
            } catch (NumberFormatException e) {
                return NONE;
            }
        }
        return rgb;
    }
}
