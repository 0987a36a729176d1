package org.bayard.store.lmdb;

import it.unimi.dsi.fastutil.HashCommon;
import it.unimi.dsi.fastutil.longs.LongArrays;
import java.util.Arrays;

/**
 * The writer's held counts: token to packed counts, open addressing with linear probing over one
 * interleaved {@code long[]} (key, value, key, value...). Why not a fastutil map: the writer
 * applies each token occurrence as get-then-put, two probes of a table of ~100k tokens, each
 * likely a cache miss. Here {@link #find} returns the token's slot, or where it would go, so one
 * probe serves both the read and the write: {@link #countsAt}/{@link #setCountsAt} on a hit,
 * {@link #insert} on a miss (valid as long as nothing was inserted in between).
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
        long[] s = slots;
        int i = (int) HashCommon.mix(token) & mask;
        while (true) {
            long key = s[2 * i];
            if (key == token) return i;
            if (key == 0) return -i - 1;
            i = (i + 1) & mask;
        }
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
        if (++size > zeroSlot() * LOAD_NUMERATOR / LOAD_DENOMINATOR) grow();
    }

    /** The held counts of {@code token}, or {@code absent}. */
    long get(long token, long absent) {
        int slot = find(token);
        return slot >= 0 ? countsAt(slot) : absent;
    }

    private void grow() {
        long[] old = slots;
        int oldSlots = zeroSlot();
        allocate(2 * oldSlots);
        for (int j = 0; j < oldSlots; j++) {
            long key = old[2 * j];
            if (key == 0) continue;
            int i = (int) HashCommon.mix(key) & mask;
            while (slots[2 * i] != 0) i = (i + 1) & mask;
            slots[2 * i] = key;
            slots[2 * i + 1] = old[2 * j + 1];
        }
        slots[2 * zeroSlot() + 1] = old[2 * oldSlots + 1];
    }

    /** Receives held tokens and their counts. */
    @FunctionalInterface
    interface Consumer {
        void accept(long token, long counts);
    }

    /**
     * Hands every held token to {@code consumer} in unsigned token order (the order of LMDB's
     * integer keys). Tokens and counts are gathered into two arrays and sorted together, so
     * the walk needs no lookup per token afterwards.
     */
    void forEachInUnsignedOrder(Consumer consumer) {
        long[] tokens = new long[size];
        long[] counts = new long[size];
        int n = 0;
        for (int j = 0; j < zeroSlot(); j++) {
            if (slots[2 * j] == 0) continue;
            tokens[n] = slots[2 * j] ^ Long.MIN_VALUE; // signed order of flipped keys = unsigned order
            counts[n++] = slots[2 * j + 1];
        }
        if (zeroHeld) {
            tokens[n] = Long.MIN_VALUE;
            counts[n++] = slots[2 * zeroSlot() + 1];
        }
        // Keys are distinct, so sorting the pairs lexicographically sorts by token.
        LongArrays.radixSort(tokens, counts);
        for (int i = 0; i < n; i++) consumer.accept(tokens[i] ^ Long.MIN_VALUE, counts[i]);
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
