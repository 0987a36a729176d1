package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.bayard.core.store.Counts;
import org.bayard.core.store.Totals;
import org.junit.jupiter.api.Test;

class SnapshotCacheTest {
    private final SnapshotCache cache = new SnapshotCache();

    @Test
    void holdsCountsAndUnknownTokensOfItsSnapshot() {
        cache.serve(7);
        assertThat(cache.get(42)).isEqualTo(SnapshotCache.MISS);
        cache.put(42, Counts.pack(3, 4));
        cache.put(43, 0);
        assertThat(cache.get(42)).isEqualTo(Counts.pack(3, 4));
        assertThat(cache.get(43)).as("unknown token, cached as such").isZero();
        cache.serve(7);
        assertThat(cache.get(42)).as("same snapshot: kept").isEqualTo(Counts.pack(3, 4));
    }

    @Test
    void anotherSnapshotForgetsEverything() {
        cache.serve(7);
        cache.put(42, Counts.pack(3, 4));
        cache.putTotals(new Totals(1, 2));
        cache.serve(8);
        assertThat(cache.get(42)).isEqualTo(SnapshotCache.MISS);
        assertThat(cache.totals()).isNull();
        cache.serve(7);
        assertThat(cache.get(42)).as("going back is another snapshot too").isEqualTo(SnapshotCache.MISS);
    }

    @Test
    void aFullSetEvictsATokenNotFoundSinceItCameBeforeOneThatWas() {
        long[] sameSet = tokensOfOneSet(SnapshotCache.WAYS + 1);
        cache.serve(1);
        for (int i = 0; i < SnapshotCache.WAYS; i++) cache.put(sameSet[i], Counts.pack(i, 1));
        for (int i = 1; i < SnapshotCache.WAYS; i++) assertThat(cache.get(sameSet[i])).isEqualTo(Counts.pack(i, 1));
        long newcomer = sameSet[SnapshotCache.WAYS];
        cache.put(newcomer, Counts.pack(9, 9));
        assertThat(cache.get(sameSet[0])).as("the one never found again").isEqualTo(SnapshotCache.MISS);
        assertThat(cache.get(newcomer)).isEqualTo(Counts.pack(9, 9));
        for (int i = 1; i < SnapshotCache.WAYS; i++) assertThat(cache.get(sameSet[i])).isEqualTo(Counts.pack(i, 1));
    }

    @Test
    void aSetWhoseTokensWereAllFoundStillTakesANewOne() {
        long[] sameSet = tokensOfOneSet(SnapshotCache.WAYS + 1);
        cache.serve(1);
        for (int i = 0; i < SnapshotCache.WAYS; i++) cache.put(sameSet[i], Counts.pack(i, 1));
        for (int i = 0; i < SnapshotCache.WAYS; i++) cache.get(sameSet[i]);
        long newcomer = sameSet[SnapshotCache.WAYS];
        cache.put(newcomer, Counts.pack(9, 9));
        assertThat(cache.get(newcomer)).isEqualTo(Counts.pack(9, 9));
        int kept = 0;
        for (int i = 0; i < SnapshotCache.WAYS; i++) {
            long c = cache.get(sameSet[i]);
            if (c != SnapshotCache.MISS) {
                assertThat(c).as("never another token's counts").isEqualTo(Counts.pack(i, 1));
                kept++;
            }
        }
        assertThat(kept).isEqualTo(SnapshotCache.WAYS - 1);
    }

    private static long[] tokensOfOneSet(int n) {
        long[] out = new long[n];
        out[0] = 1;
        int found = 1;
        for (long t = 2; found < n; t++) if (SnapshotCache.firstSlot(t) == SnapshotCache.firstSlot(1)) out[found++] = t;
        return out;
    }

    @Test
    void tokenZeroInAnEmptySlotIsAMiss() {
        cache.serve(1);
        assertThat(cache.get(0)).isEqualTo(SnapshotCache.MISS);
    }
}
