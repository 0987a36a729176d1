package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;

/**
 * Writes changed counts, handed over in unsigned token order, into the {@link TokenGroups} of a
 * write transaction: each group that gets changes is read once, merged with them and put back
 * once, cut into groups of {@link TokenGroups#CUT_PAIRS} pairs when it outgrows
 * {@link TokenGroups#MAX_PAIRS}, and deleted when it holds no token any more. Counts 0 delete a
 * token. Group starts never move: a group keeps its start when it is rewritten, and tokens below
 * every group start a new group at the smallest of them.
 *
 * <p>The merge runs from the stored value to the value to put, both in the group's byte layout:
 * the stored pairs between two changes are copied as one block, never decoded. Reading the
 * stored value in place is safe because nothing is put or deleted until the group is merged
 * whole. Before, each stored pair was decoded into a {@code long[]}, merged into another and
 * encoded back: those copies were about 15% of the writer's Java samples (JFR).
 *
 * <p>Call {@link #finish} after the last {@link #accept}.
 */
final class GroupWriter implements PendingCounts.Consumer {
    private final Cursor<ByteBuffer> cursor;
    private final Buffers buffers;

    /** Whether a group is being merged, and if so its start and whether it is stored already. */
    private boolean merging;
    private long start;
    private boolean stored;
    /** Whether a group starts above the one being merged, and where. */
    private boolean bounded;
    private long nextStart;
    /**
     * The stored value of the group being merged, in LMDB's pages (its own buffer: the cursor's
     * is reused by the step to the next group), how many pairs it holds, and how many were merged.
     */
    private ByteBuffer old;
    private int oldPairs;
    private int oldDone;
    /** The merged value being built (the {@link Buffers#record}), and how many pairs it holds. */
    private ByteBuffer merged;
    private int mergedPairs;

    GroupWriter(Cursor<ByteBuffer> cursor, Buffers buffers) {
        this.cursor = cursor;
        this.buffers = buffers;
    }

    @Override
    public void accept(long token, long counts) {
        if (!merging || bounded && Long.compareUnsigned(token, nextStart) >= 0) {
            finish();
            startGroupOf(token);
        }
        int below = oldDone;
        while (below < oldPairs && Long.compareUnsigned(TokenGroups.tokenAt(old, below), token) < 0) below++;
        keepOld(below);
        if (oldDone < oldPairs && TokenGroups.tokenAt(old, oldDone) == token) oldDone++;
        if (counts != 0) append(token, counts);
    }

    /** Writes the group being merged, if any. */
    void finish() {
        if (!merging) return;
        merging = false;
        keepOld(oldPairs);
        old = null;
        if (mergedPairs == 0) {
            if (stored && cursor.get(buffers.tokenKey(start), GetOp.MDB_SET_KEY)) cursor.delete();
            return;
        }
        if (mergedPairs <= TokenGroups.MAX_PAIRS) {
            cursor.put(buffers.tokenKey(stored ? start : TokenGroups.tokenAt(merged, 0)), merged.limit(pairBytes(mergedPairs)));
            return;
        }
        int parts = Math.ceilDiv(mergedPairs, TokenGroups.CUT_PAIRS);
        for (int part = 0; part < parts; part++) {
            int from = (int) ((long) part * mergedPairs / parts);
            int to = (int) ((long) (part + 1) * mergedPairs / parts);
            long key = part == 0 && stored ? start : TokenGroups.tokenAt(merged, from);
            // A slice: LMDB is handed a buffer's address, whatever its position.
            cursor.put(buffers.tokenKey(key), merged.slice(pairBytes(from), pairBytes(to - from)));
        }
    }

    private void startGroupOf(long token) {
        stored = TokenGroups.seekGroupOf(cursor, buffers, token);
        oldPairs = 0;
        if (stored) {
            start = TokenGroups.startOf(cursor);
            old = cursor.val().duplicate();
            oldPairs = TokenGroups.pairCount(old);
            bounded = cursor.next();
        } else {
            // Every group starts above token, so the first one bounds the new group.
            bounded = cursor.first();
        }
        if (bounded) nextStart = TokenGroups.startOf(cursor);
        oldDone = 0;
        merged = buffers.record(pairBytes(oldPairs + 1));
        mergedPairs = 0;
        merging = true;
    }

    /** Copies the stored pairs from {@code oldDone} up to {@code end} into the merged value. */
    private void keepOld(int end) {
        int n = end - oldDone;
        if (n == 0) return;
        ensureRoom(n);
        merged.put(pairBytes(mergedPairs), old, pairBytes(oldDone), pairBytes(n));
        mergedPairs += n;
        oldDone = end;
    }

    private void append(long token, long counts) {
        ensureRoom(1);
        int at = pairBytes(mergedPairs);
        merged.putLong(at, token).putLong(at + Long.BYTES, counts);
        mergedPairs++;
    }

    private void ensureRoom(int pairs) {
        int needed = pairBytes(mergedPairs + pairs);
        if (needed > merged.capacity()) merged = buffers.grownRecord(needed, pairBytes(mergedPairs));
    }

    private static int pairBytes(int pairs) {
        return pairs * TokenGroups.PAIR_BYTES;
    }
}
