package org.bayard.store.lmdb;

import java.util.Arrays;
import org.bayard.core.store.Counts;

/**
 * The token occurrences of a write transaction's {@code addCounts} calls, in call order, that
 * the held counts do not include yet. Why: applying each call as it comes touches the held
 * table at ~600 random places per message, each a likely cache miss in a table of MBs. Logged,
 * then sorted by home ({@link #sortByHome}), a batch of calls is applied in one walk front to
 * back through it, and looked up in one walk through the mirror.
 *
 * <p>Each occurrence keeps its call's index rather than the deltas, kept once per call, and its
 * token as its {@link LinearProbing#homeOrder}, the sort's key, mixed once as it is logged: the
 * token is needed back only once per run ({@link #token}). Holds at most {@code capacity}
 * occurrences: the caller applies and {@link #clear}s it when it is full.
 */
final class AddLog {
    /** Shifts per occurrence past which {@link #sortByHome} gives up its insertion sort. */
    private static final int INSERTION_SORT_SHIFTS = 8;

    private final int capacity;
    /** The occurrences' tokens as their home orders. */
    private long[] homes = new long[0];
    /**
     * Per occurrence its call, filled from {@link #callStarts} only for a sort that moves them
     * along ({@link #fillCalls}): the packed sort, training's, takes each call's deltas' number
     * by call instead, and logging writes no int per occurrence.
     */
    private int[] calls = new int[0];
    /** Occurrences whose call {@link #calls} holds, in logged order. */
    private int callsFilled;
    private int size;
    private int[] callHams = new int[16];
    private int[] callSpams = new int[16];
    private int callCount;
    /** The calls' distinct deltas, and per call the number of its own among them. */
    private final DeltaClasses deltas = new DeltaClasses();
    private int[] callNumbers = new int[16];
    /** Per call, its first occurrence: the packed sort takes each call's number once, not each occurrence's call. */
    private int[] callStarts = new int[16];
    /**
     * The occurrences per value of the top {@link TopBitsRadix#TWO_STEP_TOP_BITS} bits of their
     * homes, counted as they are logged: a log large enough to be sorted in two steps needs no
     * counting pass of its own over the whole log, which read it back from memory (10 MB at a
     * batch of 2,000). Measured (the corpus's token arrays logged and sorted with their runs
     * taken in batches of 2,000, thread CPU time, the two ways in two class loaders of one JVM
     * alternating, 12 pairs): without these counts logging took 0.71 of the time and the sort
     * 1.19 of it, about 0.45 us a message more to log and 1.4 less to sort.
     */
    private final int[] topDigitCounts = new int[1 << TopBitsRadix.TWO_STEP_TOP_BITS];
    /* Scratch of sortByHome, kept for the next sort. */
    private long[] sortedHomes = new long[0];
    private int[] sortedCalls = new int[0];
    private long[] bucketHomes = new long[0];
    private int[] bucketCalls = new int[0];
    private final TopBitsRadix radix = new TopBitsRadix();
    private final PackedBuckets packedBuckets = new PackedBuckets();

    AddLog(int capacity) {
        this.capacity = capacity;
    }

    int size() {
        return size;
    }

    /** The most occurrences it takes. */
    int capacity() {
        return capacity;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Logs {@code tokens[from..from+count)} with the deltas of one call, as many as fit;
     * returns how many did.
     */
    int append(long[] tokens, int from, int count, int dHam, int dSpam) {
        int n = Math.min(count, capacity - size);
        if (n == 0) return 0;
        if (size + n > homes.length) {
            int length = (int) Math.min(capacity, Math.max(size + n, 2L * homes.length));
            homes = Arrays.copyOf(homes, length);
            this.calls = Arrays.copyOf(this.calls, length);
        }
        if (callCount == callHams.length) {
            callHams = Arrays.copyOf(callHams, 2 * callCount);
            callSpams = Arrays.copyOf(callSpams, 2 * callCount);
            callNumbers = Arrays.copyOf(callNumbers, 2 * callCount);
            callStarts = Arrays.copyOf(callStarts, 2 * callCount);
        }
        callHams[callCount] = dHam;
        callSpams[callCount] = dSpam;
        callNumbers[callCount] = deltas.numberOf(dHam, dSpam);
        callStarts[callCount] = size;
        // Mixed here, once: the sort used to mix every occurrence in place and unmix it again once
        // sorted, where token() now unmixes once per run (a batch of 2,000 of the corpus's
        // messages: 1.2 million occurrences, 550k runs). Measured (the corpus in batches of 2,000,
        // old and new jar alternating in one JVM, a machine loaded to 3-8 on its 2 cores), median
        // pair ratios new/old, then old/new with the jars in the other order: logging, sorting and
        // taking the runs 0.937 and 0.996 (31 pairs each, A/A 1.09); the writer's Java work at
        // flush but for LMDB 1.004 and 0.950 (A/A 0.934); the writer thread 0.935 and 1.088 (11
        // pairs, A/A 1.014). A pass fewer over the log, worth a few percent at most: within the noise.
        int[] counts = topDigitCounts;
        for (int i = 0; i < n; i++) {
            long home = LinearProbing.homeOrder(tokens[from + i]);
            homes[size + i] = home;
            counts[(int) (home >>> -TopBitsRadix.TWO_STEP_TOP_BITS)]++;
        }
        callCount++;
        size += n;
        return n;
    }

    long token(int i) {
        return LinearProbing.tokenOf(homes[i]);
    }

    int dHam(int i) {
        fillCalls();
        return callHams[calls[i]];
    }

    int dSpam(int i) {
        fillCalls();
        return callSpams[calls[i]];
    }

    /**
     * Orders the occurrences by {@link LinearProbing#homeOrder}, unsigned, so that visiting them
     * in order visits their homes in ascending order in every table, and each token's occurrences
     * form one run. Stable: the occurrences of one token stay in call order, which matters
     * because adds clamp at 0 and so do not commute.
     * <p>A radix sort by the top bits of the home order ({@link TopBitsRadix}): the top digit over
     * the whole log; then, in a large log, each of its buckets while it is in cache, by its next
     * bits, then by an insertion sort, which has little left to do, since home orders are mixed
     * hashes (in a small log, one insertion sort over the whole). Tokens crafted to share the top
     * bits of their home order, in many calls, could make that quadratic: past
     * {@link #INSERTION_SORT_SHIFTS} shifts per occurrence, a stable merge sort finishes instead.
     */
    void sortByHome() {
        sort(null);
    }

    /**
     * {@link #sortByHome}, and {@code runs} take every run of the sorted log, one per token: each
     * bucket's runs as soon as it is sorted, while it is in cache. When no call had a negative
     * delta, each run's adds come summed ({@link LogRuns#addSummed}): no add clamps at 0 then,
     * so their order does not matter, and {@link LogRuns#keepChanged} need not walk the log again.
     * Then a log large enough to be sorted in two steps is sorted packed ({@link PackedBuckets}),
     * and left so: good only to be {@link #clear}ed.
     */
    void sortByHomeInto(LogRuns runs) {
        sort(runs);
    }

    /*
     * Runs taken per bucket as it sorts, summed, and packed (PackedBuckets), against the sort
     * followed by two walks over the whole log (runs found, then each run's calls added): a
     * synthetic batch of 2,000 messages of 600 distinct tokens (1.17 million occurrences, 640k
     * runs), logged, sorted, its runs taken and kept, thread CPU time, median of the last 15 of 30
     * rounds per JVM, old and new jar alternating in separate JVMs: pair ratios 0.762, 0.700,
     * 0.875, 0.809, 0.777, 0.727 (about 45 ms a batch down to 34, some 5.5 us per message;
     * A/A 0.987, 1.127, 1.060). The writer thread as a whole (TrainSplit, the corpus in batches
     * of 2,000, -Xmx512m, medians of steady rounds): 24 pairs, median 0.972 (0.74 to 1.13; user
     * time 0.935), about 73.5 to 71 us per message, against 16 A/A pairs of 1.034 (0.80 to 1.27;
     * user 1.039) on a machine loaded to 6 to 8: the gain, about 8% of the writer's CPU by the
     * above, is at the edge of that noise. JFR put the sort and the runs at ~41% of the writer's
     * Java samples before and ~28% after. Batches of 37 (one pass, runs summed unpacked) 0.967,
     * 0.954, 0.981, 0.991; `bayard train --batch=2000` in a 64 MB heap, whole process CPU, 0.920,
     * 0.898, 0.959.
     */
    /** Sorts by home; with {@code runs} not null, hands them each sorted bucket's runs. */
    private void sort(LogRuns runs) {
        if (sortedHomes.length < homes.length) {
            sortedHomes = new long[homes.length];
            sortedCalls = new int[homes.length];
        }
        if (!radix.startTopCounted(size, topDigitCounts)) {
            for (int i = 0; i < size; i++) radix.countTop(homes[i]);
        }
        radix.startPlacing();
        if (runs != null && radix.bucketsToSort() && deltas.numbered()) {
            sortPackedInto(runs);
            return;
        }
        fillCalls();
        placeByTopDigitOfHome();
        // The sums go into the scratch that the first pass freed: a long per run more would take
        // 10 MB of a 512 MB heap beyond the log's share (WriterHeapBudget.logCapacity).
        if (runs != null) runs.startTaking(size, deltas.summable() ? sortedHomes : null);
        if (!radix.bucketsToSort()) {
            finish(0, size);
            if (runs != null) takeRuns(0, size, runs);
            return;
        }
        for (int bucket = 0; bucket < radix.topBuckets(); bucket++) {
            int from = radix.bucketStart(bucket), to = radix.bucketEnd(bucket);
            sortByNextBits(from, to);
            finish(from, to);
            if (runs != null) takeRuns(from, to, runs);
        }
    }

    /**
     * Places the occurrences by the top digit of their home, packed with their deltas' numbers,
     * then sorts each bucket and hands its runs to {@code runs} ({@link PackedBuckets}).
     */
    private void sortPackedInto(LogRuns runs) {
        int implied = radix.topBits();
        for (int call = 0; call < callCount; call++) {
            int number = callNumbers[call];
            for (int i = callStarts[call], end = callEnd(call); i < end; i++) {
                long home = homes[i];
                sortedHomes[radix.placeTop(home)] = PackedBuckets.pack(home, implied, number);
            }
        }
        long[] placed = sortedHomes;
        sortedHomes = homes;
        homes = placed;
        runs.startTaking(size, sortedHomes);
        for (int bucket = 0; bucket < radix.topBuckets(); bucket++) {
            long top = (long) bucket << -implied;
            packedBuckets.sortIntoRuns(homes, radix.bucketStart(bucket), radix.bucketEnd(bucket), top, implied,
                    radix, deltas, runs, sortedHomes);
        }
    }

    /**
     * Hands {@code runs} the runs of sorted occurrences {@code from..to}, which no run crosses
     * (each is one bucket of the top digit, or the whole log): summed if no delta was negative.
     */
    private void takeRuns(int from, int to, LogRuns runs) {
        if (!deltas.summable()) {
            for (int i = from; i < to; i = runEnd(i)) runs.add(i, token(i));
            return;
        }
        for (int i = from; i < to; ) {
            long home = homes[i];
            long ham = 0, spam = 0; // longs: deltas under 2^31 each cannot overflow them
            do {
                int call = calls[i];
                ham += callHams[call];
                spam += callSpams[call];
                i++;
            } while (i < to && homes[i] == home);
            runs.addSummed(home, LogRuns.sums(ham, spam));
        }
    }

    /**
     * Puts the occurrences in order of the top digit of their home order: into the scratch
     * arrays, which then become the log's.
     */
    private void placeByTopDigitOfHome() {
        for (int i = 0; i < size; i++) {
            int at = radix.placeTop(homes[i]);
            sortedHomes[at] = homes[i];
            sortedCalls[at] = calls[i];
        }
        long[] h = homes;
        homes = sortedHomes;
        sortedHomes = h;
        int[] c = calls;
        calls = sortedCalls;
        sortedCalls = c;
    }

    /** Sorts occurrences {@code from..to}, nearly in order and after those before. */
    private void finish(int from, int to) {
        if (!insertionSort(from, to, INSERTION_SORT_SHIFTS * (long) (to - from))) {
            it.unimi.dsi.fastutil.Arrays.mergeSort(from, to, (a, b) -> Long.compareUnsigned(homes[a], homes[b]), this::swap);
        }
    }

    /**
     * Sorts occurrences {@code from..to} by the bits below the top digit, stably, in one pass
     * (TopBitsRadix's) through a scratch as long as the bucket, then copied back: kept from
     * bucket to bucket, it stays in cache, where the same part of the log's scratch would be
     * fetched from memory to be written.
     */
    private void sortByNextBits(int from, int to) {
        int size = to - from;
        if (!radix.startNext(size)) return;
        for (int i = from; i < to; i++) radix.countNext(homes[i]);
        radix.startNextPlacing();
        if (bucketHomes.length < size) {
            bucketHomes = new long[size];
            bucketCalls = new int[size];
        }
        for (int i = from; i < to; i++) {
            int at = radix.placeNext(homes[i]);
            bucketHomes[at] = homes[i];
            bucketCalls[at] = calls[i];
        }
        System.arraycopy(bucketHomes, 0, homes, from, size);
        System.arraycopy(bucketCalls, 0, calls, from, size);
    }

    /**
     * Sorts occurrences {@code from..to} by their home orders, unsigned, moving each
     * only past greater ones, so that equal ones keep their order; false, with that order still
     * kept, once more than {@code maxShifts} moves were made.
     */
    private boolean insertionSort(int from, int to, long maxShifts) {
        long shifts = 0;
        for (int i = from + 1; i < to; i++) {
            long key = homes[i];
            if (Long.compareUnsigned(key, homes[i - 1]) >= 0) continue;
            int call = calls[i];
            int k = i;
            do {
                homes[k] = homes[k - 1];
                calls[k] = calls[k - 1];
                k--;
            } while (k > from && Long.compareUnsigned(homes[k - 1], key) > 0);
            homes[k] = key;
            calls[k] = call;
            shifts += i - k;
            if (shifts > maxShifts) return false;
        }
        return true;
    }

    private void swap(int a, int b) {
        long home = homes[a];
        homes[a] = homes[b];
        homes[b] = home;
        int call = calls[a];
        calls[a] = calls[b];
        calls[b] = call;
    }

    /** Where the run of occurrences of {@code token(start)} that begins at {@code start} ends. */
    int runEnd(int start) {
        long home = homes[start];
        int end = start + 1;
        while (end < size && homes[end] == home) end++;
        return end;
    }

    /** {@code counts} with the adds of occurrences {@code from..to} applied one after another, as they were called. */
    long addAll(int from, int to, long counts) {
        for (int i = from; i < to; i++) counts = Counts.add(counts, dHam(i), dSpam(i));
        return counts;
    }

    /**
     * {@code counts} with the adds of the run of occurrences that begins at {@code start} applied
     * one after another, as they were called: {@link #addAll} up to {@link #runEnd}, in one walk
     * that finds the run's end as it adds. LogRuns.keepChanged used to walk each run twice, to
     * find its end and then to add: measured (its CPU time alone, the corpus in batches of 2,000,
     * old and new jar alternating in one JVM, 15 pairs), median pair ratio 0.788, and 1.307 with
     * the jars in the other order; about 5.0 us per message down to 3.9.
     */
    long addRun(int start, long counts) {
        long home = homes[start];
        int i = start;
        do {
            counts = Counts.add(counts, dHam(i), dSpam(i));
            i++;
        } while (i < size && homes[i] == home);
        return counts;
    }

    /** Fills {@link #calls} for the occurrences logged since it was last filled. */
    private void fillCalls() {
        if (callsFilled == size) return;
        int call = callCount - 1;
        while (callStarts[call] > callsFilled) call--;
        for (; call < callCount; call++) {
            Arrays.fill(calls, Math.max(callStarts[call], callsFilled), callEnd(call), call);
        }
        callsFilled = size;
    }

    /** Where the occurrences of {@code call} end: where the next call's begin, or at the log's end. */
    private int callEnd(int call) {
        return call + 1 < callCount ? callStarts[call + 1] : size;
    }

    /** Forgets every occurrence and call, keeping the arrays for the next ones. */
    void clear() {
        callsFilled = 0;
        size = 0;
        callCount = 0;
        deltas.clear();
        Arrays.fill(topDigitCounts, 0);
    }
}
