package org.bayard.core.store;

/**
 * A token's ham and spam counts packed in one {@code long} (ham in the high half, spam in the
 * low half), so batched lookups fill a primitive array and allocate nothing per token.
 */
public final class Counts {
    private Counts() {}

    public static long pack(int ham, int spam) {
        return ((long) ham << 32) | (spam & 0xffffffffL);
    }

    public static int ham(long packed) {
        return (int) (packed >>> 32);
    }

    public static int spam(long packed) {
        return (int) packed;
    }

    /** Adds deltas, never going below zero: unlearning more than was learned clamps at 0. */
    public static long add(long packed, int dHam, int dSpam) {
        return pack(clampedAdd(ham(packed), dHam), clampedAdd(spam(packed), dSpam));
    }

    private static int clampedAdd(int count, int delta) {
        long v = (long) count + delta;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, v));
    }
}
