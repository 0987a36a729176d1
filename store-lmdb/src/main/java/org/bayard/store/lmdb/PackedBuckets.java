package org.bayard.store.lmdb;

/**
 * The second step of {@link AddLog}'s sort by home when its calls' deltas are {@link
 * DeltaClasses#numbered}: each bucket of the first pass (by the top digit of the home,
 * {@link TopBitsRadix}) sorted by the rest of the home and its runs handed on, summed.
 *
 * <p>Packed: the first pass leaves each bucket's top digit implied, which frees that many bits
 * at the bottom for the occurrence's deltas' number, so each occurrence is one long (its home
 * shifted up by the top digit's bits, the number below) instead of a long and its call's int:
 * the first pass writes 256 places at once instead of 512, and this step moves one array.
 */
final class PackedBuckets {
    /*
     * Measured (a synthetic batch of 2,000 messages of 600 distinct tokens, 1.17 million
     * occurrences, 640k runs; AddLog's sort with the runs taken and kept, thread CPU time,
     * medians of the last 15 of 30 rounds; base and new jar in separate JVMs on the shared
     * 2-core machine): about 45 ms down to 31-33. Of those, the first pass packed about 13 ms,
     * the radix passes of the buckets 8, their insertion sorts 2.3 and taking the runs 3-4.
     */
    /*
     * Then (round 17; the corpus's token arrays logged and sorted with their runs taken in
     * batches of 2,000, thread CPU time, the round's start and the new code in two class loaders
     * of one JVM alternating, 12 pairs, every run's tokens and sums compared equal): the sort
     * with its runs 0.755 of its time (0.70 to 0.87; about 9.9 us a message down to 7.5, A/A
     * 1.035), logging 1.34 (about 1.2 us up to 1.6, its top digits counted as it logs: see
     * AddLog.topDigitCounts). Of that, summing runs as packed counts (takeRunsSummingPacked)
     * 0.787 of the sort before it (12 pairs); the runs left as home orders (LogRuns.homes), the
     * buckets not copied back from the scratch, and the first pass by call rather than by
     * occurrence the rest.
     */
    /** Shifts per occurrence past which the insertion sort gives up for a full sort. */
    private static final int INSERTION_SORT_SHIFTS = 8;

    private long[] scratch = new long[0];

    /** Packs {@code home}, of which the top {@code implied} bits are implied, with its deltas' {@code number}. */
    static long pack(long home, int implied, int number) {
        return home << implied | number;
    }

    /**
     * Sorts packed occurrences {@code packed[from..to)}, whose homes' top bits are {@code top},
     * by home, and hands {@code runs} their runs (one per token, in home order), with each run's
     * adds summed into {@code adds} at the run's index.
     */
    void sortIntoRuns(long[] packed, int from, int to, long top, int implied, TopBitsRadix radix,
                      DeltaClasses deltas, LogRuns runs, long[] adds) {
        long[] sorted = packed;
        int sortedFrom = from, sortedTo = to;
        if (sortedByNextBits(packed, from, to, top, implied, radix)) {
            sorted = scratch;
            sortedFrom = 0;
            sortedTo = to - from;
        }
        if (!insertionSort(sorted, sortedFrom, sortedTo, implied, INSERTION_SORT_SHIFTS * (long) (to - from))) {
            sortUnsigned(sorted, sortedFrom, sortedTo);
        }
        takeRuns(sorted, sortedFrom, sortedTo, top, implied, deltas, runs, adds);
    }

    /**
     * Places the bucket into {@link #scratch}, from its start, ordered by the bits of the home
     * below its top digit, in one radix pass (TopBitsRadix's): the scratch, as long as the
     * bucket, stays in cache, and the rest of the sort and the runs are taken there. False, with
     * nothing placed, for a bucket that TopBitsRadix leaves to the insertion sort.
     */
    private boolean sortedByNextBits(long[] packed, int from, int to, long top, int implied, TopBitsRadix radix) {
        int size = to - from;
        if (!radix.startNext(size)) return false;
        for (int i = from; i < to; i++) radix.countNext(packed[i] >>> implied | top);
        radix.startNextPlacing();
        if (scratch.length < size) scratch = new long[size];
        for (int i = from; i < to; i++) scratch[radix.placeNext(packed[i] >>> implied | top)] = packed[i];
        return true;
    }

    /**
     * Sorts by the homes alone, leaving each token's occurrences in any order: they are summed.
     * Sorted by their deltas' numbers too, a token's run took shifts at random: ~11 ms of the
     * synthetic batch instead of ~2.3. False, once more than {@code maxShifts} moves were made.
     */
    private static boolean insertionSort(long[] packed, int from, int to, int implied, long maxShifts) {
        long shifts = 0;
        for (int i = from + 1; i < to; i++) {
            long occurrence = packed[i];
            long home = occurrence >>> implied;
            if (home >= packed[i - 1] >>> implied) continue;
            int k = i;
            do {
                packed[k] = packed[k - 1];
                k--;
            } while (k > from && packed[k - 1] >>> implied > home);
            packed[k] = occurrence;
            shifts += i - k;
            if (shifts > maxShifts) return false;
        }
        return true;
    }

    /** Sorts unsigned, for buckets crowded by crafted tokens: as signed numbers, with their sign bits flipped. */
    private static void sortUnsigned(long[] packed, int from, int to) {
        for (int i = from; i < to; i++) packed[i] ^= Long.MIN_VALUE;
        java.util.Arrays.sort(packed, from, to);
        for (int i = from; i < to; i++) packed[i] ^= Long.MIN_VALUE;
    }

    /**
     * Hands {@code runs} the runs of the sorted bucket, summed into {@code adds}. Without a branch
     * on where a run ends, which falls at random (640k runs in 1.17 million occurrences): each
     * occurrence writes its run's sums so far, and a run's last write stays. With a loop per
     * run, this took ~9 ms of the synthetic batch. The runs keep home orders, not tokens (LogRuns.homes).
     */
    private static void takeRuns(long[] packed, int from, int to, long top, int implied,
                                 DeltaClasses deltas, LogRuns runs, long[] adds) {
        if (deltas.sumsFitPacked(to - from)) {
            takeRunsSummingPacked(packed, from, to, top, implied, deltas, runs, adds);
            return;
        }
        int numberMask = (1 << implied) - 1;
        long[] homes = runs.homesToTake();
        int run = runs.size() - 1;
        long previous = -1; // no home shifted down by the implied bits
        long ham = 0, spam = 0; // longs: deltas under 2^31 each cannot overflow them
        for (int i = from; i < to; i++) {
            long home = packed[i] >>> implied;
            long differs = home ^ previous;
            long newRun = (differs | -differs) >> 63; // -1 at a run's first occurrence, else 0
            int number = (int) packed[i] & numberMask;
            ham = (ham & ~newRun) + deltas.ham(number);
            spam = (spam & ~newRun) + deltas.spam(number);
            run -= (int) newRun;
            previous = home;
            homes[run] = home | top;
            adds[run] = LogRuns.sums(ham, spam);
        }
        runs.tookSummed(run + 1);
    }

    /**
     * {@link #takeRuns} when the deltas' sums fit packed counts ({@link DeltaClasses#sumsFitPacked}):
     * one long add per occurrence, where the sums of ham and spam apart took two loads, two adds,
     * two caps and a pack.
     */
    private static void takeRunsSummingPacked(long[] packed, int from, int to, long top, int implied,
                                              DeltaClasses deltas, LogRuns runs, long[] adds) {
        long[] homes = runs.homesToTake();
        int run = runs.size() - 1;
        long previous = -1; // no home shifted down by the implied bits
        long sums = 0;
        for (int i = from; i < to; i++) {
            long home = packed[i] >>> implied;
            long differs = home ^ previous;
            long newRun = (differs | -differs) >> 63; // -1 at a run's first occurrence, else 0
            sums = (sums & ~newRun) + deltas.packed((int) packed[i] & DeltaClasses.MAX - 1);
            run -= (int) newRun;
            previous = home;
            homes[run] = home | top;
            adds[run] = sums;
        }
        runs.tookSummed(run + 1);
    }
}
