package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class PendingCountsTest {
    private static final long ABSENT = -1;

    /** Applies {@code counts} to {@code token} through one find, the way the writer does. */
    private static void set(PendingCounts pending, long token, long counts) {
        int slot = pending.find(token);
        if (slot >= 0) {
            pending.setCountsAt(slot, counts);
            return;
        }
        int at = pending.insert(slot, token, counts);
        assertThat(pending.find(token)).as("where insert says %d went, across growth", token).isEqualTo(at);
        assertThat(pending.countsAt(at)).isEqualTo(counts);
    }

    /** The held tokens as the writer writes them: copied in home order into runs. */
    private static LogRuns held(PendingCounts pending) {
        LogRuns runs = new LogRuns();
        runs.holdAll(pending);
        return runs;
    }

    @Test
    void agreesWithAHashMapThroughFindsInsertsAndGrowth() {
        PendingCounts pending = new PendingCounts();
        Map<Long, Long> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(11);
        for (int step = 0; step < 200_000; step++) {
            // Colliding multiples over a range wider than the first table, 0 and negatives included.
            long token = random.nextLong(-5_000, 5_000) * 0x9E37_79B9L;
            long counts = random.nextInt(4) == 0 ? 0 : random.nextLong(0, Long.MAX_VALUE);
            int slot = pending.find(token);
            assertThat(slot >= 0).as("token %d held", token).isEqualTo(expected.containsKey(token));
            if (slot >= 0) assertThat(pending.countsAt(slot)).isEqualTo(expected.get(token));
            set(pending, token, counts);
            expected.put(token, counts);
        }
        assertThat(pending.size()).isEqualTo(expected.size());
        for (long k = -5_000; k < 5_000; k++) {
            long token = k * 0x9E37_79B9L;
            assertThat(pending.get(token, ABSENT)).as("token %d", token).isEqualTo(expected.getOrDefault(token, ABSENT));
        }
    }

    @Test
    void holdsZeroCountsAndTokenZero() {
        PendingCounts pending = new PendingCounts();
        assertThat(pending.get(0, ABSENT)).isEqualTo(ABSENT);
        set(pending, 0, 5);
        set(pending, 7, 0);
        assertThat(pending.get(0, ABSENT)).isEqualTo(5);
        assertThat(pending.get(7, ABSENT)).as("a held 0 means delete, not absent").isZero();
        assertThat(pending.size()).isEqualTo(2);
    }

    /** The held tokens in the order the writer writes them, each checked to hold {@code counts} of it. */
    private static List<Long> walked(PendingCounts pending, LongUnaryOperator counts) {
        List<Long> walked = new ArrayList<>();
        held(pending).forEach((token, c) -> {
            assertThat(c).as("counts of %d", token).isEqualTo(counts.applyAsLong(token));
            walked.add(token);
        });
        return walked;
    }

    private static List<Long> inHomeOrder(List<Long> tokens) {
        List<Long> sorted = new ArrayList<>(tokens);
        sorted.sort((a, b) -> Long.compareUnsigned(LinearProbing.homeOrder(a), LinearProbing.homeOrder(b)));
        return sorted;
    }

    /** Holds {@code tokens} in the order given, each with counts of its own, and checks they are walked in home order. */
    private static void assertWalkedInHomeOrder(List<Long> tokens) {
        PendingCounts pending = new PendingCounts();
        for (long t : tokens) set(pending, t, ~t);
        assertThat(walked(pending, t -> ~t)).isEqualTo(inHomeOrder(tokens));
    }

    @Test
    void walksTokensInHomeOrderWithTheirCounts() {
        PendingCounts pending = new PendingCounts();
        List<Long> tokens = List.of(-1L, 0L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, -2L, 42L);
        for (long t : tokens) set(pending, t, t * 3 + 1);
        List<Long> seen = walked(pending, t -> t * 3 + 1);
        assertThat(seen).isEqualTo(inHomeOrder(tokens)).startsWith(0L);
    }

    /** Folds insert in home order, one fold after another: the walk is in home order across them, and after growth. */
    @Test
    void walksTokensInsertedInSeveralFoldsAndAcrossGrowthInHomeOrder() {
        SplittableRandom random = new SplittableRandom(3);
        List<Long> tokens = new ArrayList<>();
        for (int fold = 0; fold < 5; fold++) {
            List<Long> batch = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) batch.add(random.nextLong());
            tokens.addAll(inHomeOrder(batch));
        }
        assertWalkedInHomeOrder(tokens);
    }

    @Test
    void walksHashedTokensOfEverySizeInHomeOrder() {
        SplittableRandom random = new SplittableRandom(23);
        for (int n : new int[] {0, 1, 2, 3, 40, 1_000, 300_000}) {
            assertWalkedInHomeOrder(random.longs(n).distinct().boxed().toList());
        }
    }

    /**
     * Tokens that are not hashes (consecutive, 0, negatives), and tokens crafted to share their
     * home's top bits, which crowd probe runs, some of them wrapping around the table's end.
     */
    @Test
    void tokensThatCrowdProbeRunsStillWalkInHomeOrder() {
        List<Long> tokens = new ArrayList<>();
        for (long t = -2_000; t < 2_000; t++) tokens.add(t * 7);
        long[] homeTops = {0, 0x8000_0000_0000_0000L, -1L << 48, 0x1234L << 48};
        for (long top : homeTops) {
            for (long low = 1; low <= 700; low++) tokens.add(LinearProbing.tokenOf(top | (low * 0x9E37_79B9_7F4AL & 0xFFFF_FFFF_FFFFL)));
        }
        List<Long> distinct = tokens.stream().distinct().toList();
        List<Long> shuffled = new ArrayList<>(distinct);
        Collections.shuffle(shuffled, new Random(1));
        assertWalkedInHomeOrder(shuffled);
        assertWalkedInHomeOrder(inHomeOrder(distinct).reversed());
    }

    /** The run at the table's front holds tokens homed at its end: they come last, after those homed at its front. */
    @Test
    void tokensThatWrapAroundTheTableEndWalkInHomeOrder() {
        // Homes at the very end of any table, then at its start: the first ones wrap into slot 0 and on.
        List<Long> tokens = new ArrayList<>();
        for (long i = 0; i < 50; i++) tokens.add(LinearProbing.tokenOf(-1L - i));
        for (long i = 1; i <= 50; i++) tokens.add(LinearProbing.tokenOf(i));
        assertWalkedInHomeOrder(tokens);
        assertWalkedInHomeOrder(tokens.reversed());
    }

    @Test
    void clearShrinksATableThatTheLastBatchLeftMostlyEmptyAndKeepsOneItFilled() {
        PendingCounts pending = new PendingCounts();
        for (long t = 1; t <= 100_000; t++) set(pending, t, t);
        int filled = pending.slotCount();
        pending.clear();
        assertThat(pending.slotCount()).isEqualTo(filled);
        for (long t = 1; t <= 600; t++) set(pending, t, t);
        pending.clear();
        assertThat(pending.slotCount()).isLessThan(filled / 64);
        for (long t = 1; t <= 5_000; t++) set(pending, t, -t);
        for (long t = 1; t <= 5_000; t++) assertThat(pending.get(t, ABSENT)).isEqualTo(-t);
    }

    @Test
    void clearForgetsEverything() {
        PendingCounts pending = new PendingCounts();
        for (long t = 0; t < 5_000; t++) set(pending, t, t);
        pending.clear();
        assertThat(pending.isEmpty()).isTrue();
        assertThat(pending.get(0, ABSENT)).isEqualTo(ABSENT);
        assertThat(pending.get(4_999, ABSENT)).isEqualTo(ABSENT);
        set(pending, 3, 9);
        assertThat(pending.get(3, ABSENT)).isEqualTo(9);
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void ensureCapacityKeepsEveryTokenAndTokenZero() {
        PendingCounts pending = new PendingCounts();
        SplittableRandom random = new SplittableRandom(9);
        long[] tokens = random.longs(500).toArray();
        for (long t : tokens) set(pending, t, t >>> 1);
        set(pending, 0, 77);
        pending.ensureCapacity(300_000);
        for (long t : tokens) assertThat(pending.get(t, ABSENT)).isEqualTo(t >>> 1);
        assertThat(pending.get(0, ABSENT)).isEqualTo(77);
        assertThat(pending.size()).isEqualTo(501);
        pending.ensureCapacity(10); // never shrinks
        assertThat(pending.get(tokens[3], ABSENT)).isEqualTo(tokens[3] >>> 1);
    }
}
