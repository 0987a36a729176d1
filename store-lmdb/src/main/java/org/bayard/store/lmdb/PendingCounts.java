package org.bayard.store.lmdb;

import it.unimi.dsi.fastutil.longs.LongArrays;
import java.util.Arrays;

/**
 * The writer's held counts: token to packed counts, in {@link LinearProbing}'s slots. Why not a
 * fastutil map: the writer applies each token occurrence as get-then-put, two probes. Here
 * {@link #find} returns the token's slot, or where it would go, so one probe serves both the
 * read and the write: {@link #countsAt}/{@link #setCountsAt} on a hit, {@link #insert} on a miss
 * (valid as long as nothing was inserted in between).
 *
 * <p>Zero counts are held like any other (a held 0 means "delete the token"), unlike
 * {@link CountsTable}. Key 0 (a possible token hash) has its own slot past the table, because
 * 0 marks an empty slot. Nothing is ever removed but by {@link #clear}.
 */
final class PendingCounts {
    /** At most 3/4 full: short probe runs. */
    private static final int LOAD_NUMERATOR = 3;
    private static final int LOAD_DENOMINATOR = 4;
    private static final int MIN_SLOTS = 1024;
    /** Top bits that bucket the tokens in {@link #forEachInUnsignedOrder}: 65536 buckets, a 256 KB count array. */
    private static final int BUCKET_BITS = 16;
    private static final int BUCKETS = 1 << BUCKET_BITS;

    /** Slot pairs of the table, then one pair for token 0. */
    private long[] slots;
    private int mask;
    private int size;
    private boolean zeroHeld;

    PendingCounts() {
        allocate(MIN_SLOTS);
    }

    private void allocate(int slotCount) {
        slots = new long[2 * slotCount + 2];
        mask = slotCount - 1;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * The slot holding {@code token} (zero or more), or, when it is not held, {@code -(slot) - 1}
     * for the slot {@link #insert} would fill.
     */
    int find(long token) {
        if (token == 0) return zeroHeld ? zeroSlot() : -zeroSlot() - 1;
        int i = LinearProbing.slotOf(slots, mask, token); // never -1: the table is never full
        return slots[2 * i] == token ? i : -i - 1;
    }

    private int zeroSlot() {
        return mask + 1;
    }

    long countsAt(int slot) {
        return slots[2 * slot + 1];
    }

    void setCountsAt(int slot, long counts) {
        slots[2 * slot + 1] = counts;
    }

    /** Holds {@code token}, which {@link #find} just reported missing as {@code missing}. */
    void insert(int missing, long token, long counts) {
        int slot = -missing - 1;
        if (token == 0) zeroHeld = true;
        else slots[2 * slot] = token;
        slots[2 * slot + 1] = counts;
        if (++size > maxSize()) ensureCapacity(size + 1);
    }

    private int maxSize() {
        return zeroSlot() * LOAD_NUMERATOR / LOAD_DENOMINATOR;
    }

    /** The held counts of {@code token}, or {@code absent}. */
    long get(long token, long absent) {
        int slot = find(token);
        return slot >= 0 ? countsAt(slot) : absent;
    }

    /**
     * Grows the table now if {@code entries} tokens would overfill it: the writer sizes it for a
     * batch of inserts at once, which must not grow it on the way (see LmdbWriteView.fold).
     */
    void ensureCapacity(int entries) {
        if (entries <= maxSize()) return;
        long[] old = slots;
        int oldSlots = zeroSlot();
        int slotCount = oldSlots;
        while (slotCount * LOAD_NUMERATOR / LOAD_DENOMINATOR < entries) slotCount *= 2;
        allocate(slotCount);
        LinearProbing.rehash(old, oldSlots, slots, mask);
        slots[2 * zeroSlot() + 1] = old[2 * oldSlots + 1];
    }

    /** Receives held tokens and their counts. */
    @FunctionalInterface
    interface Consumer {
        void accept(long token, long counts);
    }

    /*
     * Sorting by bucket replaced fastutil's LongArrays.radixSort of the (token, counts) pairs,
     * ~17% of the writer's Java samples: measured on 150k random pairs (thread CPU time),
     * 9.6-9.8 ms down to 2.7-3.0 ms; on 60k, 23-26 ms down to 2.0-2.5 ms. With the batched
     * lookups of LmdbWriteView.addCounts, the writer thread's CPU time training the corpus went
     * from 284 to 222 us per message (old and new jar in turn, twice, rounds 2-4 of each).
     */
    /**
     * Hands every held token to {@code consumer} in unsigned token order (the order of LMDB's
     * integer keys). Tokens and counts are placed into two arrays by their top 16 bits (a
     * counting sort), then each bucket is sorted on its own: tokens are hashes, so a bucket holds
     * a few of them, and the whole costs a few passes over the tokens rather than a comparison
     * sort's log n. Tokens that share their top bits (not hashes) fall into one big bucket, which
     * is simply sorted like any other.
     */
    void forEachInUnsignedOrder(Consumer consumer) {
        int[] bucketStarts = bucketStarts();
        // Signed order of flipped keys = unsigned order; within a bucket it is that of the keys too.
        long[] tokens = new long[size];
        long[] counts = new long[size];
        int[] next = Arrays.copyOf(bucketStarts, BUCKETS);
        for (int j = 0; j < zeroSlot(); j++) {
            long token = slots[2 * j];
            if (token == 0) continue;
            int at = next[bucket(token)]++;
            tokens[at] = token ^ Long.MIN_VALUE;
            counts[at] = slots[2 * j + 1];
        }
        if (zeroHeld) {
            int at = next[bucket(0)]++;
            tokens[at] = Long.MIN_VALUE;
            counts[at] = slots[2 * zeroSlot() + 1];
        }
        for (int b = 0; b < BUCKETS; b++) {
            int from = bucketStarts[b], to = bucketStarts[b + 1];
            // Keys are distinct, so sorting the pairs lexicographically sorts by token.
            if (to - from > 1) LongArrays.quickSort(tokens, counts, from, to);
            for (int i = from; i < to; i++) consumer.accept(tokens[i] ^ Long.MIN_VALUE, counts[i]);
        }
    }

    /** Where each bucket's tokens start in the sorted order, and at {@code [BUCKETS]} their number. */
    private int[] bucketStarts() {
        int[] starts = new int[BUCKETS + 1];
        for (int j = 0; j < zeroSlot(); j++) {
            if (slots[2 * j] != 0) starts[bucket(slots[2 * j]) + 1]++;
        }
        if (zeroHeld) starts[bucket(0) + 1]++;
        for (int b = 0; b < BUCKETS; b++) starts[b + 1] += starts[b];
        return starts;
    }

    /** The bucket of {@link #forEachInUnsignedOrder}: the token's top bits, unsigned. */
    private static int bucket(long token) {
        return (int) (token >>> (Long.SIZE - BUCKET_BITS));
    }

    /** Hands every held token to {@code consumer}, in no particular order. */
    void forEach(Consumer consumer) {
        for (int j = 0; j < zeroSlot(); j++) {
            if (slots[2 * j] != 0) consumer.accept(slots[2 * j], slots[2 * j + 1]);
        }
        if (zeroHeld) consumer.accept(0, slots[2 * zeroSlot() + 1]);
    }

    /** Forgets every token, keeping the table's size for the next batch. */
    void clear() {
        Arrays.fill(slots, 0);
        size = 0;
        zeroHeld = false;
    }
}
