package org.bayard.store.lmdb;

import org.bayard.core.store.Counts;

/**
 * The distinct deltas of an {@link AddLog}'s calls, numbered in the order they come, and whether
 * any was negative. Training has two, a ham's (1, 0) and a spam's (0, 1). Without negative
 * deltas no add clamps at 0, so the adds of a token's occurrences may be summed in any order,
 * and an occurrence needs only its deltas' number, not its call's: {@link PackedBuckets}.
 */
final class DeltaClasses {
    /** Bits of a delta's number: those the first pass of a sort in two steps leaves implied (PackedBuckets). */
    static final int BITS = TopBitsRadix.TWO_STEP_TOP_BITS;
    /** Deltas told apart. */
    static final int MAX = 1 << BITS;

    private final int[] hams = new int[MAX];
    private final int[] spams = new int[MAX];
    /** Per number, its deltas packed as counts are ({@link Counts#pack}), for {@link #sumsFitPacked}. */
    private final long[] packed = new long[MAX];
    /** The largest ham and spam delta numbered. */
    private long maxHam;
    private long maxSpam;
    /** How many distinct deltas came, up to {@link #MAX} + 1 for more. */
    private int count;
    private boolean anyNegative;

    /** The number of {@code dHam, dSpam}, numbering them if new; meaningless once {@link #numbered} is false. */
    int numberOf(int dHam, int dSpam) {
        if (dHam < 0 || dSpam < 0) anyNegative = true;
        for (int c = 0; c < Math.min(count, MAX); c++) {
            if (hams[c] == dHam && spams[c] == dSpam) return c;
        }
        if (count < MAX) {
            hams[count] = dHam;
            spams[count] = dSpam;
            packed[count] = Counts.pack(dHam, dSpam);
            maxHam = Math.max(maxHam, dHam);
            maxSpam = Math.max(maxSpam, dSpam);
            return count++;
        }
        count = MAX + 1;
        return 0;
    }

    /** Whether no delta was negative: then a token's adds may be summed. */
    boolean summable() {
        return !anyNegative;
    }

    /** Whether {@link #summable} and every delta has its number. */
    boolean numbered() {
        return !anyNegative && count <= MAX;
    }

    /**
     * Whether the deltas of up to {@code occurrences} numbered occurrences can be summed as
     * packed counts ({@link #packed}), one long add each: when {@link #numbered} and neither
     * sum can pass Integer.MAX_VALUE, so that no spam sum carries into the ham half and no
     * sum needs the cap of LogRuns.sums. Training's deltas are 1.
     */
    boolean sumsFitPacked(int occurrences) {
        return numbered() && maxHam * occurrences <= Integer.MAX_VALUE && maxSpam * occurrences <= Integer.MAX_VALUE;
    }

    /** The deltas of {@code number} packed as counts: their sum over a run is its sums, when {@link #sumsFitPacked}. */
    long packed(int number) {
        return packed[number];
    }

    int ham(int number) {
        return hams[number];
    }

    int spam(int number) {
        return spams[number];
    }

    void clear() {
        count = 0;
        anyNegative = false;
        maxHam = 0;
        maxSpam = 0;
    }
}
