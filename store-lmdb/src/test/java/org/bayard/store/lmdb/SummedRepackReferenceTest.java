package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.store.lmdb.StoredGroups.counts;
import static org.bayard.store.lmdb.StoredGroups.inHomeOrder;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.bayard.core.store.Counts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link GroupRepacker#addSums}'s branch-free merge against the repack it replaced, which took
 * each token's old counts as it met them ({@link GroupRepacker#accept} of the counts the model
 * says): two stores that start alike must end with the very same groups, key by key and pair by
 * pair, and every run must get the counts the model gives it. The inputs are the merge's edges:
 * runs on every stored token (homes equal), runs all before or all after the stored ones, runs
 * of sums 0 (a held token unchanged, a new one not stored), counts at their cap, old groups of
 * every size that writes in place leave, and stores whose tokens fill their groups exactly.
 */
class SummedRepackReferenceTest {
    @RegisterExtension
    final StoredGroups merged = new StoredGroups();
    @RegisterExtension
    final StoredGroups reference = new StoredGroups();

    @Test
    void theMergeWritesTheGroupsThatTakingEachTokenWrote() {
        SplittableRandom random = new SplittableRandom(1819);
        for (int round = 0; round < 40; round++) {
            if (round % 5 == 0) {
                // old groups of uneven sizes: grown and cut in place
                TreeMap<Long, Long> changes = inHomeOrder();
                for (int i = random.nextInt(3_000); i > 0; i--) changes.put(random.nextLong(), counts(random));
                for (int i = random.nextInt(50); i > 0 && !merged.model.isEmpty(); i--) changes.put(merged.someHeld(random), 0L);
                merged.writeInPlace(changes);
                reference.writeInPlace(changes);
            }
            TreeMap<Long, Long> sums = sums(random, round);
            TreeMap<Long, Long> expected = inHomeOrder();
            sums.forEach((token, sum) -> expected.put(token,
                    Counts.add(merged.model.getOrDefault(token, 0L), Counts.ham(sum), Counts.spam(sum))));
            assertThat(merged.repackAddingSums(sums)).as("round %d", round).isEqualTo(expected);
            reference.repack(expected);
            assertThat(groups(merged)).as("round %d", round).isEqualTo(groups(reference));
            merged.assertMatchesModel(random);
        }
    }

    private TreeMap<Long, Long> sums(SplittableRandom random, int round) {
        TreeMap<Long, Long> sums = inHomeOrder();
        int held = merged.model.size();
        switch (round % 7) {
            case 0 -> { // every stored token, some new ones between
                for (long token : merged.model.keySet()) sums.put(token, sum(random));
                for (int i = random.nextInt(200); i > 0; i--) sums.put(random.nextLong(), sum(random));
            }
            case 1 -> { // only past the last stored token, or before the first
                long edge = held == 0 ? 0 : LinearProbing.homeOrder(random.nextBoolean() ? merged.model.lastKey() : merged.model.firstKey());
                boolean after = random.nextBoolean();
                for (int i = random.nextInt(1, 300); i > 0; i--) {
                    long home = after ? edge + 1 + (random.nextLong() >>> 1) % Math.max(1, -edge - 1 >>> 1)
                            : (random.nextLong() >>> 1) % Math.max(1, edge >>> 1);
                    if (home != edge) sums.put(LinearProbing.tokenOf(home), sum(random));
                }
            }
            case 2 -> { // few runs among many stored tokens: long stretches of old pairs, copied in blocks
                for (int i = held / 60; i >= 0; i--) sums.put(random.nextBoolean() ? random.nextLong() : someHeld(random), sum(random));
            }
            case 3 -> { // new tokens until the store holds a whole number of groups
                int missing = (GroupRepacker.PACKED_PAIRS - held % GroupRepacker.PACKED_PAIRS) % GroupRepacker.PACKED_PAIRS
                        + GroupRepacker.PACKED_PAIRS * random.nextInt(3);
                while (sums.size() < missing) sums.put(random.nextLong(), Counts.pack(1 + random.nextInt(3), random.nextInt(3)));
            }
            case 4 -> { // the cap: sums onto counts near the most a count holds, and sums of 0 only
                for (int i = random.nextInt(1, 400); i > 0; i--) {
                    sums.put(someHeld(random), random.nextBoolean() ? 0 : Counts.pack(Integer.MAX_VALUE, random.nextInt(5)));
                }
                for (int i = random.nextInt(100); i > 0; i--) sums.put(random.nextLong(), 0L);
            }
            case 6 -> { // dense and sparse stretches in one repack: the merge switches between stepping and copying blocks
                int index = 0;
                for (long token : merged.model.keySet()) {
                    boolean dense = (index++ / 500) % 2 == 0;
                    if (dense || random.nextInt(40) == 0) sums.put(token, sum(random));
                    if (dense && random.nextInt(3) == 0) sums.put(random.nextLong(), sum(random));
                }
            }
            default -> { // many runs, held and new, mixed
                for (int i = random.nextInt(1, 4_000); i > 0; i--) sums.put(random.nextInt(3) == 0 ? someHeld(random) : random.nextLong(), sum(random));
            }
        }
        return sums;
    }

    private long someHeld(SplittableRandom random) {
        return merged.model.isEmpty() ? random.nextLong() : merged.someHeld(random);
    }

    private static long sum(SplittableRandom random) {
        return random.nextInt(6) == 0 ? 0 : Counts.pack(random.nextInt(4), random.nextInt(4));
    }

    /** Each group's key and pairs, in key order. */
    private static List<List<Long>> groups(StoredGroups store) {
        return store.eachGroup(kv -> {
            List<Long> group = new ArrayList<>();
            group.add(kv.key().getLong(0));
            ByteBuffer value = kv.val();
            for (int i = 0, n = TokenGroups.pairCount(value); i < n; i++) {
                group.add(TokenGroups.homeOrderAt(value, i));
                group.add(TokenGroups.countsAt(value, i));
            }
            return group;
        });
    }
}
