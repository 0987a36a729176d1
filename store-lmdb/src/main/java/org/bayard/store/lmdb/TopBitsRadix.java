package org.bayard.store.lmdb;

import java.util.Arrays;

/**
 * The bucket arithmetic of a stable radix sort by the top bits of unsigned 64-bit keys, for
 * {@link AddLog}'s sort by home, which moves its own arrays along: it keeps its own placing
 * loops and asks this where each key goes. The keys are mixed hashes, whose top bits
 * are evenly spread: sorted by enough top bits to give each key a bucket or more (20 to 23 for a
 * million keys), the few distinct keys still out of order are left to an insertion sort.
 *
 * <p>First a counting sort of all keys by their top digit ({@link #startTop}). Below
 * 2^{@value #MAX_ONE_PASS_BITS} keys, about one bucket per key, which sorts nearly all in one
 * pass whose writes stay in cache. Larger arrays are sorted in two steps, so that no pass writes
 * to more than a few hundred places at once (a pass that does misses the cache and TLB at nearly
 * every write): the top {@value #TWO_STEP_TOP_BITS} bits, the only pass whose writes spread over the
 * whole array; then each bucket of that pass, small enough to stay in cache, by one pass of its
 * next bits ({@link #startNext}), which leaves the few keys sharing a value of those bits to the
 * insertion sort.
 */
final class TopBitsRadix {
    /*
     * (LogRuns sorted the writer's changed counts into token order this way too, until the token
     * groups went by home order with format 3: see TokenGroups.)
     * Before, AddLog and LogRuns each sorted in one pass by up to 16 and 18 top bits: 65,536 and
     * 262,144 places written at once, nearly every write a cache and TLB miss in arrays of MBs,
     * then one insertion sort with several shifts per key; together ~70% of the writer thread's
     * Java samples at batches of 2,000. Measured (the corpus logged in batches, each sort timed
     * alone by thread CPU time, old and new jar alternating in one JVM, medians of 7 pairs on a
     * loaded 2-core machine): AddLog.sortByHome at batches of 2,000 (1.24 million occurrences)
     * about 57 ms per batch down to 25 (ratio 0.435), LogRuns.forEachInUnsignedOrder (~560k
     * tokens) 28 ms down to 10.5 (0.437); at batches of 1,000 0.67 and 0.44; of 500 0.76 and
     * 0.82; of 200, where the log just fits one pass of 17 bits, 1.01 and 0.91; of 37 0.89 and
     * 0.79. Below 2^17 keys two steps were slower than one pass (batches of 37: 1.8 and 1.5;
     * of 200, one pass of 17 bits against two steps: 0.95 and 0.77); from 2^17 keys one pass of
     * 18 bits was slower than two steps (AddLog at batches of 300: 1.28). Finishing each bucket
     * of the two steps (insertion sort, tokens put back or handed on) while it is in cache
     * rather than after all buckets: 0.70 and 0.88; AddLog's buckets sorted through a scratch of
     * their size rather than the log's own scratch, which was fetched from memory to be
     * written: 0.83. A least-significant-digit sort of the whole array in three passes of 8
     * bits cost AddLog about as much as two steps before those, and LogRuns would have needed
     * a second scratch the size of the array; 128 or 512 buckets were no faster than 256.
     * The writer thread as a whole (CPU time, the corpus in batches of 2,000 into a fresh store
     * per pass, -Xmx512m, old and new jar alternating in one JVM, 9 pairs): median pair ratio
     * 0.756, and 1.306 with the jars in the other order (A/A 0.955); about 100 us per message
     * down to 75.
     */
    /** Most bits of a first pass that sorts nearly all: 2^17 counters, 512 KB. */
    private static final int MAX_ONE_PASS_BITS = 17;
    /** Bits of a first pass that leaves each bucket to sort by its next bits: 256 buckets. */
    static final int TWO_STEP_TOP_BITS = 8;
    /**
     * Most bits of a bucket's one pass ({@link #startNext}): 8,192 counters, 32 KB, about two
     * values per key in a bucket of a batch of 2,000 of the corpus's messages (4,700 keys).
     */
    private static final int MAX_NEXT_BITS = 13;
    /** Buckets smaller than this are left to the insertion sort: a shift or two cost less than a pass. */
    private static final int MIN_NEXT_SIZE = 4;
    /**
     * Buckets more than this many times their share of the keys are left to the insertion sort
     * and its guard against crowded buckets: mixed hashes never crowd a bucket so much, crafted
     * keys could, and sorting them would take scratch as large as the whole array.
     */
    private static final int CROWDED = 4;

    /** Per top bucket: where its next key goes, then (once placed) where it ends. */
    private int[] topCursors = new int[0];
    private final int[] nextCursors = new int[1 << MAX_NEXT_BITS];
    private int nextBits;
    private int topBits;
    private boolean twoSteps;
    private int keys;

    /** Starts the first pass over {@code keys} keys: {@link #countTop} each, then {@link #startPlacing}. */
    void startTop(int keys) {
        this.keys = keys;
        int keyBits = Integer.SIZE - Integer.numberOfLeadingZeros(keys);
        twoSteps = keyBits > MAX_ONE_PASS_BITS;
        topBits = twoSteps ? TWO_STEP_TOP_BITS : Math.max(keyBits, 1);
        if (topCursors.length < topBuckets()) topCursors = new int[topBuckets()];
        Arrays.fill(topCursors, 0, topBuckets(), 0);
    }

    /**
     * {@link #startTop}, and when the keys are sorted in two steps, takes the first pass's
     * counts from {@code topDigitCounts}, the keys counted by their top
     * {@link #TWO_STEP_TOP_BITS} bits, and returns true: {@link #startPlacing} follows, with no
     * {@link #countTop}. False when the keys are sorted in one pass: count them.
     */
    boolean startTopCounted(int keys, int[] topDigitCounts) {
        startTop(keys);
        if (!twoSteps) return false;
        System.arraycopy(topDigitCounts, 0, topCursors, 0, topBuckets());
        return true;
    }

    /**
     * Whether the first pass left buckets to sort by their next bits ({@link #startNext}); if
     * not, it sorted nearly all, and its buckets hold a key or two each.
     */
    boolean bucketsToSort() {
        return twoSteps;
    }

    /** Bits of the first pass's digit: {@link #TWO_STEP_TOP_BITS} when {@link #bucketsToSort}. */
    int topBits() {
        return topBits;
    }

    int topBuckets() {
        return 1 << topBits;
    }

    void countTop(long key) {
        topCursors[topDigit(key)]++;
    }

    /** After counting: {@link #placeTop} then gives each key its place, in the order they come. */
    void startPlacing() {
        toStarts(topCursors, topBuckets());
    }

    /** The place of {@code key} in the first pass's order; the same key twice gets two places. */
    int placeTop(long key) {
        return topCursors[topDigit(key)]++;
    }

    /** Where bucket {@code bucket} of the first pass starts, once every key was placed. */
    int bucketStart(int bucket) {
        return bucket == 0 ? 0 : topCursors[bucket - 1];
    }

    /** Where bucket {@code bucket} of the first pass ends, once every key was placed. */
    int bucketEnd(int bucket) {
        return topCursors[bucket];
    }

    /**
     * Whether a bucket of {@code size} keys is to be sorted by one pass of its next bits; if so,
     * starts it: {@link #countNext} each of its keys, then {@link #startNextPlacing}, then
     * {@link #placeNext} each. As many bits as the size has, up to {@link #MAX_NEXT_BITS}: one to
     * two values per key, few keys left to the insertion sort. Crowded buckets are left to it (and
     * its guard against crafted keys) whole: see {@link #CROWDED}.
     *
     * <p>Why one pass per bucket, where there were two (by the low then the high half of 4 to 8
     * values per key: 15 bits for a bucket of 4,700): the bucket is scattered once into its
     * scratch and copied back in one block, and the few keys that share a value of its bits are
     * then put right by the insertion sort. Measured (the corpus in batches of 2,000, thread CPU
     * time, the two ways alternating in separate JVMs on a machine loaded to 12 on its 2 cores):
     * the packed buckets' step of the writer's sort (PackedBuckets) about 19 ms a batch down to
     * 15; AddLog.sortByHome, unpacked, 0.95 to 0.96 of its time (three pairs).
     */
    boolean startNext(int size) {
        if (size < MIN_NEXT_SIZE || size > (long) CROWDED * keys / topBuckets() + MIN_NEXT_SIZE) return false;
        nextBits = Math.min(Integer.SIZE - Integer.numberOfLeadingZeros(size), MAX_NEXT_BITS);
        Arrays.fill(nextCursors, 0, 1 << nextBits, 0);
        return true;
    }

    void countNext(long key) {
        nextCursors[nextDigit(key)]++;
    }

    void startNextPlacing() {
        toStarts(nextCursors, 1 << nextBits);
    }

    /** The place of {@code key} in the bucket ordered by its next bits, counted from the bucket's start. */
    int placeNext(long key) {
        return nextCursors[nextDigit(key)]++;
    }

    private int nextDigit(long key) {
        return (int) ((key << topBits) >>> -nextBits);
    }

    private int topDigit(long key) {
        return (int) (key >>> -topBits);
    }

    /** Turns the counts {@code counts[0..n)} into where each digit's keys start. */
    private static void toStarts(int[] counts, int n) {
        int start = 0;
        for (int digit = 0; digit < n; digit++) {
            int count = counts[digit];
            counts[digit] = start;
            start += count;
        }
    }
}
