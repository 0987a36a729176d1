package org.bayard.store.lmdb;

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

    int ham(int number) {
        return hams[number];
    }

    int spam(int number) {
        return spams[number];
    }

    void clear() {
        count = 0;
        anyNegative = false;
    }
}
