package org.bayard.core.token;

import org.bayard.core.mail.HeaderNames;

/**
 * One host name at a time, normalised as {@link Domains#normalise} does (lower case, no
 * trailing dot, bounded) into a reused buffer, so that the name and each of its parent
 * domains become features without a string apiece.
 *
 * <p>Host names are nearly always ASCII and short, and those are copied into the buffer in
 * bulk and normalised there: reading them char by char through {@code charAt}, to test and
 * then to copy them, took over three times as long (a loop over typical names). Any other
 * name goes through {@link Domains#normalise} itself: {@code String.toLowerCase} may change
 * the length of non-ASCII text ("İ" becomes two chars) and lower-cases some letters by their
 * context (a final sigma), which a char-by-char copy would get wrong.
 */
final class HostName {

    /** More labels than this is a generated name; its top labels are what generalise. */
    private static final int MAX_LABELS = 8;

    private final char[] chars = new char[Domains.MAX_HOST_CHARS];
    private int length;
    /** Where each feature {@link #emitWithParents} emits starts, in the order emitted: a parent per label and the whole. */
    private final int[] starts = new int[MAX_LABELS];
    /** Where each feature {@link #emitNetworks} emits ends. */
    private final int[] ends = new int[4];

    /** Holds {@code Domains.normalise(text.substring(start, end))} from now on. */
    HostName set(String text, int start, int end) {
        int rawLength = end - start;
        if (rawLength <= chars.length) {
            text.getChars(start, end, chars, 0);
            if (isAscii(chars, rawLength)) {
                normaliseAscii(rawLength);
                return this;
            }
        }
        // not ASCII, or too long to copy whole (then cut after the strip): both rare
        String normal = Domains.normalise(text.substring(start, end));
        length = normal.length();
        normal.getChars(0, length, chars, 0);
        return this;
    }

    /**
     * The same as {@link #set} for a name whose chars are all {@link Domains#HOST_CHARS}, as the
     * header scans find them: ASCII without whitespace, so only the trailing dots and the bound
     * are left to take off before the name is copied in bulk and lower-cased where it lies.
     */
    HostName setHostChars(String text, int start, int end) {
        while (end > start && text.charAt(end - 1) == '.') {
            end--;
        }
        length = Math.min(end - start, chars.length);
        text.getChars(start, start + length, chars, 0);
        HeaderNames.toLowerAscii(chars, 0, length);
        return this;
    }

    int length() {
        return length;
    }

    char charAt(int index) {
        return chars[index];
    }

    /** Copies the name into {@code out} from {@code offset}, where there is room for {@link Domains#MAX_HOST_CHARS}. */
    void copyTo(char[] out, int offset) {
        System.arraycopy(chars, 0, out, offset, length);
    }

    /** Emits {@code prefix} followed by the chars from {@code from} to {@code to}. */
    void emit(FeatureSink sink, String prefix, int from, int to) {
        sink.accept(prefix, chars, from, to - from);
    }

    /**
     * Emits {@code prefix + host} and {@code prefix + parent} for each parent with two or more
     * labels: the parents first, shortest first, then the host.
     */
    void emitWithParents(FeatureSink sink, String prefix) {
        if (length == 0) {
            return;
        }
        int count = 0;
        int labels = 0;
        for (int i = length - 1; i >= 0; i--) {
            if (chars[i] == '.') {
                labels++;
                if (labels >= 2 && labels <= MAX_LABELS) {
                    starts[count++] = i + 1;
                }
            }
        }
        if (labels <= MAX_LABELS) {
            starts[count++] = 0;
        }
        for (int k = 0; k < count; k++) {
            emit(sink, prefix, starts[k], length);
        }
    }

    /**
     * Emits {@code prefix} followed by the name up to each of its first three dots, then the
     * whole: for a dotted quad, its /8, /16 and /24 networks and the address.
     */
    void emitNetworks(FeatureSink sink, String prefix) {
        int count = 0;
        for (int i = 0; i < length && count < 3; i++) {
            if (chars[i] == '.') {
                ends[count++] = i;
            }
        }
        ends[count++] = length;
        for (int k = 0; k < count; k++) {
            emit(sink, prefix, 0, ends[k]);
        }
    }

    /** Normalises the ASCII name in {@code chars[0, rawLength)} where it lies, as {@link Domains#normalise} does. */
    private void normaliseAscii(int rawLength) {
        int start = 0;
        int end = rawLength;
        while (start < end && Character.isWhitespace(chars[start])) {
            start++;
        }
        while (end > start && Character.isWhitespace(chars[end - 1])) {
            end--;
        }
        while (end > start && chars[end - 1] == '.') {
            end--; // after the strip, as in Domains.normalise: the space in "a.com ." stays
        }
        length = end - start;
        System.arraycopy(chars, start, chars, 0, length);
        HeaderNames.toLowerAscii(chars, 0, length);
    }

    private static boolean isAscii(char[] chars, int length) {
        int bits = 0;
        for (int i = 0; i < length; i++) {
            bits |= chars[i]; // no branch per char: the loop may run on vectors
        }
        return bits < 0x80;
    }
}
