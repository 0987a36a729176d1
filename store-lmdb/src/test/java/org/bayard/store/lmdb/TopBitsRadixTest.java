package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TopBitsRadixTest {
    /**
     * Sorts {@code keys} by the protocol AddLog and LogRuns follow, each key with its index
     * alongside; returns the indexes in the order reached.
     */
    private static int[] radixOrder(long[] keys) {
        int n = keys.length;
        TopBitsRadix radix = new TopBitsRadix();
        long[] sorted = new long[n];
        int[] order = new int[n];
        radix.startTop(n);
        for (long key : keys) radix.countTop(key);
        radix.startPlacing();
        for (int i = 0; i < n; i++) {
            int at = radix.placeTop(keys[i]);
            sorted[at] = keys[i];
            order[at] = i;
        }
        long[] scratch = new long[n];
        int[] scratchOrder = new int[n];
        int covered = 0;
        for (int bucket = 0; bucket < radix.topBuckets(); bucket++) {
            int from = radix.bucketStart(bucket), to = radix.bucketEnd(bucket);
            assertThat(from).as("buckets follow each other").isEqualTo(covered);
            covered = to;
            if (!radix.bucketsToSort() || !radix.startNext(to - from)) continue;
            for (int i = from; i < to; i++) radix.countNext(sorted[i]);
            radix.startNextPlacing();
            for (int i = from; i < to; i++) {
                int at = radix.placeNext(sorted[i]);
                scratch[at] = sorted[i];
                scratchOrder[at] = order[i];
            }
            System.arraycopy(scratch, 0, sorted, from, to - from);
            System.arraycopy(scratchOrder, 0, order, from, to - from);
        }
        assertThat(covered).isEqualTo(n);
        return order;
    }

    /** Asserts that {@code order} holds each index of {@code keys} once, the indexes of equal keys ascending. */
    private static void assertStablePermutation(long[] keys, int[] order) {
        assertThat(order).hasSize(keys.length);
        boolean[] seen = new boolean[keys.length];
        Map<Long, Integer> lastIndex = new HashMap<>();
        for (int index : order) {
            assertThat(seen[index]).as("index %d twice", index).isFalse();
            seen[index] = true;
            Integer previous = lastIndex.put(keys[index], index);
            if (previous != null) assertThat(previous).as("equal keys in their first order").isLessThan(index);
        }
    }

    /** The keys at {@code order}, in that order. */
    private static long[] inOrder(long[] keys, int[] order) {
        long[] ordered = new long[order.length];
        for (int i = 0; i < order.length; i++) ordered[i] = keys[order[i]];
        return ordered;
    }

    /** How many shifts an insertion sort by unsigned value would make on {@code keys}. */
    private static long shiftsLeft(long[] keys) {
        long[] sorted = keys.clone();
        long shifts = 0;
        for (int i = 1; i < sorted.length; i++) {
            long key = sorted[i];
            int k = i;
            for (; k > 0 && Long.compareUnsigned(sorted[k - 1], key) > 0; k--) sorted[k] = sorted[k - 1];
            sorted[k] = key;
            shifts += i - k;
        }
        return shifts;
    }

    /** Mixed hashes, the sort's input, with many repeated: ordered but for a few neighbours, repeats stable. */
    @Test
    void ordersHashesButForAFewShiftsAndKeepsEqualKeysInOrder() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] {0, 1, 2, 31, 33, 500, 5_000, 300_000, 1_200_000}) {
            long[] distinct = random.longs(Math.max(1, n / 3)).toArray();
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) keys[i] = distinct[random.nextInt(distinct.length)];
            int[] order = radixOrder(keys);
            assertStablePermutation(keys, order);
            long shifts = shiftsLeft(inOrder(keys, order));
            // About one bucket per key leaves ~1/4 shift per key, and so does two steps' one pass
            // of one to two values per key (0.15 to 0.18 measured), where buckets of the top 8
            // bits left unsorted would leave ~n/1000 shifts per key.
            assertThat(shifts).as("shifts left for %d keys", n).isLessThanOrEqualTo((n < 1 << 17 ? n / 2 : n / 4) + 8);
        }
    }

    /** Keys that differ only below their top 24 bits: no pass can order them, and none may reorder equal ones. */
    @Test
    void keysSharingTheirTopBitsStayAPermutationWithEqualKeysInOrder() {
        SplittableRandom random = new SplittableRandom(5);
        long[] keys = new long[20_000];
        for (int i = 0; i < keys.length; i++) keys[i] = 0xABCDEFL << 40 | random.nextInt(100);
        assertStablePermutation(keys, radixOrder(keys));
    }

    /** A crowded bucket, the rest hashes, too many for one pass: the hashes are still sorted by their next bits. */
    @Test
    void aCrowdedBucketLeavesTheOthersSorted() {
        SplittableRandom random = new SplittableRandom(7);
        long[] keys = new long[300_000];
        for (int i = 0; i < keys.length; i++) keys[i] = random.nextInt(4) == 0 ? random.nextLong(1 << 20) : random.nextLong();
        int[] order = radixOrder(keys);
        assertStablePermutation(keys, order);
        long[] hashes = Arrays.stream(inOrder(keys, order)).filter(key -> key >>> 56 != 0).toArray();
        assertThat(shiftsLeft(hashes)).isLessThanOrEqualTo(hashes.length / 4);
        TopBitsRadix radix = new TopBitsRadix();
        radix.startTop(keys.length);
        assertThat(radix.startNext(keys.length / 4)).as("a quarter of the keys in one of 256 buckets").isFalse();
        assertThat(radix.startNext(keys.length / 256)).isTrue();
    }
}
