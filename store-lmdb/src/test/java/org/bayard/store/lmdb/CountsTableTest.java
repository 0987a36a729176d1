package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CountsTableTest {
    @Test
    void agreesWithAHashMapThroughPutsRemovalsAndGrowth() {
        CountsTable table = new CountsTable(0);
        Map<Long, Long> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int step = 0; step < 200_000; step++) {
            // A small key range, so that removals hit present keys and probe runs collide; 0 included.
            long token = random.nextLong(-2_000, 2_000) * 0x9E37_79B9L;
            long counts = random.nextInt(3) == 0 ? 0 : random.nextLong(1, Long.MAX_VALUE);
            table.put(token, counts);
            if (counts == 0) expected.remove(token);
            else expected.put(token, counts);
        }
        assertThat(table.size()).isEqualTo(expected.size());
        for (long k = -2_000; k < 2_000; k++) {
            long token = k * 0x9E37_79B9L;
            assertThat(table.get(token)).as("token %d", token).isEqualTo(expected.getOrDefault(token, 0L));
        }
    }

    @Test
    void removalKeepsLaterKeysOfTheSameProbeRunReachable() {
        CountsTable table = new CountsTable(4);
        for (long t = 1; t <= 12; t++) table.put(t, t);
        for (long t = 1; t <= 12; t += 2) table.put(t, 0);
        for (long t = 1; t <= 12; t++) assertThat(table.get(t)).isEqualTo(t % 2 == 0 ? t : 0);
        assertThat(table.size()).isEqualTo(6);
    }

    @Test
    void aTableSizedForItsEntriesDoesNotGrowWhileFilled() {
        CountsTable table = new CountsTable(1_000);
        long bytes = table.bytes();
        for (long t = 1; t <= 1_000; t++) table.put(t, 1);
        assertThat(table.bytes()).isEqualTo(bytes).isEqualTo(CountsTable.bytesFor(1_000));
    }
}
