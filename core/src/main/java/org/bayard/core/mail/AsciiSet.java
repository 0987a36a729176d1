package org.bayard.core.mail;

/**
 * A set of ASCII chars held as a 128-bit mask, for the per-char class tests of header and link
 * scans: one shift and one test, where {@code Character.isLetterOrDigit(c) || ".-_".indexOf(c) >= 0}
 * looks up the Unicode tables and then walks a string. No char of 0x80 or more is a member.
 */
public final class AsciiSet {

    private final long low;
    private final long high;

    private AsciiSet(long low, long high) {
        this.low = low;
        this.high = high;
    }

    /** The ASCII chars of {@code chars}. */
    public static AsciiSet of(String chars) {
        return new AsciiSet(0, 0).with(chars);
    }

    /** The ASCII letters and digits: what {@code Character.isLetterOrDigit} accepts below 0x80. */
    public static AsciiSet lettersAndDigits() {
        return range('a', 'z').union(range('A', 'Z')).union(range('0', '9'));
    }

    /** The printable ASCII chars, space (0x20) to tilde (0x7E), but those of {@code excluded}. */
    public static AsciiSet printableBut(String excluded) {
        return range(' ', '~').without(of(excluded));
    }

    /** This set and the ASCII chars of {@code chars}. */
    public AsciiSet with(String chars) {
        AsciiSet out = this;
        for (int i = 0; i < chars.length(); i++) {
            out = out.union(range(chars.charAt(i), chars.charAt(i)));
        }
        return out;
    }

    public boolean contains(char c) {
        // a long shift uses only the low six bits of its count: c >>> 6 picks the word, c the bit
        return c < 64 ? (low >>> c & 1) != 0 : c < 128 && (high >>> c & 1) != 0;
    }

    private AsciiSet union(AsciiSet other) {
        return new AsciiSet(low | other.low, high | other.high);
    }

    private AsciiSet without(AsciiSet other) {
        return new AsciiSet(low & ~other.low, high & ~other.high);
    }

    private static AsciiSet range(char first, char last) {
        if (last >= 128) {
            throw new IllegalArgumentException("not ASCII: " + last);
        }
        long low = 0;
        long high = 0;
        for (char c = first; c <= last; c++) {
            if (c < 64) {
                low |= 1L << c;
            } else {
                high |= 1L << c;
            }
        }
        return new AsciiSet(low, high);
    }
}
