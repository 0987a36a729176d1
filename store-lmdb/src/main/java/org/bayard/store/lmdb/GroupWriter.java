package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;

/**
 * Writes changed counts, handed over in home order ({@link LinearProbing#homeOrder}, unsigned:
 * the order in which the writer holds them, {@link LogRuns#forEach}), into the
 * {@link TokenGroups} of a write transaction: each group that gets changes is read once, merged
 * with them and put back once, cut into groups of {@link TokenGroups#CUT_PAIRS} pairs when it
 * outgrows {@link TokenGroups#MAX_PAIRS}, and deleted when it holds no token any more. Counts 0
 * delete a token. Group starts never move: a group keeps its start when it is rewritten, and
 * tokens below every group start a new group at the smallest of them. Starts, and the stored
 * pairs, are home orders; each token handed over is mixed once, here.
 *
 * <p>The group is merged in {@code long[]}s, read and written in one bulk copy each
 * ({@link #readOld}, {@link #writePairs}), with the unchanged runs between two changes copied
 * as blocks: JFR had GroupWriter.accept at 29% of the writer's Java samples with a getLong and
 * putLong per number, 17% so. Tried: merging straight from the stored value into the value to
 * put, both {@code ByteBuffer}s, with no arrays between; the buffers' checked bulk copies cost
 * as much as the arrays saved (accept 28%).
 *
 * <p>The value to put is reserved in LMDB's page and filled there ({@link #writePairs}), and
 * on a little-endian machine both copies move bytes unswapped ({@link TokenGroups#asStored}). Measured on
 * GroupWriter alone (306,000 changes over the corpus's 1.2 million stored tokens, in a
 * transaction then aborted; old and new jar alternating in one JVM, the least CPU of 15 passes,
 * median of 11-15 pairs): reserving alone 0.97 of the pass (which includes LMDB's puts), both
 * 0.92 and 0.93, and 0.89 with the jars in the other order; A/A 0.98 and 1.04. The whole writer
 * thread at batches of 2,000 moved within its noise (0.975, and 0.985 with the jars swapped;
 * A/A 0.93).
 *
 * <p>Call {@link #finish} after the last {@link #accept}.
 */
final class GroupWriter implements LogRuns.Consumer {
    private final Cursor<ByteBuffer> cursor;
    private final Buffers buffers;

    /** Whether a group is being merged, and if so its start (a home order) and whether it is stored already. */
    private boolean merging;
    private long start;
    private boolean stored;
    /** Whether a group starts above the one being merged, and where. */
    private boolean bounded;
    private long nextStart;
    /** Whether the cursor is on the last entry {@link #finish} put, so that the next one starts at {@link #nextStart}. */
    private boolean onWritten;
    /**
     * The stored pairs of the group being merged (home order, counts, home order, counts...) as
     * {@link TokenGroups#asStored} reads them, and how many were merged so far.
     */
    private long[] old = new long[2 * TokenGroups.MAX_PAIRS];
    private int oldPairs;
    private int oldDone;
    /** The merged pairs, in the same layout and byte order. */
    private long[] merged = new long[2 * TokenGroups.MAX_PAIRS];
    private int mergedPairs;

    GroupWriter(Cursor<ByteBuffer> cursor, Buffers buffers) {
        this.cursor = cursor;
        this.buffers = buffers;
    }

    @Override
    public void accept(long token, long counts) {
        long home = LinearProbing.homeOrder(token);
        takeStored(home);
        if (counts != 0) append(home, counts);
    }

    /**
     * Writes the token of home order {@code home} ({@link LinearProbing#homeOrder}) with the
     * counts it has in the transaction (0 if none) plus {@code sums}, the summed adds of a run of the log ({@link LogRuns#sums}: none negative), and
     * returns those counts. Tokens come in home order, as to {@link #accept}. Why: the merge reads
     * the token's group anyway, so it finds the token's counts where the flush looked each up
     * first (see LmdbWriteView.writtenSummingRuns).
     */
    long addSums(long home, long sums) {
        long updated = LogRuns.addSums(takeStored(home), sums);
        if (updated != 0) append(home, updated);
        return updated;
    }

    /**
     * Moves to the group that holds home order {@code home}, copies its stored pairs below it
     * into the merged ones, and takes the pair of {@code home} itself, if stored: returns its
     * counts, or 0.
     */
    private long takeStored(long home) {
        if (!merging || bounded && Long.compareUnsigned(home, nextStart) >= 0) {
            finish();
            startGroupOf(home);
        }
        int below = oldDone;
        while (below < oldPairs && Long.compareUnsigned(Long.reverseBytes(old[2 * below]), home) < 0) below++;
        keepOld(below);
        if (oldDone == oldPairs || old[2 * oldDone] != Long.reverseBytes(home)) return 0;
        oldDone++;
        return Long.reverseBytes(old[2 * oldDone - 1]);
    }

    /** Writes the group being merged, if any. */
    void finish() {
        onWritten = false;
        if (!merging) return;
        merging = false;
        keepOld(oldPairs);
        if (mergedPairs == 0) {
            if (stored && cursor.get(buffers.tokenKey(start), GetOp.MDB_SET_KEY)) cursor.delete();
            return;
        }
        int parts = mergedPairs <= TokenGroups.MAX_PAIRS ? 1 : Math.ceilDiv(mergedPairs, TokenGroups.CUT_PAIRS);
        for (int part = 0; part < parts; part++) {
            int from = (int) ((long) part * mergedPairs / parts);
            int to = (int) ((long) (part + 1) * mergedPairs / parts);
            long key = part == 0 && stored ? start : Long.reverseBytes(merged[2 * from]);
            writePairs(cursor.reserve(buffers.tokenKey(key), (to - from) * TokenGroups.PAIR_BYTES), from, to);
        }
        // LMDB leaves a cursor on the entry it put.
        onWritten = true;
    }

    /*
     * A batch of learned mail changes ~10 tokens of almost every group, so the next group to
     * merge is mostly the one after the group just written: one step of the cursor instead of a
     * search (MDB_SET_RANGE) and a step back. Tried: a second cursor for the puts, so that the
     * first could rest on the next group; but a value read before another cursor's put may have
     * moved within its (dirty) page, so it must be read again, which saves no call.
     */
    private void startGroupOf(long home) {
        if (!(onWritten && bounded && cursor.next() && stepIntoGroupOf(home))) seekGroupOf(home);
        oldDone = 0;
        mergedPairs = 0;
        merging = true;
    }

    /**
     * Takes the group under the cursor, which starts at {@link #nextStart}, not above
     * {@code home}; false if {@code home} lies past it, in a group further on.
     */
    private boolean stepIntoGroupOf(long home) {
        stored = true;
        start = nextStart;
        readOld(cursor.val());
        bounded = cursor.next();
        if (bounded) nextStart = TokenGroups.startOf(cursor);
        return !bounded || Long.compareUnsigned(home, nextStart) < 0;
    }

    private void seekGroupOf(long home) {
        stored = TokenGroups.seekGroupOf(cursor, buffers, home);
        oldPairs = 0;
        if (stored) {
            start = TokenGroups.startOf(cursor);
            readOld(cursor.val());
            bounded = cursor.next();
        } else {
            // Every group starts above home, so the first one bounds the new group.
            bounded = cursor.first();
        }
        if (bounded) nextStart = TokenGroups.startOf(cursor);
    }

    /**
     * Copies the value out: it lives in LMDB's pages, which the puts of this group may move. In
     * one bulk copy, as {@link #writePairs} writes it.
     */
    private void readOld(ByteBuffer value) {
        oldPairs = TokenGroups.pairCount(value);
        old = TokenGroups.copyStored(value, old);
    }

    /**
     * Fills a value that LMDB reserved for a put (MDB_RESERVE) with merged pairs {@code from..to}:
     * straight into the page, instead of into a direct buffer that LMDB then copies again.
     */
    private void writePairs(ByteBuffer value, int from, int to) {
        TokenGroups.asStored(value).put(merged, 2 * from, 2 * (to - from));
    }

    /** Copies the stored pairs from {@code oldDone} up to {@code end} into the merged ones, in one block. */
    private void keepOld(int end) {
        int n = end - oldDone;
        ensureRoom(n);
        System.arraycopy(old, 2 * oldDone, merged, 2 * mergedPairs, 2 * n);
        mergedPairs += n;
        oldDone = end;
    }

    private void append(long home, long counts) {
        ensureRoom(1);
        merged[2 * mergedPairs] = Long.reverseBytes(home);
        merged[2 * mergedPairs + 1] = Long.reverseBytes(counts);
        mergedPairs++;
    }

    private void ensureRoom(int pairs) {
        if (2 * (mergedPairs + pairs) > merged.length) {
            merged = Arrays.copyOf(merged, Math.max(2 * merged.length, 2 * (mergedPairs + pairs)));
        }
    }
}
