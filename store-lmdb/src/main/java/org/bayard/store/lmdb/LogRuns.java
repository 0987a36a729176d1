package org.bayard.store.lmdb;

import java.util.Arrays;
import org.bayard.core.store.Counts;

/**
 * Runs of one token's occurrences in an {@link AddLog} sorted by home: where each run starts, its
 * token, and counts for that token. The writer's fold gathers here the runs of tokens it does
 * not hold, to look their counts up in one batch. At flush, with nothing held, it takes every
 * run of the log, one per token, as the log sorts ({@link AddLog#sortByHomeInto}), with their
 * adds summed when none was negative, and folds each into its token's new counts
 * ({@link #keepChanged}); else it copies the held counts here ({@link #holdAll}). Then
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
    /**
     * Per run, when the runs were taken with their adds summed ({@link #addSummed}), so that
     * keepChanged need not walk the log: the sums, packed as counts; else null. The log's array,
     * lent till it sorts again (see AddLog.sort).
     */
    private long[] adds;
    /**
     * Whether {@link #tokens} holds the runs' home orders rather than their tokens, as runs taken
     * summed do ({@link #addSummed}): the flush writes them into groups keyed by home order
     * ({@link #writeSums}), so it neither unmixes them as the sort takes them nor mixes them
     * again to write them (an unmix and a mix, some 4 ns, per run: 550k runs at a batch of
     * 2,000). Unmixed where tokens are wanted ({@link #token}, {@link #tokens}, {@link #forEach}):
     * a fold's look-ups, the mirror's advance.
     */
    private boolean homes;
    private int size;

    /** Receives tokens and their counts. */
    @FunctionalInterface
    interface Consumer {
        void accept(long token, long counts);
    }

    /** Writes a token's summed adds onto its counts before them, and returns the counts written. */
    @FunctionalInterface
    interface SumsWriter {
        /** {@code home} is the token's {@link LinearProbing#homeOrder}. */
        long addSums(long home, long sums);
    }

    void clear() {
        size = 0;
        adds = null;
        homes = false;
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

    /**
     * Clears, and makes room for {@code runs} runs, to be added with their adds summed into
     * {@code adds} (by {@link #addSummed}, or in place then {@link #tookSummed}), or without if
     * it is null (by {@link #add}).
     */
    void startTaking(int runs, long[] adds) {
        clear();
        ensureCapacity(runs);
        this.adds = adds;
        this.homes = adds != null;
    }

    /**
     * Adds the run of the token of home order {@code home} with {@code sums} the sums of its
     * deltas, none negative, as {@link #sums} packs them. Call {@link #startTaking} first.
     */
    void addSummed(long home, long sums) {
        tokens[size] = home;
        adds[size] = sums;
        size++;
    }

    /**
     * The array that summed runs' home orders are written into in place, before {@link #tookSummed};
     * call {@link #startTaking} with sums first.
     */
    long[] homesToTake() {
        return tokens;
    }

    /** After runs up to {@code size} had their home orders and sums written in place ({@link #homesToTake}). */
    void tookSummed(int size) {
        this.size = size;
    }

    /**
     * The sums of a run's deltas, none negative, packed as counts, each capped at the most a
     * count holds: adding the deltas one by one to a count of 0 or more clamps there too.
     */
    static long sums(long ham, long spam) {
        return Counts.pack((int) Math.min(ham, Integer.MAX_VALUE), (int) Math.min(spam, Integer.MAX_VALUE));
    }

    /**
     * {@code counts} with {@code sums} ({@link #sums}) added, each half clamped as
     * {@link Counts#add} clamps: the same value for any two longs. While no half is negative or
     * passes {@code Integer.MAX_VALUE}, which stored counts and training's sums never do, that is
     * one long add: two halves under 2^31 sum to under 2^32, so the low one carries nothing into
     * the high one, and a sum that passes the int range sets its half's top bit. Why: the repack
     * merges every run of a batch this way (550k at a batch of 2,000), where the two clamped adds
     * and the pack took some ten instructions in its loop.
     */
    static long addSums(long counts, long sums) {
        long added = counts + sums;
        if (((counts | sums | added) & HALVES_SIGN_BITS) == 0) return added;
        return Counts.add(counts, Counts.ham(sums), Counts.spam(sums));
    }

    /** The sign bits of the two ints a long of counts holds. */
    private static final long HALVES_SIGN_BITS = 0x8000_0000_8000_0000L;

    /** Adds the run of {@code token} that starts at occurrence {@code start}; call {@link #ensureCapacity} first. */
    void add(int start, long token) {
        starts[size] = start;
        tokens[size] = token;
        size++;
    }

    long token(int run) {
        return homes ? LinearProbing.tokenOf(tokens[run]) : tokens[run];
    }

    /** The run's token as its {@link LinearProbing#homeOrder}. */
    private long home(int run) {
        return homes ? tokens[run] : LinearProbing.homeOrder(tokens[run]);
    }

    long counts(int run) {
        return counts[run];
    }

    /** The runs' tokens, the first {@link #size} of them: for a batch lookup into {@link #counts()}. */
    long[] tokens() {
        if (homes) {
            for (int run = 0; run < size; run++) tokens[run] = LinearProbing.tokenOf(tokens[run]);
            homes = false;
        }
        return tokens;
    }

    /** Where a batch lookup puts the counts of the runs' tokens before the log. */
    long[] counts() {
        return counts;
    }

    /**
     * After the runs were added and each token's counts looked up into {@link #counts()}:
     * applies each run's adds to its token's counts and keeps only the tokens whose counts that
     * changed, with their new counts. A clamped add may change nothing, and an unchanged token
     * must not be written, held, nor make the commit look like it wrote something.
     */
    void keepChanged(AddLog log) {
        // Summed adds are exact from counts of 0 or more, which stored counts always are (Counts.add
        // clamps at 0, a dump's import refuses negative counts): adding deltas of 0 or more one by
        // one clamps only at Integer.MAX_VALUE, and so does their sum.
        int kept = 0;
        for (int run = 0; run < size; run++) {
            long old = counts[run];
            long updated = adds != null
                    ? addSums(old, adds[run])
                    : log.addRun(starts[run], old);
            if (updated == old) continue;
            tokens[kept] = tokens[run];
            counts[kept] = updated;
            kept++;
        }
        size = kept;
    }

    /** Whether the runs were taken with their adds summed ({@link #addSummed}, {@link #tookSummed}). */
    boolean summed() {
        return adds != null;
    }

    /**
     * For runs taken {@link #summed}, instead of a look-up of their counts and
     * {@link #keepChanged}: hands each run's token and sums to {@code writer}, in home order, and
     * keeps the counts it wrote as the run's, for the mirror ({@link #forEach}). Runs whose
     * counts did not change stay (a sum of 0, or counts at their cap): the mirror's put of the
     * counts it holds changes nothing.
     */
    void writeSums(SumsWriter writer) {
        for (int run = 0; run < size; run++) counts[run] = writer.addSums(home(run), adds[run]);
    }

    /** {@link #writeSums} into a repack, which takes the runs whole ({@link GroupRepacker#addSums}). */
    void writeSums(GroupRepacker repacker) {
        if (!homes) {
            for (int run = 0; run < size; run++) tokens[run] = LinearProbing.homeOrder(tokens[run]);
            homes = true;
        }
        repacker.addSums(tokens, adds, counts, size);
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
        for (int run = 0; run < size; run++) consumer.accept(token(run), counts[run]);
    }
}
