package org.bayard.core.mail;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the next line break in a byte range, eight bytes at a time: header fields and delimiter
 * lines are found line by line, and a message is mostly lines of some 60 bytes.
 */
final class LineBreaks {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LF_IN_EVERY_BYTE = 0x0A0A0A0A0A0A0A0AL;
    private static final long CR_IN_EVERY_BYTE = 0x0D0D0D0D0D0D0D0DL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private LineBreaks() {}

    /** The index of the first LF in {@code bytes[from, to)}, or -1. */
    static int next(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long zeros = zeroBytes((long) LONGS.get(bytes, i) ^ LF_IN_EVERY_BYTE); // an LF becomes a zero byte
            if (zeros != 0) {
                return i + firstFlagged(zeros);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index of the first CR or LF in {@code bytes[from, to)}, or -1: for unfolding a field,
     * which drops every line break, a lone CR included.
     */
    static int nextCrOrLf(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            long zeros = zeroBytes(word ^ LF_IN_EVERY_BYTE) | zeroBytes(word ^ CR_IN_EVERY_BYTE);
            if (zeros != 0) {
                // the lowest flag of either mask is a true zero of its own, so the lowest of both is too
                return i + firstFlagged(zeros);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The high bit set in each zero byte of {@code x}. A byte above a zero one may be flagged
     * falsely (by the borrow), but the lowest flagged byte is always a true zero.
     */
    private static long zeroBytes(long x) {
        return (x - LOW_BITS) & ~x & HIGH_BITS;
    }

    /** The index in its word of the lowest flagged byte (little-endian: the first in memory). */
    private static int firstFlagged(long flags) {
        return Long.numberOfTrailingZeros(flags) >>> 3;
    }
}
