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
 * snapshot whose LMDB transaction id {@link #serve} was last given, and the entries of any other
 * snapshot are dropped before they could be read. LMDB gives each committed write, from any
 * process, a new transaction id, so writes by this process and by others are noticed alike.
 * Dropping waits for the first use of the entries, not {@link #serve}: a view whose lookups the
 * {@link TokenMirror} answers never touches them, and emptying 2 MB for each such view would
 * cost more than its lookups.
 *
 * <p>Bounded: {@link #SLOTS} entries (about 4 MB) whatever the store's size, in sets of
 * {@link #WAYS}. A message brings many tokens seen once and never again; a token found in the
 * cache is marked, and a full set evicts an unmarked token first (the clock policy), so those
 * one-off tokens do not push out the common ones. Simulated on the 500 samples scored in turn
 * (ScoreBench's pattern, 175,000 distinct tokens): 92% hits, against 55% for a direct-mapped
 * table half the size and 71% for one of the same size.
 *
 * <p>Not thread-safe: one view at a time.
 */
final class SnapshotCache {
    static final int SLOTS = 1 << 18;
    static final int WAYS = 4;
    /** Marks an empty slot, and a miss; packed counts are never negative. */
    static final long MISS = -1;
    private static final long NO_SNAPSHOT = -1;

    private final long[] tokens = new long[SLOTS];
    private final long[] counts = new long[SLOTS];
    private final boolean[] used = new boolean[SLOTS];
    /** The snapshot served now. */
    private long snapshot = NO_SNAPSHOT;
    /** The snapshot the token entries belong to. */
    private long entriesOf = NO_SNAPSHOT;
    private long totalsOf = NO_SNAPSHOT;
    private Totals totals;

    SnapshotCache() {
        Arrays.fill(counts, MISS);
    }

    /** Makes this cache answer for the snapshot with this transaction id; what it held of another is dropped. */
    void serve(long snapshotId) {
        if (snapshotId == snapshot) return;
        snapshot = snapshotId;
        entriesOf = NO_SNAPSHOT; // even a snapshot served before: entries are only kept while it is served throughout
        totalsOf = NO_SNAPSHOT;
    }

    /** The token's packed counts, or {@link #MISS}. */
    long get(long token) {
        if (entriesOf != snapshot) return MISS;
        int set = firstSlot(token);
        for (int slot = set; slot < set + WAYS; slot++) {
            if (tokens[slot] == token && counts[slot] != MISS) {
                used[slot] = true;
                return counts[slot];
            }
        }
        return MISS;
    }

    /** Caches a token that {@link #get} just missed. */
    void put(long token, long packedCounts) {
        if (entriesOf != snapshot) {
            Arrays.fill(counts, MISS);
            Arrays.fill(used, false);
            entriesOf = snapshot;
        }
        int slot = victim(token);
        tokens[slot] = token;
        counts[slot] = packedCounts;
        used[slot] = false;
    }

    /** An empty slot of the token's set, else one not used since it was filled; if all were, forgets the marks. */
    private int victim(long token) {
        int set = firstSlot(token);
        for (int slot = set; slot < set + WAYS; slot++) if (counts[slot] == MISS) return slot;
        for (int slot = set; slot < set + WAYS; slot++) if (!used[slot]) return slot;
        Arrays.fill(used, set, set + WAYS, false);
        return set + (int) (token & (WAYS - 1)); // any way will do; the token's low bits spread the choice
    }

    /** The totals, or null when not cached yet. */
    Totals totals() {
        return totalsOf == snapshot ? totals : null;
    }

    void putTotals(Totals totals) {
        this.totals = totals;
        totalsOf = snapshot;
    }

    /** The first slot of the token's set. */
    static int firstSlot(long token) {
        return (int) HashCommon.mix(token) & (SLOTS - WAYS);
    }
}
