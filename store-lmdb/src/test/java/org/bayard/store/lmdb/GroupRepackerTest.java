package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.store.lmdb.StoredGroups.counts;
import static org.bayard.store.lmdb.StoredGroups.inHomeOrder;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.bayard.core.store.Counts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Token groups repacked whole by GroupRepacker, between in-place writes by GroupWriter, against a model of every token's counts. */
class GroupRepackerTest {
    @RegisterExtension
    final StoredGroups groups = new StoredGroups();

    @Test
    void repackedAndInPlaceChangesReadBackExactly() {
        SplittableRandom random = new SplittableRandom(11);
        long[] edges = {0, 1, -1, Long.MIN_VALUE, LinearProbing.tokenOf(0), LinearProbing.tokenOf(-1), LinearProbing.tokenOf(Long.MIN_VALUE)};
        for (int round = 0; round < 24; round++) {
            TreeMap<Long, Long> changes = inHomeOrder();
            int n = random.nextInt(1, 3_000);
            for (int i = 0; i < n; i++) {
                // New tokens, changed ones and deleted ones (counts 0), before, between and after the old ones.
                if (groups.model.isEmpty() || random.nextBoolean()) changes.put(random.nextLong(), counts(random));
                else changes.put(groups.someHeld(random), random.nextInt(4) == 0 ? 0 : counts(random));
            }
            if (round % 4 == 0) for (long edge : edges) changes.put(edge, random.nextBoolean() ? 0 : counts(random));
            if (round % 3 == 2) groups.writeInPlace(changes);
            else groups.repack(changes);
            groups.assertMatchesModel(random);
        }
    }

    @Test
    void repackedGroupsHoldThePackedCountButTheLastAndFillTheirPages() {
        SplittableRandom random = new SplittableRandom(5);
        // Written in place first, in ten batches, where groups grow and are cut and pages split: pages far from full.
        for (int batch = 0; batch < 10; batch++) {
            TreeMap<Long, Long> changes = inHomeOrder();
            for (int i = 0; i < 5_000; i++) changes.put(random.nextLong(), counts(random));
            groups.writeInPlace(changes);
        }
        long pagesInPlace = groups.leafPages();
        TreeMap<Long, Long> changes = inHomeOrder();
        changes.put(random.nextLong(), counts(random));
        groups.repack(changes);
        groups.assertMatchesModel(random);
        List<Integer> sizes = groups.groupSizes();
        assertThat(sizes.subList(0, sizes.size() - 1)).allSatisfy(size -> assertThat(size).isEqualTo(GroupRepacker.PACKED_PAIRS));
        // Three groups per page.
        assertThat(groups.leafPages()).isEqualTo(Math.ceilDiv(sizes.size(), 3)).isLessThan(pagesInPlace);
    }

    @Test
    void summedAddsLandOnTheCountsBeforeThemAndClampAtTheMostInBothWriters() {
        SplittableRandom random = new SplittableRandom(17);
        groups.repack(inHomeOrder(Map.of(42L, Counts.pack(Integer.MAX_VALUE - 2, 5))));
        for (int round = 0; round < 12; round++) {
            TreeMap<Long, Long> sums = inHomeOrder();
            int n = random.nextInt(1, 3_000);
            for (int i = 0; i < n; i++) {
                // New tokens and held ones, with sums of 0 too (a new token with sums 0 is not stored).
                long token = groups.model.isEmpty() || random.nextBoolean() ? random.nextLong() : groups.someHeld(random);
                sums.put(token, random.nextInt(5) == 0 ? 0 : Counts.pack(random.nextInt(3), random.nextInt(3)));
            }
            sums.put(42L, Counts.pack(2, 1)); // its ham clamps at the most a count holds from the second round
            TreeMap<Long, Long> expected = inHomeOrder();
            sums.forEach((token, sum) -> expected.put(token,
                    Counts.add(groups.model.getOrDefault(token, 0L), Counts.ham(sum), Counts.spam(sum))));
            TreeMap<Long, Long> written = round % 2 == 0 ? groups.repackAddingSums(sums) : groups.writeInPlaceAddingSums(sums);
            assertThat(written).as("round %d", round).isEqualTo(expected);
            groups.assertMatchesModel(random);
        }
        assertThat(groups.model.get(42L)).isEqualTo(Counts.pack(Integer.MAX_VALUE, 5 + 12));
    }

    @Test
    void summedAddsLandAlikeWhetherFewAmongManyStoredTokensOrMany() {
        SplittableRandom random = new SplittableRandom(23);
        TreeMap<Long, Long> stored = inHomeOrder();
        for (int i = 0; i < 20_000; i++) stored.put(random.nextLong(), counts(random));
        groups.repack(stored);
        // One run per 40 stored tokens (long stretches of old pairs, copied in blocks), one per 3,
        // then more runs than stored tokens, then runs that all come before or after every stored one.
        for (int perRun : new int[] {40, 3, 0}) {
            TreeMap<Long, Long> sums = inHomeOrder();
            int n = perRun == 0 ? 2 * groups.model.size() : groups.model.size() / perRun;
            for (int i = 0; i < n; i++) {
                long token = random.nextInt(3) == 0 ? random.nextLong() : groups.someHeld(random);
                sums.put(token, random.nextInt(7) == 0 ? 0 : Counts.pack(random.nextInt(3), random.nextInt(3)));
            }
            assertSumsLand(sums);
        }
        long lowest = groups.model.firstKey(), highest = groups.model.lastKey();
        for (long home : new long[] {0, 1, -2, -1, Long.MIN_VALUE}) {
            TreeMap<Long, Long> sums = inHomeOrder();
            sums.put(LinearProbing.tokenOf(home), Counts.pack(1, 0));
            sums.put(lowest, Counts.pack(0, 1));
            sums.put(highest, Counts.pack(2, 2));
            assertSumsLand(sums);
        }
    }

    /** Repacks with {@code sums} added and checks what each token got and what the store holds. */
    private void assertSumsLand(TreeMap<Long, Long> sums) {
        TreeMap<Long, Long> expected = inHomeOrder();
        sums.forEach((token, sum) -> expected.put(token,
                Counts.add(groups.model.getOrDefault(token, 0L), Counts.ham(sum), Counts.spam(sum))));
        assertThat(groups.repackAddingSums(sums)).isEqualTo(expected);
        groups.assertMatchesModel(new SplittableRandom(sums.size()));
        List<Integer> sizes = groups.groupSizes();
        assertThat(sizes.subList(0, sizes.size() - 1)).allSatisfy(size -> assertThat(size).isEqualTo(GroupRepacker.PACKED_PAIRS));
    }

    @Test
    void deletingEveryTokenLeavesNoGroup() {
        TreeMap<Long, Long> changes = inHomeOrder();
        for (long t = 1; t <= 500; t++) changes.put(t, Counts.pack(1, 2));
        groups.repack(changes);
        TreeMap<Long, Long> deletions = inHomeOrder();
        for (long t : changes.keySet()) deletions.put(t, 0L);
        groups.repack(deletions);
        assertThat(groups.groupSizes()).isEmpty();
        groups.assertMatchesModel(new SplittableRandom(1));
    }
}
