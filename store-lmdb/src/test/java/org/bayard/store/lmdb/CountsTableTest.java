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
            assertThat(get(table, token)).as("token %d", token).isEqualTo(expected.getOrDefault(token, 0L));
        }
    }

    @Test
    void removalKeepsLaterKeysOfTheSameProbeRunReachable() {
        CountsTable table = new CountsTable(4);
        for (long t = 1; t <= 12; t++) table.put(t, t);
        for (long t = 1; t <= 12; t += 2) table.put(t, 0);
        for (long t = 1; t <= 12; t++) assertThat(get(table, t)).isEqualTo(t % 2 == 0 ? t : 0);
        assertThat(table.size()).isEqualTo(6);
    }

    @Test
    void getAllAgreesWithGetThroughPutsAndRemovals() {
        CountsTable table = new CountsTable(0);
        SplittableRandom random = new SplittableRandom(11);
        for (int step = 0; step < 20_000; step++) {
            long token = random.nextLong(-300, 300) * 0x9E37_79B9L; // 0 included
            table.put(token, random.nextInt(3) == 0 ? 0 : random.nextLong(1, Long.MAX_VALUE));
            if (step % 1_000 == 0) assertGetAllAgreesWithGet(table, queries(random, 700));
        }
        assertGetAllAgreesWithGet(table, queries(random, 700));
    }

    @Test
    void getAllAgreesWithGetInATableAtItsFullestWithRunsThatWrapAround() {
        CountsTable table = new CountsTable(0);
        SplittableRandom random = new SplittableRandom(3);
        long bytes = table.bytes();
        long[] present = new long[12]; // 12 of 16 slots: the most before the table grows
        for (int i = 0; i < present.length; i++) {
            present[i] = random.nextLong() | 1;
            table.put(present[i], i + 1);
        }
        assertThat(table.bytes()).as("still 16 slots").isEqualTo(bytes);
        long[] queries = new long[40];
        for (int i = 0; i < queries.length; i++) queries[i] = i < 24 ? present[i % 12] : random.nextLong();
        queries[39] = 0;
        assertGetAllAgreesWithGet(table, queries);
        table.put(0, 77);
        for (int i = 0; i < present.length; i += 3) table.put(present[i], 0);
        assertGetAllAgreesWithGet(table, queries);
        long[] out = new long[queries.length];
        table.getAll(queries, queries.length, out);
        assertThat(out[39]).isEqualTo(77);
        assertThat(out[0]).as("removed").isZero();
        assertThat(out[1]).isEqualTo(2);
    }

    @Test
    void getAllFillsOnlyTheFirstCountSlots() {
        CountsTable table = new CountsTable(4);
        table.put(5, 50);
        table.put(6, 60);
        long[] out = {-1, -1, -1};
        table.getAll(new long[] {6, 5, 6}, 2, out);
        assertThat(out).containsExactly(60, 50, -1);
    }

    /** Tokens of a small range (so most are present), some arbitrary ones (absent), and 0. */
    private static long[] queries(SplittableRandom random, int n) {
        long[] tokens = new long[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = i % 5 == 4 ? random.nextLong() : random.nextLong(-300, 300) * 0x9E37_79B9L;
        }
        tokens[n / 2] = 0;
        return tokens;
    }

    /** One token's counts, looked up alone. */
    private static long get(CountsTable table, long token) {
        long[] out = new long[1];
        table.getAll(new long[] {token}, 1, out);
        return out[0];
    }

    private static void assertGetAllAgreesWithGet(CountsTable table, long[] tokens) {
        long[] all = new long[tokens.length];
        table.getAll(tokens, tokens.length, all);
        for (int i = 0; i < tokens.length; i++) {
            assertThat(all[i]).as("token %d", tokens[i]).isEqualTo(get(table, tokens[i]));
        }
    }

    @Test
    void aTableSizedForItsEntriesDoesNotGrowWhileFilled() {
        CountsTable table = new CountsTable(1_000);
        long bytes = table.bytes();
        for (long t = 1; t <= 1_000; t++) table.put(t, 1);
        assertThat(table.bytes()).isEqualTo(bytes).isEqualTo(CountsTable.bytesFor(1_000));
    }

    @Test
    void aTableFilledInHomeOrderHoldsEveryTokenAsPutsDo() {
        SplittableRandom random = new SplittableRandom(5);
        long[] homeOrders = new long[1_000];
        for (int i = 0; i < homeOrders.length; i++) homeOrders[i] = random.nextLong();
        homeOrders[17] = 0; // token 0
        assertFilledInHomeOrderHolds(new CountsTable(homeOrders.length), homeOrders);
        assertFilledInHomeOrderHolds(new CountsTable(2 * homeOrders.length), homeOrders);
    }

    @Test
    void aTableFilledInHomeOrderHoldsARunThatWrapsAround() {
        // 12 tokens, all at home in the last of 16 slots: the run wraps to the front.
        long[] homeOrders = new long[12];
        for (int i = 0; i < homeOrders.length; i++) homeOrders[i] = 0xF000_0000_0000_0000L | (i + 1);
        CountsTable table = new CountsTable(4);
        assertThat(table.bytes()).as("16 slots").isEqualTo(16 * 16);
        assertFilledInHomeOrderHolds(table, homeOrders);
    }

    @Test
    void aTableFilledInHomeOrderPastItsRoomGrowsAndHoldsEveryToken() {
        SplittableRandom random = new SplittableRandom(9);
        long[] homeOrders = new long[200];
        for (int i = 0; i < homeOrders.length; i++) homeOrders[i] = random.nextLong();
        CountsTable table = new CountsTable(4);
        long bytes = table.bytes();
        assertFilledInHomeOrderHolds(table, homeOrders);
        assertThat(table.bytes()).isGreaterThan(bytes);
    }

    /** Fills the empty table with these tokens (given by home order) in ascending home order, counts i + 1; checks every look-up. */
    private static void assertFilledInHomeOrderHolds(CountsTable table, long[] homeOrders) {
        long[] sorted = homeOrders.clone();
        for (int i = 0; i < sorted.length; i++) sorted[i] ^= Long.MIN_VALUE; // unsigned order, sorted as signed
        java.util.Arrays.sort(sorted);
        Map<Long, Long> expected = new HashMap<>();
        CountsTable.InHomeOrder fill = table.new InHomeOrder();
        for (int i = 0; i < sorted.length; i++) {
            long homeOrder = sorted[i] ^ Long.MIN_VALUE;
            fill.add(homeOrder, i + 1);
            expected.put(LinearProbing.tokenOf(homeOrder), i + 1L);
        }
        assertThat(table.size()).isEqualTo(expected.size());
        long[] tokens = new long[expected.size() + 50];
        int n = 0;
        for (long token : expected.keySet()) tokens[n++] = token;
        SplittableRandom random = new SplittableRandom(1);
        while (n < tokens.length) tokens[n++] = random.nextLong(); // almost surely absent
        long[] out = new long[tokens.length];
        table.getAll(tokens, tokens.length, out);
        for (int i = 0; i < tokens.length; i++) {
            assertThat(out[i]).as("token %d", tokens[i]).isEqualTo(expected.getOrDefault(tokens[i], 0L));
        }
    }
}
