package org.bayard.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.bayard.core.store.Counts;
import org.junit.jupiter.api.Test;

class CountGroupsTest {

    private static Map<Long, Integer> contents(CountGroups groups) {
        Map<Long, Integer> out = new HashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            assertThat(out.put(groups.counts(g), groups.tokens(g))).as("group %d repeated", g).isNull();
        }
        return out;
    }

    @Test
    void tokensWithEqualCountsShareAGroup() {
        CountGroups groups = new CountGroups();
        groups.add(Counts.pack(0, 1));
        groups.add(0L); // unseen tokens: a group like any other
        groups.add(Counts.pack(0, 1));
        groups.add(Counts.pack(1, 0));
        groups.add(0L);
        groups.add(Counts.pack(0, 1));
        assertThat(contents(groups)).containsOnly(Map.entry(Counts.pack(0, 1), 3), Map.entry(0L, 2),
                Map.entry(Counts.pack(1, 0), 1));
    }

    /** Random messages, some far past the initial table, each after a clear: as a HashMap counts them. */
    @Test
    void countsLikeAHashMapThroughGrowthAndClears() {
        SplittableRandom random = new SplittableRandom(5);
        CountGroups groups = new CountGroups();
        for (int message = 0; message < 200; message++) {
            groups.clear();
            int tokens = random.nextInt(message % 20 == 0 ? 20_000 : 800);
            int range = 1 + random.nextInt(message % 3 == 0 ? 30 : 5_000);
            Map<Long, Integer> expected = new HashMap<>();
            for (int i = 0; i < tokens; i++) {
                long packed = Counts.pack(random.nextInt(range), random.nextInt(range));
                groups.add(packed);
                expected.merge(packed, 1, Integer::sum);
            }
            assertThat(groups.size()).isEqualTo(expected.size());
            assertThat(contents(groups)).isEqualTo(expected);
        }
    }

    @Test
    void groupsAreNumberedInTheOrderTheirCountsFirstCame() {
        CountGroups groups = new CountGroups();
        long[] added = {Counts.pack(3, 0), 0L, Counts.pack(3, 0), Counts.pack(0, 9), 0L};
        for (long packed : added) groups.add(packed);
        assertThat(groups.size()).isEqualTo(3);
        assertThat(new long[] {groups.counts(0), groups.counts(1), groups.counts(2)})
                .containsExactly(Counts.pack(3, 0), 0L, Counts.pack(0, 9));
        assertThat(new int[] {groups.tokens(0), groups.tokens(1), groups.tokens(2)}).containsExactly(2, 2, 1);
    }

    /** A cleared group's token count starts again from 0 when its number is given out anew. */
    @Test
    void aClearStartsCountingAfresh() {
        CountGroups groups = new CountGroups();
        for (int i = 0; i < 5; i++) groups.add(Counts.pack(1, 0));
        groups.clear();
        groups.add(Counts.pack(0, 1));
        assertThat(contents(groups)).containsOnly(Map.entry(Counts.pack(0, 1), 1));
    }

    @Test
    void extremeCountsAreKeys() {
        CountGroups groups = new CountGroups();
        long max = Counts.pack(Integer.MAX_VALUE, Integer.MAX_VALUE);
        groups.add(max);
        groups.add(Counts.pack(Integer.MAX_VALUE, 0));
        groups.add(max);
        groups.add(-1L); // no value stands for an empty slot: even impossible counts are keys
        assertThat(contents(groups)).containsOnly(Map.entry(max, 2), Map.entry(Counts.pack(Integer.MAX_VALUE, 0), 1),
                Map.entry(-1L, 1));
    }

    /** -1 marks an empty slot inside the table: as counts it has a slot of its own, kept through growth and clears. */
    @Test
    void theCountsThatMarkAnEmptySlotAreCountedThroughGrowth() {
        CountGroups groups = new CountGroups();
        for (int message = 0; message < 3; message++) {
            groups.clear();
            Map<Long, Integer> expected = new HashMap<>();
            for (int i = 0; i < 5_000; i++) {
                long packed = i % 7 == 0 ? -1L : Counts.pack(i % 1_500, message);
                groups.add(packed);
                expected.merge(packed, 1, Integer::sum);
            }
            assertThat(contents(groups)).isEqualTo(expected);
        }
    }

    /** A table grown by a big message is kept for the next; one grown past 16,384 slots is not. */
    @Test
    void aHugeMessagesTableIsNotKept() {
        CountGroups groups = new CountGroups();
        int initial = groups.slots();
        for (int i = 0; i < 2_000; i++) groups.add(Counts.pack(i, 1));
        int grown = groups.slots();
        assertThat(grown).isGreaterThan(initial);
        groups.clear();
        assertThat(groups.slots()).isEqualTo(grown);
        for (int i = 0; i < 20_000; i++) groups.add(Counts.pack(i, 2));
        assertThat(groups.slots()).isGreaterThan(16_384);
        groups.clear();
        assertThat(groups.slots()).isEqualTo(initial);
        groups.add(Counts.pack(3, 3));
        groups.add(Counts.pack(3, 3));
        assertThat(contents(groups)).containsOnly(Map.entry(Counts.pack(3, 3), 2));
    }
}
