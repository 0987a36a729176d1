package org.bayard.store.lmdb;

import it.unimi.dsi.fastutil.HashCommon;
import java.util.Arrays;
import org.bayard.core.store.Totals;

/**
 * Token counts and totals as one LMDB snapshot holds them, kept in the heap so that scoring
 * finds the common tokens without a native get each (those gets were most of the time spent
 * scoring against LMDB). Unknown tokens are cached too, as counts 0.
 *
 * <p>Correct by construction rather than by invalidation messages: every entry belongs to the
 * snapshot whose LMDB transaction id {@link #serve} was last given, and a view of any other
 * snapshot empties the cache first. LMDB gives each committed write, from any process, a new
 * transaction id, so writes by this process and by others are noticed alike.
 *
 * <p>Bounded: a direct-mapped table of {@link #SLOTS} entries (2 MB) whatever the store's size;
 * a token evicts whichever token shared its slot. Not thread-safe: one view at a time.
 */
final class SnapshotCache {
    static final int SLOTS = 1 << 17;
    /** Marks an empty slot, and a miss; packed counts are never negative. */
    static final long MISS = -1;
    private static final long NO_SNAPSHOT = -1;

    private final long[] tokens = new long[SLOTS];
    private final long[] counts = new long[SLOTS];
    private long snapshot = NO_SNAPSHOT;
    private Totals totals;

    SnapshotCache() {
        Arrays.fill(counts, MISS);
    }

    /** Makes this cache hold the snapshot with this transaction id: kept if it already does, else emptied. */
    void serve(long snapshotId) {
        if (snapshotId == snapshot) return;
        Arrays.fill(counts, MISS);
        totals = null;
        snapshot = snapshotId;
    }

    /** The token's packed counts, or {@link #MISS}. */
    long get(long token) {
        int slot = slot(token);
        return tokens[slot] == token ? counts[slot] : MISS;
    }

    void put(long token, long packedCounts) {
        int slot = slot(token);
        tokens[slot] = token;
        counts[slot] = packedCounts;
    }

    /** The totals, or null when not cached yet. */
    Totals totals() {
        return totals;
    }

    void putTotals(Totals totals) {
        this.totals = totals;
    }

    static int slot(long token) {
        return (int) HashCommon.mix(token) & (SLOTS - 1);
    }
}
