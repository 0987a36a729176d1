package org.bayard.store.lmdb;

import java.util.Arrays;

/**
 * Runs of one token's occurrences in a sorted {@link AddLog}: where each run starts, its token,
 * and counts for that token. The writer's fold gathers here the runs of tokens it does not hold,
 * to look their counts up in one batch. At flush, with nothing held, it takes every run of the
 * log sorted by token ({@link #addEveryRun}) and folds each into its token's new counts
 * ({@link #keepChanged}); the runs then hold those changed counts, in unsigned token order.
 *
 * <p>The writer keeps one from a transaction to the next: arrays as long as the log, not
 * allocated for each batch.
 */
final class LogRuns implements HeldCounts {
    private int[] starts = new int[0];
    private long[] tokens = new long[0];
    private long[] counts = new long[0];
    private int size;

    void clear() {
        size = 0;
    }

    @Override
    public int size() {
        return size;
    }

    /** Makes room for the runs of a log of {@code occurrences}, at most one each. */
    void ensureCapacity(int occurrences) {
        if (tokens.length >= occurrences) return;
        starts = Arrays.copyOf(starts, occurrences);
        tokens = Arrays.copyOf(tokens, occurrences);
        counts = Arrays.copyOf(counts, occurrences);
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

    /** Takes every run of {@code log}: one per token when the log is sorted by token ({@link AddLog#sortByToken}). */
    void addEveryRun(AddLog log) {
        clear();
        ensureCapacity(log.size());
        for (int i = 0; i < log.size(); i = log.runEnd(i)) add(i, log.token(i));
    }

    /**
     * After {@link #addEveryRun} and the lookup of each token's counts into {@link #counts()}:
     * applies each run's adds to its token's counts and keeps only the tokens whose counts that
     * changed, with their new counts. A clamped add may change nothing, and an unchanged token
     * must not be written, nor make the commit look like it wrote something.
     */
    void keepChanged(AddLog log) {
        int kept = 0;
        for (int run = 0; run < size; run++) {
            int end = run + 1 < size ? starts[run + 1] : log.size();
            long old = counts[run];
            long updated = log.addAll(starts[run], end, old);
            if (updated == old) continue;
            tokens[kept] = tokens[run];
            counts[kept] = updated;
            kept++;
        }
        size = kept;
    }

    /** After {@link #keepChanged} on a log sorted by token: the runs are in that order already. */
    @Override
    public void forEachInUnsignedOrder(Consumer consumer) {
        for (int run = 0; run < size; run++) consumer.accept(tokens[run], counts[run]);
    }

    /** In unsigned order, which is random in the mirror's slots: in batches whose misses overlap (see CountsTable.putAll). */
    @Override
    public void putInto(CountsTable mirror) {
        mirror.putAll(tokens, counts, size);
    }
}
