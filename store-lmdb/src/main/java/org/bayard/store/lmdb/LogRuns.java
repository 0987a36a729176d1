package org.bayard.store.lmdb;

import java.util.Arrays;

/**
 * Runs of one token's occurrences in an {@link AddLog} sorted by home: where each run starts, its
 * token, and counts for that token. The writer's fold gathers here the runs of tokens it does
 * not hold, to look their counts up in one batch. At flush, with nothing held, it takes every
 * run of the log ({@link #addEveryRun}), one per token, and folds each into its token's new
 * counts ({@link #keepChanged}); else it copies the held counts here ({@link #holdAll}). Then
 * the runs hold the counts to write, in home order, which is both the mirror's and the token
 * groups' ({@link #forEach}).
 *
 * <p>The writer keeps one from a transaction to the next: arrays as long as the log, not
 * allocated for each batch.
 */
final class LogRuns {
    private int[] starts = new int[0];
    private long[] tokens = new long[0];
    private long[] counts = new long[0];
    private int size;

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

    /** Takes every token that {@code pending} holds, with its counts, in home order. */
    void holdAll(PendingCounts pending) {
        clear();
        ensureCapacity(pending.size());
        pending.copyInHomeOrder(tokens, counts);
        size = pending.size();
    }

    /** Hands every token and its counts to {@code consumer} in the order they are held: home order. */
    void forEach(Consumer consumer) {
        for (int run = 0; run < size; run++) consumer.accept(tokens[run], counts[run]);
    }
}
