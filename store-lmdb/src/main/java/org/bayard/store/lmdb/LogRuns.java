package org.bayard.store.lmdb;

import java.util.Arrays;

/**
 * Runs of one token's occurrences in an {@link AddLog} sorted by home: where each run starts, its
 * token, and counts for that token. The writer's fold gathers here the runs of tokens it does
 * not hold, to look their counts up in one batch. At flush, with nothing held, it takes every
 * run of the log ({@link #addEveryRun}), one per token, and folds each into its token's new
 * counts ({@link #keepChanged}); else it copies the held counts here ({@link #holdAll}). Then
 * the runs hold the counts to write, in home order, the mirror's ({@link #forEach}), and are
 * walked in unsigned token order for the token groups ({@link #forEachInUnsignedOrder}).
 *
 * <p>The writer keeps one from a transaction to the next: arrays as long as the log, and the
 * ordered walk's scratch, not allocated for each batch.
 */
final class LogRuns {
    /** Shifts per token past which {@link #forEachInUnsignedOrder} quicksorts rather than insertion-sorts. */
    private static final int INSERTION_SORT_SHIFTS = 8;

    private int[] starts = new int[0];
    private long[] tokens = new long[0];
    private long[] counts = new long[0];
    private int size;
    /* Scratch of forEachInUnsignedOrder, kept for the next walk. */
    private long[] orderedPairs = new long[0];
    private long[] bucketPairs = new long[0];
    private final TopBitsRadix radix = new TopBitsRadix();

    /** Receives tokens and their counts. */
    @FunctionalInterface
    interface Consumer {
        void accept(long token, long counts);
    }

    void clear() {
        size = 0;
    }

    /**
     * Clears, and frees arrays made longer than {@code runs} (by {@link #holdAll}, in a
     * transaction that held more tokens than the log takes occurrences): kept to the next
     * transaction, they ran a 64 MB heap out of memory while the held table grew.
     */
    void clearWithin(int runs) {
        clear();
        if (tokens.length <= runs) return;
        starts = new int[0];
        tokens = new long[0];
        counts = new long[0];
        orderedPairs = new long[0];
        bucketPairs = new long[0];
    }

    int size() {
        return size;
    }

    /** Makes room for {@code runs} runs: at most one per occurrence of the log, or one per held token. */
    void ensureCapacity(int runs) {
        if (tokens.length >= runs) return;
        starts = Arrays.copyOf(starts, runs);
        tokens = Arrays.copyOf(tokens, runs);
        counts = Arrays.copyOf(counts, runs);
    }

    /** Adds the run of {@code token} that starts at occurrence {@code start}; call {@link #ensureCapacity} first. */
    void add(int start, long token) {
        starts[size] = start;
        tokens[size] = token;
        size++;
    }

    int start(int run) {
        return starts[run];
    }

    long token(int run) {
        return tokens[run];
    }

    long counts(int run) {
        return counts[run];
    }

    /** The runs' tokens, the first {@link #size} of them: for a batch lookup into {@link #counts()}. */
    long[] tokens() {
        return tokens;
    }

    /** Where a batch lookup puts the counts of the runs' tokens before the log. */
    long[] counts() {
        return counts;
    }

    /** Takes every run of {@code log}, which {@link AddLog#sortByHome} leaves one per token. */
    void addEveryRun(AddLog log) {
        clear();
        ensureCapacity(log.size());
        for (int i = 0; i < log.size(); i = log.runEnd(i)) add(i, log.token(i));
    }

    /**
     * After the runs were added and each token's counts looked up into {@link #counts()}:
     * applies each run's adds to its token's counts and keeps only the tokens whose counts that
     * changed, with their new counts. A clamped add may change nothing, and an unchanged token
     * must not be written, held, nor make the commit look like it wrote something.
     */
    void keepChanged(AddLog log) {
        int kept = 0;
        for (int run = 0; run < size; run++) {
            long old = counts[run];
            long updated = log.addRun(starts[run], old);
            if (updated == old) continue;
            tokens[kept] = tokens[run];
            counts[kept] = updated;
            kept++;
        }
        size = kept;
    }

    /** Takes every token that {@code pending} holds, with its counts, in the order of {@link PendingCounts#copyTo}. */
    void holdAll(PendingCounts pending) {
        clear();
        ensureCapacity(pending.size());
        pending.copyTo(tokens, counts);
        size = pending.size();
    }

    /** Hands every token and its counts to {@code consumer} in the order they are held: home order. */
    void forEach(Consumer consumer) {
        for (int run = 0; run < size; run++) consumer.accept(tokens[run], counts[run]);
    }

    /*
     * This walk was PendingCounts' before the writer's held counts came here. Sorting by bucket
     * replaced fastutil's LongArrays.radixSort of the (token, counts) pairs,
     * ~17% of the writer's Java samples: measured on 150k random pairs (thread CPU time),
     * 9.6-9.8 ms down to 2.7-3.0 ms; on 60k, 23-26 ms down to 2.0-2.5 ms. With the batched
     * lookups of LmdbWriteView.addCounts, the writer thread's CPU time training the corpus went
     * from 284 to 222 us per message (old and new jar in turn, twice, rounds 2-4 of each).
     * Then (150k random tokens, thread CPU time of the walk, 15 walks per JVM, -Xmx1g, three
     * alternating runs each on a loaded machine): 16 fixed bucket bits, the pairs in two arrays
     * allocated per walk, each bucket sorted by fastutil's quickSort (a selection sort at that
     * size), 34-70 ns per token (median 47); the pairs interleaved in kept arrays, about as many
     * buckets as tokens and one insertion sort over the whole walk, 26-48 ns (median 32). The
     * new walk with arrays allocated per walk was no faster than the old: zeroing and placing
     * MBs of fresh arrays cost 10-20 ns per token. An insertion sort per bucket alone, with the
     * rest as before, had shown no gain either. Then the sort by top bits became TopBitsRadix's,
     * shared with AddLog (measured there): at 2^17 tokens and more, 256 buckets each sorted by
     * its next bits and handed on while in cache, instead of up to 2^18 buckets at once.
     */
    /**
     * Hands every held token to {@code consumer} in unsigned token order (the order of LMDB's
     * integer keys). The pairs are sorted by the top bits of their tokens ({@link TopBitsRadix}),
     * then the few out of order are put right by an insertion sort: tokens are hashes, so that
     * costs about one pass over the tokens rather than a comparison sort's log n. Tokens that
     * share their top bits (not hashes) would make the insertion sort quadratic: past
     * {@link #INSERTION_SORT_SHIFTS} shifts per token, the pairs are quicksorted instead.
     */
    void forEachInUnsignedOrder(Consumer consumer) {
        if (orderedPairs.length < 2 * size) orderedPairs = new long[2 * size];
        long[] pairs = orderedPairs;
        placeByTopDigit(pairs);
        if (!radix.bucketsToSort()) {
            finish(pairs, 0, size, consumer);
            return;
        }
        for (int bucket = 0; bucket < radix.topBuckets(); bucket++) {
            int from = radix.bucketStart(bucket), to = radix.bucketEnd(bucket);
            sortBucketByNextBits(pairs, from, to);
            finish(pairs, from, to, consumer);
        }
    }

    /**
     * Sorts pairs {@code from..to}, nearly in order and after those before, and hands them on
     * at once, while they are in cache.
     */
    private static void finish(long[] pairs, int from, int to, Consumer consumer) {
        if (!insertionSort(pairs, from, to, INSERTION_SORT_SHIFTS * (long) (to - from))) quickSort(pairs, from, to);
        for (int i = from; i < to; i++) consumer.accept(pairs[2 * i] ^ Long.MIN_VALUE, pairs[2 * i + 1]);
    }

    /**
     * The (token, counts) pairs, interleaved (one cache line per pair placed, not two), in
     * order of the top digit of their tokens; each token with its top bit flipped, so that
     * signed order is unsigned order (the digits below the top one are the token's own).
     */
    private void placeByTopDigit(long[] pairs) {
        radix.startTop(size);
        for (int k = 0; k < size; k++) radix.countTop(tokens[k]);
        radix.startPlacing();
        for (int k = 0; k < size; k++) {
            int at = 2 * radix.placeTop(tokens[k]);
            pairs[at] = tokens[k] ^ Long.MIN_VALUE;
            pairs[at + 1] = counts[k];
        }
    }

    /** Sorts pairs {@code from..to}, which share their top digit, by their next bits, through a scratch as long as the bucket. */
    private void sortBucketByNextBits(long[] pairs, int from, int to) {
        if (!radix.startInner(to - from)) return;
        for (int i = from; i < to; i++) radix.countInner(pairs[2 * i]);
        radix.startInnerPlacing();
        if (bucketPairs.length < 2 * (to - from)) bucketPairs = new long[2 * (to - from)];
        long[] scratch = bucketPairs;
        for (int i = from; i < to; i++) {
            int at = 2 * radix.placeLow(pairs[2 * i]);
            scratch[at] = pairs[2 * i];
            scratch[at + 1] = pairs[2 * i + 1];
        }
        for (int i = 0; i < to - from; i++) {
            int at = 2 * (from + radix.placeHigh(scratch[2 * i]));
            pairs[at] = scratch[2 * i];
            pairs[at + 1] = scratch[2 * i + 1];
        }
    }

    /**
     * Sorts pairs {@code from..to} by their (distinct) first element, moving each only past
     * greater ones: few shifts when they are nearly sorted. False once more than
     * {@code maxShifts} moves were made.
     */
    private static boolean insertionSort(long[] pairs, int from, int to, long maxShifts) {
        long shifts = 0;
        for (int i = from + 1; i < to; i++) {
            long key = pairs[2 * i];
            if (key > pairs[2 * i - 2]) continue;
            long value = pairs[2 * i + 1];
            int k = i;
            do {
                pairs[2 * k] = pairs[2 * k - 2];
                pairs[2 * k + 1] = pairs[2 * k - 1];
                k--;
            } while (k > from && pairs[2 * k - 2] > key);
            pairs[2 * k] = key;
            pairs[2 * k + 1] = value;
            shifts += i - k;
            if (shifts > maxShifts) return false;
        }
        return true;
    }

    /** Sorts pairs {@code from..to} by their first element, in n log n whatever their order. */
    private static void quickSort(long[] pairs, int from, int to) {
        it.unimi.dsi.fastutil.Arrays.quickSort(from, to, (a, b) -> Long.compare(pairs[2 * a], pairs[2 * b]), (a, b) -> {
            long key = pairs[2 * a], value = pairs[2 * a + 1];
            pairs[2 * a] = pairs[2 * b];
            pairs[2 * a + 1] = pairs[2 * b + 1];
            pairs[2 * b] = key;
            pairs[2 * b + 1] = value;
        });
    }
}
