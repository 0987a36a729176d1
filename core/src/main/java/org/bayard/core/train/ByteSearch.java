package org.bayard.core.train;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds a byte in an array eight bytes at a time: each step loads a long and tests all eight
 * bytes at once ("has a zero byte" after an xor with the byte repeated). A byte-by-byte loop
 * costs a compare, a branch and a bounds check per byte, and finding line ends and CRs that way
 * took about half of {@link ContentDigest#identify}'s time, the SHA-256 included (JFR, hot).
 */
final class ByteSearch {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;

    private ByteSearch() {}

    /** The index of the first {@code target} in {@code a[from, to)}, or -1. */
    static int indexOf(byte[] a, int from, int to, byte target) {
        long pattern = ONES * (target & 0xff);
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long v = (long) LONGS.get(a, i) ^ pattern;
            // The lowest high bit set marks the first zero byte of v exactly; bits above it may be
            // false alarms (a borrow out of that byte), which the lowest one makes moot.
            long zeros = (v - ONES) & ~v & HIGHS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (a[i] == target) {
                return i;
            }
        }
        return -1;
    }
}
