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
    /**
     * The ranges of the chars that {@link #emitWithParents} and {@link #emitNetworks} emit, in
     * the order emitted: {@code [starts[k], ends[k])}.
     */
    private final int[] starts = new int[MAX_LABELS];
    private final int[] ends = new int[MAX_LABELS];

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
     *
     * <p>{@code prefix} must be one under which a name with a dot is emitted by this method only.
     * Then a host whose feature the message's set holds already needs nothing more (see
     * {@link #emitGroup}): its parents came with it, or it was itself a parent, and its own
     * parents came with it, since a parent of a parent is a parent.
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
                    starts[count] = i + 1;
                    ends[count++] = length;
                }
            }
        }
        if (labels > MAX_LABELS) {
            emitEach(sink, prefix, count); // the whole is no feature, so it cannot stand for its parents
            return;
        }
        starts[count] = 0;
        ends[count++] = length;
        emitGroup(sink, prefix, count);
    }

    /**
     * Emits {@code prefix} followed by the name up to each of its first three dots, then the
     * whole: for a dotted quad, its /8, /16 and /24 networks and the address. As for
     * {@link #emitWithParents}, {@code prefix} must be one under which a name with a dot is
     * emitted by this method only: an address already held stands for its networks.
     */
    void emitNetworks(FeatureSink sink, String prefix) {
        int count = 0;
        for (int i = 0; i < length && count < 3; i++) {
            if (chars[i] == '.') {
                starts[count] = 0;
                ends[count++] = i;
            }
        }
        starts[count] = 0;
        ends[count++] = length;
        emitGroup(sink, prefix, count);
    }

    /**
     * Emits the {@code count} ranges noted, whose last is the whole name, unless the message's
     * set holds that last one already: then it holds them all, as they were emitted together
     * before. A host met again in one message (Received headers name a relay twice, as in
     * {@code from a.example.com (a.example.com [10.1.2.3])}, and the next header's {@code from} is
     * often this one's {@code by}; a To or Cc list names one domain for many addresses) then costs
     * one hash and one look-up instead of a hash and an add per feature.
     */
    private void emitGroup(FeatureSink sink, String prefix, int count) {
        Features set = Features.hashesOnly(sink);
        if (set == null) {
            emitEach(sink, prefix, count);
            return;
        }
        long key = set.prefixKey(prefix);
        int last = count - 1;
        long whole = FeatureHash.of(key, FeatureHash.state(chars, starts[last], ends[last] - starts[last]));
        if (set.holds(whole)) {
            return;
        }
        for (int k = 0; k < last; k++) {
            set.acceptHash(FeatureHash.of(key, FeatureHash.state(chars, starts[k], ends[k] - starts[k])));
        }
        set.acceptHash(whole);
    }

    private void emitEach(FeatureSink sink, String prefix, int count) {
        for (int k = 0; k < count; k++) {
            emit(sink, prefix, starts[k], ends[k]);
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
