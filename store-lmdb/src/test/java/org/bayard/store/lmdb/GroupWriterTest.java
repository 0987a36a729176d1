package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.store.lmdb.StoredGroups.counts;
import static org.bayard.store.lmdb.StoredGroups.inHomeOrder;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.bayard.core.store.Counts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Token groups (format 3: by home order) written by GroupWriter, read back raw and against a model of every token's counts. */
class GroupWriterTest {
    @RegisterExtension
    final StoredGroups groups = new StoredGroups();

    @Test
    void randomChangesReadBackExactlyAndGroupsKeepTheirShape() {
        SplittableRandom random = new SplittableRandom(7);
        // Edges of the unsigned order among random tokens, as tokens and as home orders: 0, the top bit, all ones.
        long[] edges = {0, 1, Long.MAX_VALUE, Long.MIN_VALUE, -1, LinearProbing.tokenOf(1), LinearProbing.tokenOf(Long.MAX_VALUE),
            LinearProbing.tokenOf(Long.MIN_VALUE), LinearProbing.tokenOf(-1)};
        for (int round = 0; round < 30; round++) {
            TreeMap<Long, Long> changes = inHomeOrder();
            for (int i = 0; i < 2_000; i++) {
                // Half new tokens, half tokens held already (changed, or deleted with counts 0).
                if (groups.model.isEmpty() || random.nextBoolean()) changes.put(random.nextLong(), counts(random));
                else changes.put(groups.someHeld(random), random.nextInt(4) == 0 ? 0 : counts(random));
            }
            if (round % 5 == 0) for (long edge : edges) changes.put(edge, random.nextBoolean() ? 0 : counts(random));
            groups.writeInPlace(changes);
            groups.assertMatchesModel(random);
        }
    }

    @Test
    void aGroupThatOutgrowsTheLimitIsCutAndAnEmptiedOneIsDeleted() {
        TreeMap<Long, Long> changes = inHomeOrder();
        for (long t = 1_000; t < 1_000 + 10 * TokenGroups.MAX_PAIRS; t++) changes.put(t, Counts.pack(1, 0));
        groups.writeInPlace(changes);
        List<Integer> sizes = groups.groupSizes();
        assertThat(sizes).hasSizeGreaterThan(1).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(TokenGroups.MAX_PAIRS));
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10 * TokenGroups.MAX_PAIRS);

        TreeMap<Long, Long> deletions = inHomeOrder();
        for (long t : changes.keySet()) deletions.put(t, 0L);
        groups.writeInPlace(deletions);
        assertThat(groups.groupSizes()).isEmpty();
    }

    @Test
    void valuesHoldBigEndianPairsOfHomeOrderAndCountsAndCutPartsStartAtTheirFirstTokens() {
        long token = 0x0102_0304_0506_0708L;
        groups.writeInPlace(inHomeOrder(Map.of(token, Counts.pack(3, 4))));
        ByteBuffer expected = ByteBuffer.allocate(TokenGroups.PAIR_BYTES)
                .putLong(LinearProbing.homeOrder(token)).putLong(Counts.pack(3, 4)).flip();
        assertThat(rawValues()).containsExactly(expected);
        assertThat(groupStarts()).containsExactly(LinearProbing.homeOrder(token));

        TreeMap<Long, Long> changes = inHomeOrder();
        for (long t = token + 1; t <= token + 3 * TokenGroups.MAX_PAIRS; t++) changes.put(t, Counts.pack(1, 0));
        groups.writeInPlace(changes);
        List<Long> firstTokens = new ArrayList<>();
        for (ByteBuffer value : rawValues()) firstTokens.add(value.getLong(0));
        assertThat(groupStarts()).hasSizeGreaterThan(1).isEqualTo(firstTokens);
        groups.assertMatchesModel(new SplittableRandom(3));
    }

    /** Tokens picked by their home orders 100, 500 and 900: the groups go by home order, not by token. */
    @Test
    void tokensBelowEveryGroupStartANewGroupAndLaterOnesJoinTheLast() {
        groups.writeInPlace(inHomeOrder(Map.of(LinearProbing.tokenOf(500), Counts.pack(1, 0))));
        groups.writeInPlace(inHomeOrder(Map.of(LinearProbing.tokenOf(100), Counts.pack(0, 1), LinearProbing.tokenOf(900), Counts.pack(2, 2))));
        assertThat(groupStarts()).containsExactly(100L, 500L);
        groups.assertMatchesModel(new SplittableRandom(1));
    }

    @Test
    void groupsFollowTheUnsignedHomeOrderAcrossTheTopBit() {
        long high = 0x7000_0000_0000_0000L;
        long aboveTopBit = 0x8000_0000_0000_0005L;
        groups.writeInPlace(inHomeOrder(Map.of(LinearProbing.tokenOf(high), Counts.pack(1, 0))));
        groups.writeInPlace(inHomeOrder(Map.of(LinearProbing.tokenOf(10), Counts.pack(1, 0))));
        TreeMap<Long, Long> changes = inHomeOrder();
        changes.put(LinearProbing.tokenOf(11), Counts.pack(2, 0));
        changes.put(LinearProbing.tokenOf(aboveTopBit), Counts.pack(0, 3));
        groups.writeInPlace(changes);
        assertThat(groupStarts()).containsExactly(10L, high);
        groups.assertMatchesModel(new SplittableRandom(2));
    }

    /** Token 0 (home order 0), -1 and consecutive small tokens, which the mix spreads over the whole range. */
    @Test
    void tokensThatAreNotHashesAreGroupedAndFoundByTheirHomeOrders() {
        TreeMap<Long, Long> changes = inHomeOrder();
        changes.put(0L, Counts.pack(7, 0));
        changes.put(-1L, Counts.pack(0, 7));
        for (long t = 1; t <= 5 * TokenGroups.MAX_PAIRS; t++) changes.put(t, Counts.pack((int) t, 1));
        groups.writeInPlace(changes);
        assertThat(groupStarts().getFirst()).isZero();
        groups.assertMatchesModel(new SplittableRandom(4));
        TreeMap<Long, Long> deletions = inHomeOrder();
        for (long t = 0; t <= 5 * TokenGroups.MAX_PAIRS; t += 2) deletions.put(t, 0L);
        groups.writeInPlace(deletions);
        groups.assertMatchesModel(new SplittableRandom(5));
    }

    /** Every group's value, copied out of LMDB. */
    private List<ByteBuffer> rawValues() {
        return groups.eachGroup(kv -> ByteBuffer.allocate(kv.val().remaining()).put(kv.val()).flip());
    }

    private List<Long> groupStarts() {
        return groups.eachGroup(kv -> kv.key().getLong(0));
    }
}
