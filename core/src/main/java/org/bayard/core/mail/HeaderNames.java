package org.bayard.core.mail;

import java.util.Arrays;

/**
 * Header names compared without lower-casing them first: a field name is read for every field of
 * every message, and {@code name.toLowerCase(Locale.ROOT).equals(known)} makes a new string for
 * each one written "Subject" or "From".
 */
public final class HeaderNames {

    private HeaderNames() {}

    /**
     * Whether the line {@code m[start, end)} starts a header field: a name of printable ASCII
     * without a colon (RFC 5322 section 2.2), then the colon, with blanks before it allowed (the
     * obsolete syntax, which readers still take). Readers end the header at a line that does not.
     */
    public static boolean startsField(byte[] m, int start, int end) {
        int i = start;
        while (i < end && m[i] > ' ' && m[i] < 0x7f && m[i] != ':') i++;
        if (i == start) return false;
        while (i < end && (m[i] == ' ' || m[i] == '\t')) i++;
        return i < end && m[i] == ':';
    }

    /**
     * Whether {@code name.toLowerCase(Locale.ROOT).equals(lowerAscii)}, for a {@code lowerAscii}
     * of ASCII lower case, digits and punctuation without the letter k.
     *
     * <p>Comparing ASCII only is exact here: the only non-ASCII chars that lower-case to ASCII are
     * U+212A KELVIN SIGN (to {@code k}, excluded above) and U+0130 (to {@code i} and a combining dot,
     * never all ASCII). {@link String#equalsIgnoreCase} would not do: it also matches U+017F, the
     * long s, to {@code s}.
     */
    public static boolean is(String name, String lowerAscii) {
        int n = lowerAscii.length();
        if (name.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (toLowerAscii(name.charAt(i)) != lowerAscii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code c} in lower case if it is an ASCII capital, else as it is. For names whose case
     * matters only in ASCII (header names, host names, address local parts): no table walk,
     * and {@code toLowerCase(Locale.ROOT)} of a string of ASCII chars lower-cases them just so.
     */
    public static char toLowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** Applies {@link #toLowerAscii(char)} to each of {@code chars[from, to)}, in place. */
    public static void toLowerAscii(char[] chars, int from, int to) {
        for (int i = from; i < to; i++) {
            chars[i] = toLowerAscii(chars[i]);
        }
    }

    /**
     * A fixed set of names to look up for every field. Kept by length, so that a field name is
     * compared only with the known names as long as it: most fields are none of them, and most
     * of those are told apart by their length alone.
     */
    public static final class Table {

        private final String[][] byLength;

        /** @param lowerAsciiNames names as {@link #is} takes them */
        public Table(String... lowerAsciiNames) {
            int longest = 0;
            for (String known : lowerAsciiNames) {
                longest = Math.max(longest, known.length());
            }
            byLength = new String[longest + 1][0];
            for (String known : lowerAsciiNames) {
                String[] same = byLength[known.length()];
                same = Arrays.copyOf(same, same.length + 1);
                same[same.length - 1] = known;
                byLength[known.length()] = same;
            }
        }

        /** The known name that {@code name} is (see {@link #is}), or null. */
        public String find(String name) {
            if (name.length() >= byLength.length) {
                return null;
            }
            for (String known : byLength[name.length()]) {
                if (is(name, known)) {
                    return known;
                }
            }
            return null;
        }
    }
}
