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
    void tokensSharingASlotEvictEachOtherWithoutMixingUp() {
        long a = 1;
        long b = 2;
        while (SnapshotCache.slot(b) != SnapshotCache.slot(a)) b++;
        cache.serve(1);
        cache.put(a, Counts.pack(1, 0));
        cache.put(b, Counts.pack(0, 1));
        assertThat(cache.get(a)).isEqualTo(SnapshotCache.MISS);
        assertThat(cache.get(b)).isEqualTo(Counts.pack(0, 1));
    }

    @Test
    void tokenZeroInAnEmptySlotIsAMiss() {
        cache.serve(1);
        assertThat(cache.get(0)).isEqualTo(SnapshotCache.MISS);
    }
}
