package org.bayard.core.classify;

import java.util.Arrays;

/**
 * {@code Math.log(p)} and {@code Math.log1p(-p)} of the probabilities the classifier sums,
 * remembered from message to message. A model gives all tokens with the same counts one
 * probability, and one message's strong tokens fall on a few dozen of them, mostly the same as
 * the message before's; log1p is no intrinsic but a software routine. A remembered value is
 * the very double the call returned, so the sums do not change by a bit.
 *
 * <p>Direct-mapped: a probability that meets another in its slot replaces it. Not thread-safe.
 */
final class ProbabilityLogs {

    /*
     * Scoring the SpamAssassin corpus against a model of all of it looks up 1,881 distinct
     * probabilities, 81 a message: at 1,024 slots 40% of the look-ups missed (a log and a log1p
     * each), at 4,096 13%, at 16,384 4%, which took 3-4% off scoring (thread CPU time, A/B in one
     * JVM). The three arrays then take 384 KB per classifier, and a message touches few lines.
     */
    private static final int SLOTS = 16384;
    private static final int SHIFT = 64 - Integer.numberOfTrailingZeros(SLOTS);
    /** In no slot's key: these bits are a NaN, and a token probability is a number in (0, 1). */
    private static final long EMPTY = -1L;

    private final long[] keys = new long[SLOTS];
    private final double[] lnP = new double[SLOTS];
    private final double[] lnQ = new double[SLOTS];

    ProbabilityLogs() {
        Arrays.fill(keys, EMPTY);
    }

    /** The slot that holds p's logs from now until the next call. */
    int slot(double p) {
        long bits = Double.doubleToRawLongBits(p);
        int slot = (int) (((bits ^ (bits >>> 32)) * 0x9E37_79B9_7F4A_7C15L) >>> SHIFT);
        if (keys[slot] != bits) {
            keys[slot] = bits;
            lnP[slot] = Math.log(p);
            lnQ[slot] = Math.log1p(-p);
        }
        return slot;
    }

    /** {@code Math.log(p)} of the p in the slot. */
    double lnP(int slot) {
        return lnP[slot];
    }

    /** {@code Math.log1p(-p)} of the p in the slot. */
    double lnQ(int slot) {
        return lnQ[slot];
    }
}
