package org.bayard.store.lmdb;

import static org.bayard.store.lmdb.WriterHeapBudget.MAX_HELD_AND_LOGGED;
import static org.bayard.store.lmdb.WriterHeapBudget.PENDING_LIMIT;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.WriteView;
import org.lmdbjava.Cursor;
import org.lmdbjava.Txn;

/**
 * One write transaction, used only on the writer thread. Totals are kept in a field and written
 * to the meta database once, just before commit.
 */
final class LmdbWriteView extends LmdbView implements WriteView {
    private final TokenMirror mirror;
    /** The snapshot this transaction started from: LMDB numbers a write transaction one past it. */
    private final long parentSnapshot;
    private boolean totalsChanged;
    /** Whether anything was put or deleted: LMDB gives a new snapshot id only to such a commit. */
    private boolean storeChanged;
    /** Whether held counts were written before commit and forgotten, so the mirror cannot be advanced. */
    private boolean countsForgotten;
    private boolean mirrorBuildTried;
    /** Read transactions of the store, for the parent snapshot's groups when the flush repacks them. */
    private final ReadTransactions readTransactions;

    /*
     * The writer as a whole after the changes of this session (held state kept across
     * transactions and sized to the last batch, the ordered walk without allocation, bulk group
     * copies, one mirror lookup per run of a token's occurrences): writer thread CPU time, the
     * corpus in batches of 500 into a fresh store per pass, old and new jar alternating in one
     * JVM, median pair ratios 0.91 (11 pairs, every one below 1) and 0.97 (15 pairs), against
     * A/A runs of 0.97, 1.02 and 0.98: a few percent, at the edge of what the shared machine
     * resolves, although JFR puts the Java time of the changed parts lower (GroupWriter 29% to
     * 17% of the writer's Java samples). The rest is cache misses in the mirror and the held
     * table, and LMDB's own puts and commit. Before the held table was sized to the last batch,
     * it kept the 2^19 slots of the corpus's first batch and the ratios were 0.99-1.03.
     * Then, with one fold per batch of 500 (WriterHeapBudget.logCapacity), the held table walked by its list of
     * filled slots (PendingCounts), one find per run of a token in fold and GroupWriter stepping
     * from group to group (same harness, base jar e234da1): median pair ratios 0.916 (11 pairs)
     * and, the jars in the other order, 1.133 (9 pairs, every one above 1), that is about 0.9,
     * against A/A runs of 1.03 and 0.95 on a machine loaded to 11 on its 2 cores; with the log
     * sized by the heap (-Xmx1g: the largest), 0.889 (7 pairs, all below 1) and 1.074 the other
     * way round (7 pairs).
     */
    /**
     * A view of {@code txn} that holds its count changes in {@code pending} and {@code log}: the
     * writer's own, kept from one transaction to the next (see PendingCounts.clear) and cleared
     * here, whatever a failed transaction left in them.
     */
    LmdbWriteView(Databases dbs, Txn<ByteBuffer> txn, Buffers buffers, TokenMirror mirror, PendingCounts pending,
                  AddLog log, LogRuns runs, ReadTransactions readTransactions) {
        // No snapshot cache: one kept by the writer across transactions was tried (commit 3bc1970)
        // and saved no time LearnBench could measure; the pending map spares repeated gets, and
        // the mirror the others.
        super(dbs, txn, buffers, null);
        this.mirror = mirror;
        this.parentSnapshot = txn.getId() - 1;
        this.pending = pending;
        this.log = log;
        this.runs = runs;
        this.readTransactions = readTransactions;
        pending.clear();
        log.clear();
        runs.clearWithin(log.capacity());
    }

    /*
     * Count changes are held in memory until commit (or until PENDING_LIMIT tokens), then each
     * changed token is written once, in key order (into its group: TokenGroups). A batch of
     * learned messages shares most of its tokens (headers, common words), so this replaces one
     * LMDB get and one put per token occurrence by one get per distinct token and one put per
     * changed one; key order keeps page touches local. Reads through this view see the held
     * values, and Counts.add is applied per occurrence exactly as before, so the counts written
     * are the same.
     * Measured (JMH LearnBench, LMDB, the 500 samples into a fresh store, old and new jar in
     * turn, twice, on a loaded 2-core machine): 500 messages per transaction 1,198 / 943 msg/s
     * before, 1,878 / 2,322 after (about 2x); 100 per transaction 858 / 1,201 before,
     * 1,285 / 1,194 after (inside the noise: smaller batches share fewer tokens).
     */
    /*
     * A primitive table found once per occurrence (PendingCounts) instead of a fastutil map read
     * then written: JFR had the map's two probes at ~55% of the writer's Java samples. Measured
     * (JMH LearnBench, LMDB, old and new jar in turn, twice): 500 per transaction 4,067 / 5,473
     * msg/s before, 6,672 / 6,778 after; 100 per transaction 2,379 / 2,644 before, 3,310 / 3,274
     * after. Throughput single-thread train: 1,535 / 1,327 before, 1,604 / 1,693 after.
     */
    private final PendingCounts pending;

    /*
     * Logged, then applied sorted by home (see fold): applied per call, each of a message's ~600
     * tokens was a likely cache miss in pending (MBs). 2^17 occurrences past PENDING_LIMIT bound
     * how far pending can pass it before fold checks it, and WriterHeapBudget.heldLimit leaves room for them: at
     * the least limit, 200k + 131k tokens still fit the 2^19 slots (8 MB) it has near the limit
     * anyway. Within that, the log takes as many occurrences
     * as the heap affords (see WriterHeapBudget.logCapacity): a batch of 500 messages (~300k occurrences) is then
     * folded once, at flush, into an empty table; in logs of 2^17 it was folded three times, the
     * second and third time finding again the tokens that the folds before had inserted.
     * Measured (writer thread CPU time, the corpus in batches of 500, old and new jar
     * alternating in one JVM): median pair ratio 0.94 (9 pairs, 0.89-1.01).
     * Tried and not kept: grouping each token's occurrences within a bucket of the log's sort, so
     * that a fold finds and looks up ~175k tokens rather than ~205k runs of them: 1.02 (9 pairs).
     */
    private final AddLog log;

    /** The runs of the log that fold looks up; then the counts to write and hand to the mirror. */
    private final LogRuns runs;

    /** Logs the adds; {@link #fold} applies them when the log is full, a read needs them, or at flush. */
    @Override
    public void addCounts(long[] tokens, int count, int dHam, int dSpam) {
        checkOpen();
        for (int done = 0; done < count; ) {
            // Never below 2^17 after a fold, which leaves at most PENDING_LIMIT tokens held.
            int room = MAX_HELD_AND_LOGGED - pending.size() - log.size();
            int logged = room > 0 ? log.append(tokens, done, Math.min(room, count - done), dHam, dSpam) : 0;
            if (logged == 0) fold();
            done += logged;
        }
    }

    /*
     * In three passes over the log sorted by home, so that pending is walked front to back and
     * cache misses overlap: first the held tokens are updated and the others gathered; then
     * those are looked up in the mirror in one batch (TokenMirror.lookup); then inserted. A
     * token's occurrences form one run in that order (AddLog.sortByHome), so each is found and
     * looked up once. The counts are those of applying each add as it came: the sort keeps each
     * token's occurrences in call order, and tokens are independent of each other.
     * Measured (CPU time of the writer thread training the whole spamassassin corpus in batches
     * of 500, old and new jar in turn, twice, rounds 2-5 of each, on a loaded 2-core machine):
     * 266 us per message before batching the mirror lookups, 234 after. Logging and folding
     * sorted, against applying each call (writer thread CPU time, 6,046 messages in batches of
     * 500, each jar in its own JVM, 8 pairs in alternating order, rounds 2-5 of each): the time
     * in addCounts and fold 1,660-1,930 ms down to 1,080-1,190 ms per 4 rounds; the writer in
     * all 240 us per message down to 220 (median pair ratio 0.94). Folding the log unsorted cost
     * 8-19% more than sorted.
     */
    /** Applies the logged adds to the held counts, writing them out if they pass PENDING_LIMIT. */
    private void fold() {
        if (log.isEmpty()) return;
        foldUnheldIntoRuns();
        // Room for every changed token as a new one before inserting them in home order:
        // a table that grew on the way would have piled the first of them into one probe run at
        // its front (measured: folds 30x slower when the table started small).
        pending.ensureCapacity(pending.size() + runs.size());
        for (int run = 0; run < runs.size(); run++) {
            long token = runs.token(run);
            pending.insert(pending.find(token), token, runs.counts(run));
        }
        if (pending.size() > PENDING_LIMIT) {
            writePending();
            forgetPending();
        }
    }

    /**
     * Sorts the log by home, applies the runs of held tokens to their held counts, and leaves in
     * {@link #runs} the other tokens whose counts the log changed, with their new counts (their
     * counts before, looked up in one batch, with their run applied). Then empties the log.
     */
    private void foldUnheldIntoRuns() {
        if (pending.isEmpty()) {
            // Nothing held, as at the first fold of a batch: finds would all miss.
            log.sortByHomeInto(runs);
        } else {
            log.sortByHome();
            runs.clear();
            runs.ensureCapacity(log.size());
            for (int i = 0, end; i < log.size(); i = end) {
                end = log.runEnd(i);
                long token = log.token(i);
                int slot = pending.find(token);
                if (slot >= 0) addAt(slot, i, end);
                else runs.add(i, token);
            }
        }
        applyRunsToCountsBefore();
    }

    /**
     * Looks up the counts before the log of the tokens that {@link #runs} hold, applies each
     * run's adds to them, keeps the tokens whose counts that changed, and empties the log.
     */
    private void applyRunsToCountsBefore() {
        lookupUnheld(runs.tokens(), runs.size(), runs.counts());
        runs.keepChanged(log);
        log.clear();
    }

    /** Applies logged occurrences {@code from..to} to the held counts at {@code slot}. */
    private void addAt(int slot, int from, int to) {
        pending.setCountsAt(slot, log.addAll(from, to, pending.countsAt(slot)));
    }

    /**
     * Fills {@code out} with the counts of tokens not held in pending: the mirror's, in one batch,
     * else LMDB's. The mirror holds the parent snapshot, which equals this transaction for such
     * tokens only while no held counts were written, and the first miss may build it, from this
     * transaction, which still reads as its parent then.
     */
    private void lookupUnheld(long[] tokens, int count, long[] out) {
        if (count == 0) return;
        if (!countsForgotten) {
            if (mirror.lookup(parentSnapshot, tokens, count, out)) return;
            if (!mirrorBuildTried) {
                mirrorBuildTried = true;
                if (mirror.buildFrom(dbs.tokens(), txn, parentSnapshot)
                        && mirror.lookup(parentSnapshot, tokens, count, out)) return;
            }
        }
        for (int i = 0; i < count; i++) out[i] = countsOf(tokens[i]);
    }

    /**
     * Sees every add made so far: the held counts in front of the unheld ones. Simple rather
     * than fast (held tokens are looked up for nothing): the writer rarely reads counts.
     */
    @Override
    public void lookup(long[] tokens, int count, long[] out) {
        checkOpen();
        fold();
        lookupUnheld(tokens, count, out);
        for (int i = 0; i < count; i++) out[i] = pending.get(tokens[i], out[i]);
    }

    @Override
    public void forEachToken(TokenCountsConsumer consumer) {
        checkOpen();
        fold();
        writePending();
        forgetPending();
        super.forEachToken(consumer);
    }

    /**
     * Writes the held counts into the transaction's token groups, in home order. They
     * stay held until {@link #committed} hands them to the mirror, unless {@link #forgetPending}
     * is called.
     */
    private void writePending() {
        runs.holdAll(pending);
        writeRuns();
    }

    /** Writes the counts that {@link #runs} hold. */
    private void writeRuns() {
        if (runs.size() == 0) return;
        storeChanged = true;
        // One cursor for the whole sorted run: LMDB first looks for a key on the cursor's current
        // leaf page, so neighbouring groups skip the descent from the root.
        try (Cursor<ByteBuffer> cursor = dbs.tokens().openCursor(txn)) {
            GroupWriter groups = new GroupWriter(cursor, buffers);
            runs.forEach(groups);
            groups.finish();
        }
    }

    /** Frees the written counts before commit (to bound memory); the mirror will then be rebuilt. */
    private void forgetPending() {
        if (pending.isEmpty()) return;
        pending.clear();
        countsForgotten = true;
    }

    @Override
    public void addTotals(int dHam, int dSpam) {
        checkOpen();
        totals = totals().plus(dHam, dSpam);
        totalsChanged = true;
    }

    @Override
    public void putLedgerEntry(LedgerEntry entry) {
        checkOpen();
        Objects.requireNonNull(entry, "entry");
        ByteBuffer value = LedgerCodec.encode(entry, buffers);
        dbs.ledger().put(txn, buffers.digestKey(entry.digest()), value);
        storeChanged = true;
    }

    @Override
    public void removeLedgerEntry(Digest digest) {
        checkOpen();
        if (dbs.ledger().delete(txn, buffers.digestKey(Objects.requireNonNull(digest, "digest")))) storeChanged = true;
    }

    /*
     * At flush with nothing held, the usual batch, which fits the log whole: sorted by home,
     * each token's occurrences form one run, which is all of its adds, so its new counts are its
     * counts before the batch with the run applied: looked up in one walk through the mirror,
     * or, when the runs are summed, found in the groups they are merged into (see
     * writtenSummingRuns). The runs then hold them in home order, for the mirror's advance and
     * for the token groups, which are keyed in that order too (format 3, TokenGroups): no held
     * table is filled, and nothing sorted again.
     * Before, such a batch went through fold like any other: the log sorted by bucket of home,
     * a find per run in the held table, an insert per token, then the held table walked into key
     * order through its slots. Measured (writer thread CPU time, the corpus in batches of 500
     * into a fresh store per pass, old and new jar alternating in one JVM, -Xmx1g, a machine
     * loaded to 4-8 on its 2 cores): median pair ratios 0.846 (9 pairs, all below 1), 0.916
     * (9 pairs) and 0.880 (11 pairs, all below 1; medians 161 and 140 us per message), and
     * 0.905 and 0.942 with the jars in the other order (11 pairs each), against A/A runs of
     * 0.883, 0.983 and 0.951: about 0.9. Tried first: the log sorted by token, so that the runs came out in key
     * order with no second sort; but the mirror, whose slots go by home, was then looked up and
     * advanced in random order (175k tokens in a table of 1.2M, thread CPU time: 53-73 ns per
     * lookup against 35-47 in home order; 64-88 ns per put, in chunks whose home slots were
     * loaded first, against 35-46), and the writer gained less: 0.908 (9 pairs).
     */
    /** Writes what was held back; the store commits right after. */
    void flush() {
        boolean written = false;
        if (pending.isEmpty()) {
            log.sortByHomeInto(runs);
            // Lookups may have opened it after close(), it must not outlive the transaction, and a repack drops its database.
            closeGroupsCursor();
            written = writtenSummingRuns();
            if (written) log.clear();
            else applyRunsToCountsBefore();
        } else {
            fold();
            runs.holdAll(pending);
        }
        closeGroupsCursor();
        if (!written && !repacked()) writeRuns();
        if (totalsChanged) {
            Meta.putTotals(dbs, txn, buffers, totals);
            storeChanged = true;
        }
    }

    /**
     * Writes the counts that {@link #runs} hold by repacking every token group, if they change
     * enough of them and no counts were written before in this transaction; returns whether it did.
     */
    private boolean repacked() {
        return repackPays() && repackedBy(repacker -> runs.forEach(repacker));
    }

    /*
     * The usual batch of training (nothing held, the log's runs summed) needs no look-up of its
     * tokens' counts before it: the repack reads every old group anyway, and the merge in place
     * every group that a run changes, and each adds the run's sums to the counts it finds there
     * (GroupRepacker.addSums, GroupWriter.addSums). Before, the flush looked up every run's
     * token in the heap mirror (CountsTable.getAll, one likely cache miss each, ~6% of the
     * writer's samples at batches of 2,000), and the first such look-up of a write transaction
     * built the mirror if it was missing: a writer that only trains then kept a mirror it never
     * read, advancing and growing it at every commit (the mirror's puts and rehash, ~16% of the
     * writer's samples). Now a store that only trains has no mirror until something reads it (a
     * read view builds it, as before: 19 to 27 ms of CPU for the corpus's 656k tokens, once per
     * process); one that is read keeps its mirror advanced, with the counts the flush wrote.
     * Measured (TrainSplit: the corpus into a fresh store per round, -Xmx1g, the writer thread's
     * CPU per message, the round's start and this code in two class loaders of one JVM, rounds
     * alternating, 3 warm-up rounds each): batches of 2,000, median pair ratio 0.719 (12 pairs,
     * 0.575 to 0.813; about 35 to 25 us a message), and 1/1.391 with the jars in the other order
     * (10 pairs), against an A/A run of 1.026 (12 pairs, 0.938 to 1.074); batches of 37, 0.888
     * (6 pairs); batches of 2,000 with a read view's look-up before each, so that the mirror
     * exists and is advanced, 0.900 (8 pairs, all below 1). The repack alone, without the in-place
     * merge's sums (a last small batch then built the mirror): 0.825 (12 pairs).
     */
    /**
     * With the runs taken summed: writes them, each run's sums added to the counts its token
     * had, by repacking every token group if that pays ({@link #repackPays}), else into their
     * groups in place; returns whether it did (not when the runs are not summed). The runs then
     * hold their tokens' new counts, for the mirror; also those a sum of 0 left unchanged.
     */
    private boolean writtenSummingRuns() {
        if (!runs.summed() || runs.size() == 0) return false;
        if (!(repackPays() && repackedBy(repacker -> runs.writeSums(repacker)))) writeSumsInPlace();
        return true;
    }

    /** Merges the summed runs into their groups in place, each run's sums added to the counts its token has. */
    private void writeSumsInPlace() {
        storeChanged = true;
        // One cursor for the whole sorted run, as in writeRuns.
        try (Cursor<ByteBuffer> cursor = dbs.tokens().openCursor(txn)) {
            GroupWriter groups = new GroupWriter(cursor, buffers);
            runs.writeSums(groups::addSums);
            groups.finish();
        }
    }

    /**
     * Whether the runs change enough groups to repack them all ({@link WholeRepack#pays}), and
     * the groups are still the parent snapshot's: no held counts were written out before.
     */
    private boolean repackPays() {
        if (countsForgotten || runs.size() == 0) return false;
        return WholeRepack.pays(runs.size(), dbs, txn);
    }

    /** {@link WholeRepack#run}; the store changed if it did. */
    private boolean repackedBy(Consumer<GroupRepacker> merge) {
        if (!WholeRepack.run(dbs, txn, buffers, readTransactions, parentSnapshot, merge)) return false;
        storeChanged = true;
        return true;
    }

    /**
     * Brings the mirror to the snapshot just committed, with the final counts written. LMDB
     * commits a transaction that dirtied no page without a new id, so the tag moves only when
     * something was put or deleted (each of which dirties a page); otherwise a later commit by
     * another process would take the id the mirror was tagged with.
     */
    void committed() {
        if (!storeChanged) return;
        if (countsForgotten) mirror.invalidate();
        else mirror.advance(parentSnapshot, txn.getId(), runs);
    }

    /** The store owns the transaction; closing the view only stops an escaped view from writing. */
    @Override
    void release() {}
}
