package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
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

    /** The held tokens as the writer writes them: copied (copyTo) into runs, then walked. */
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

    @Test
    void walksTokensInUnsignedOrderWithTheirCounts() {
        PendingCounts pending = new PendingCounts();
        long[] tokens = {-1, 0, 1, Long.MIN_VALUE, Long.MAX_VALUE, -2, 42};
        for (long t : tokens) set(pending, t, t * 3 + 1);
        List<Long> seen = new ArrayList<>();
        held(pending).forEachInUnsignedOrder((token, counts) -> {
            assertThat(counts).isEqualTo(token * 3 + 1);
            seen.add(token);
        });
        assertThat(seen).containsExactly(0L, 1L, 42L, Long.MAX_VALUE, Long.MIN_VALUE, -2L, -1L);
    }

    /** The writer inserts in home order and hands the tokens to the mirror in that order, which is the mirror's too. */
    @Test
    void copyToFollowsTheOrderOfInsertsUntilTheTableGrows() {
        PendingCounts pending = new PendingCounts();
        long[] tokens = {5, 0, -3, 1L << 40, 9};
        for (long token : tokens) set(pending, token, token + 1);
        List<Long> walked = new ArrayList<>();
        held(pending).forEach((token, counts) -> {
            assertThat(counts).isEqualTo(token + 1);
            walked.add(token);
        });
        assertThat(walked).containsExactly(5L, 0L, -3L, 1L << 40, 9L);
    }

    @Test
    void copyToAndTheOrderedWalkSeeEveryTokenOnceAfterGrowth() {
        PendingCounts pending = new PendingCounts();
        SplittableRandom random = new SplittableRandom(3);
        Map<Long, Long> expected = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            long token = random.nextLong();
            set(pending, token, i);
            expected.put(token, (long) i);
        }
        Map<Long, Long> walked = new HashMap<>();
        held(pending).forEach((token, counts) -> assertThat(walked.put(token, counts)).isNull());
        assertThat(walked).isEqualTo(expected);
        long[] previous = {Long.MIN_VALUE};
        int[] n = {0};
        held(pending).forEachInUnsignedOrder((token, counts) -> {
            if (n[0]++ > 0) assertThat(Long.compareUnsigned(previous[0], token)).isNegative();
            previous[0] = token;
            assertThat(counts).isEqualTo(expected.get(token));
        });
        assertThat(n[0]).isEqualTo(expected.size());
    }

    @Test
    void tokensThatShareTheirTopBitsStillWalkInUnsignedOrder() {
        PendingCounts pending = new PendingCounts();
        List<Long> expected = new ArrayList<>();
        // Not hashes: three crowded buckets (the first with token 0, the last with -1) and one near the sign bit.
        for (long t = 0; t < 20_000; t++) expected.add(t * 7);
        for (long t = 1; t <= 20_000; t++) expected.add(-t * 5);
        for (long t = 0; t < 2_000; t++) expected.add(Long.MIN_VALUE + t * 3);
        for (long t = 1; t <= 2_000; t++) expected.add(Long.MAX_VALUE - t * 3);
        Collections.shuffle(expected, new Random(1));
        for (long t : expected) set(pending, t, t ^ 0x5555L);
        expected.sort(Long::compareUnsigned);
        List<Long> seen = new ArrayList<>();
        held(pending).forEachInUnsignedOrder((token, counts) -> {
            assertThat(counts).isEqualTo(token ^ 0x5555L);
            seen.add(token);
        });
        assertThat(seen).isEqualTo(expected);
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
