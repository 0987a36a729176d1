package org.bayard.core.mail;

import java.util.Arrays;

/**
 * Where the CR and LF bytes of one raw header field are, and whether any of its bytes is beyond
 * ASCII. {@link FieldSplitter} must find every LF to cut the header into fields; noting the CRs
 * and the high bytes in that same pass lets {@link HeaderFieldReader} unfold an ASCII field
 * without reading its bytes a second time.
 *
 * <p>Once a byte beyond ASCII is seen, the rest of its line is searched for its LF only: such a
 * field is decoded as a whole line, which does not use the breaks, and a line of 8-bit text
 * would otherwise stop the search at every byte.
 */
final class FieldBreaks {

    private int[] at = new int[8];
    private int count;
    private boolean nonAscii;
    private boolean lineNonAscii;

    void clear() {
        count = 0;
        nonAscii = false;
    }

    /** The breaks and high bytes of {@code bytes[from, to)} alone, found as {@link FieldSplitter} finds them. */
    FieldBreaks scan(byte[] bytes, int from, int to) {
        clear();
        for (int i = from; i < to; ) {
            int lf = scanLine(bytes, i, to);
            nonAscii |= lineNonAscii;
            i = lf < 0 ? to : lf + 1;
        }
        return this;
    }

    /**
     * Notes the breaks of the line from {@code from} up to and including its LF, and whether it
     * has a byte beyond ASCII ({@link #lineNonAscii()}, for the caller to add to the field's with
     * {@link #addLineNonAscii()} once it knows the line is the field's); returns the LF's index,
     * or -1 when {@code bytes[from, to)} has none.
     */
    int scanLine(byte[] bytes, int from, int to) {
        lineNonAscii = false;
        for (int i = from; ; ) {
            int mark = ByteSearch.firstLineBreakOrNonAscii(bytes, i, to);
            if (mark == to) {
                return -1;
            }
            byte b = bytes[mark];
            if (b < 0) {
                lineNonAscii = true;
                return ByteSearch.indexOf(bytes, mark + 1, to, (byte) '\n');
            }
            add(mark);
            if (b == '\n') {
                return mark;
            }
            i = mark + 1;
        }
    }

    /** Whether the line {@link #scanLine} read last has a byte beyond ASCII. */
    boolean lineNonAscii() {
        return lineNonAscii;
    }

    /** Counts the line {@link #scanLine} read last as the field's in {@link #nonAscii()}. */
    void addLineNonAscii() {
        nonAscii |= lineNonAscii;
    }

    /**
     * Keeps only the breaks noted from {@code from} (an earlier {@link #count()}) on, moved to the
     * front: those of a line read ahead that starts the next field, whose own high bytes are
     * {@code keptNonAscii}.
     */
    void keepFrom(int from, boolean keptNonAscii) {
        System.arraycopy(at, from, at, 0, count - from);
        count -= from;
        nonAscii = keptNonAscii;
    }

    int count() {
        return count;
    }

    /** The index in the message of break {@code k}, in increasing order. */
    int at(int k) {
        return at[k];
    }

    /** Whether a byte of the field is beyond ASCII. */
    boolean nonAscii() {
        return nonAscii;
    }

    private void add(int index) {
        if (count == at.length) {
            at = Arrays.copyOf(at, 2 * count);
        }
        at[count++] = index;
    }
}
