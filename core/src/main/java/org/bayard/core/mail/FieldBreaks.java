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
 *
 * <p>Lines are noted one at a time ({@link #scanLine}); only the splitter knows, after reading a
 * line, whether it continues the field ({@link #addLine}) or starts the next ({@link #keepLastLine}).
 */
final class FieldBreaks {

    /**
     * The most breaks noted: more is a hostile field, whose reader then looks for them itself
     * within its byte budget, so the splitter's list stays small whatever the message.
     */
    private final int maxBreaks;
    private int[] at = new int[8];
    private int count;
    private boolean nonAscii;
    private boolean overflowed;
    private boolean lineNonAscii;
    private boolean lineOverflowed;

    /** @param maxBreaks the most breaks noted; past it a field's list is {@link #overflowed()} */
    FieldBreaks(int maxBreaks) {
        this.maxBreaks = maxBreaks;
    }

    /** Starts a field with no line noted. */
    void clear() {
        count = 0;
        nonAscii = false;
        overflowed = false;
    }

    /** The breaks and high bytes of {@code bytes[from, to)} alone, as {@link FieldSplitter} notes them line by line. */
    FieldBreaks scan(byte[] bytes, int from, int to) {
        clear();
        for (int i = from; i < to; ) {
            int lf = scanLine(bytes, i, to);
            addLine();
            i = lf < 0 ? to : lf + 1;
        }
        return this;
    }

    /**
     * Notes the breaks of the line from {@code from} up to and including its LF, and whether it
     * has a byte beyond ASCII; returns the LF's index, or -1 when {@code bytes[from, to)} has none.
     * Then either {@link #addLine} or {@link #keepLastLine} says whose line it was.
     */
    int scanLine(byte[] bytes, int from, int to) {
        lineNonAscii = false;
        lineOverflowed = false;
        for (int i = from; ; ) {
            // stops at CR, LF, a high byte, and the rarer controls below CR (tabs that fold lines)
            int mark = ByteSearch.firstBelowOrNonAscii(bytes, i, to, '\r' + 1);
            if (mark == to) {
                return -1;
            }
            byte b = bytes[mark];
            if (b < 0) {
                lineNonAscii = true;
                return ByteSearch.indexOf(bytes, mark + 1, to, (byte) '\n');
            }
            if (b == '\n') {
                add(mark);
                return mark;
            }
            if (b == '\r') {
                add(mark);
            }
            i = mark + 1;
        }
    }

    /** The line {@link #scanLine} read last belongs to the field. */
    void addLine() {
        nonAscii |= lineNonAscii;
        overflowed |= lineOverflowed;
    }

    /**
     * The line {@link #scanLine} read last starts the next field: keeps only its breaks, those
     * noted from {@code from} (the {@link #count()} before it) on, moved to the front.
     */
    void keepLastLine(int from) {
        System.arraycopy(at, from, at, 0, count - from);
        count -= from;
        nonAscii = lineNonAscii;
        overflowed = lineOverflowed; // a break dropped from the list was dropped while its line was read
    }

    /** Whether some of the field's breaks were not noted, past the most: the list is then not to be used. */
    boolean overflowed() {
        return overflowed;
    }

    /** Whether a byte of the field is beyond ASCII. */
    boolean nonAscii() {
        return nonAscii;
    }

    int count() {
        return count;
    }

    /** The index in the message of break {@code k}, in increasing order. */
    int at(int k) {
        return at[k];
    }

    private void add(int index) {
        if (count == maxBreaks) {
            lineOverflowed = true;
            return;
        }
        if (count == at.length) {
            at = Arrays.copyOf(at, 2 * count);
        }
        at[count++] = index;
    }
}
