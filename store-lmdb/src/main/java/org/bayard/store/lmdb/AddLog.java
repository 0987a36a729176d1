package org.bayard.store.lmdb;

import java.util.Arrays;

/**
 * The token occurrences of a write transaction's {@code addCounts} calls, in call order, that
 * the held counts do not include yet. Why: applying each call as it comes touches the held
 * table at ~600 random places per message, each a likely cache miss in a table of MBs. Logged,
 * then sorted by home ({@link #sortByHome}), a batch of calls is applied in one walk front to
 * back through it.
 *
 * <p>Each occurrence keeps its call's index rather than the deltas, kept once per call. Holds at
 * most {@code capacity} occurrences: the caller applies and {@link #clear}s it when it is full.
 */
final class AddLog {
    /** Most buckets {@link #sortByHome} counts: a 256 KB array, a few occurrences per bucket at capacity. */
    private static final int MAX_BUCKET_BITS = 16;

    private final int capacity;
    private long[] tokens = new long[0];
    private int[] calls = new int[0];
    private int size;
    private int[] callHams = new int[16];
    private int[] callSpams = new int[16];
    private int callCount;
    /* Scratch of sortByHome, kept for the next sort. */
    private long[] sortedTokens = new long[0];
    private int[] sortedCalls = new int[0];
    private int[] bucketCursors = new int[0];

    AddLog(int capacity) {
        this.capacity = capacity;
    }

    int size() {
        return size;
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
        if (size + n > this.tokens.length) {
            int length = (int) Math.min(capacity, Math.max(size + n, 2L * this.tokens.length));
            this.tokens = Arrays.copyOf(this.tokens, length);
            this.calls = Arrays.copyOf(this.calls, length);
        }
        if (callCount == callHams.length) {
            callHams = Arrays.copyOf(callHams, 2 * callCount);
            callSpams = Arrays.copyOf(callSpams, 2 * callCount);
        }
        callHams[callCount] = dHam;
        callSpams[callCount] = dSpam;
        System.arraycopy(tokens, from, this.tokens, size, n);
        Arrays.fill(this.calls, size, size + n, callCount);
        callCount++;
        size += n;
        return n;
    }

    long token(int i) {
        return tokens[i];
    }

    int dHam(int i) {
        return callHams[calls[i]];
    }

    int dSpam(int i) {
        return callSpams[calls[i]];
    }

    /**
     * Orders the occurrences by the top bits of {@link LinearProbing#homeOrder}, about as many
     * bits as there are occurrences (at most 16), so that visiting them in order visits their
     * homes in ascending order in a table of up to that many slots, and in a larger one by steps
     * of a few slots. Stable, as a counting sort: the occurrences of one token stay in call order, which matters
     * because adds clamp at 0 and so do not commute.
     */
    void sortByHome() {
        if (sortedTokens.length < tokens.length) {
            sortedTokens = new long[tokens.length];
            sortedCalls = new int[tokens.length];
        }
        // About one bucket per occurrence: a small log counts few buckets.
        int shift = Long.SIZE - Math.clamp(Long.SIZE - Long.numberOfLeadingZeros(size), 1, MAX_BUCKET_BITS);
        int buckets = 1 << (Long.SIZE - shift);
        if (bucketCursors.length < buckets + 1) bucketCursors = new int[buckets + 1];
        int[] next = bucketCursors;
        Arrays.fill(next, 0, buckets + 1, 0);
        for (int i = 0; i < size; i++) next[bucket(tokens[i], shift) + 1]++;
        for (int b = 0; b < buckets; b++) next[b + 1] += next[b];
        for (int i = 0; i < size; i++) {
            int at = next[bucket(tokens[i], shift)]++;
            sortedTokens[at] = tokens[i];
            sortedCalls[at] = calls[i];
        }
        long[] t = tokens;
        tokens = sortedTokens;
        sortedTokens = t;
        int[] c = calls;
        calls = sortedCalls;
        sortedCalls = c;
    }

    private static int bucket(long token, int shift) {
        return (int) (LinearProbing.homeOrder(token) >>> shift);
    }

    /** Forgets every occurrence and call, keeping the arrays for the next ones. */
    void clear() {
        size = 0;
        callCount = 0;
    }
}
