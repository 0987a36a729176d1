package org.bayard.store.lmdb;

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
    /** {@link #clear} shrinks a table filled to under half its most. */
    private static final int SHRINK_BELOW = 2;

    /** Slot pairs of the table, then one pair for token 0. */
    private long[] slots;
    private int mask;
    private int size;
    private boolean zeroHeld;
    /*
     * The table is sized for a batch's distinct tokens before they are inserted, between a
     * third and three quarters full (measured: ~175k tokens in 2^19 slots for batches of 500),
     * and each walk over its slots paid an unpredictable branch per slot on whether it is empty.
     * Walking the list instead (writer thread CPU time, the corpus in batches of 500, old and new
     * jar alternating in one JVM): median pair ratio 0.96 (9 pairs, noisy: 0.67-1.09).
     */
    /**
     * The first {@link #size} entries: the slots filled, the zero slot among them if held, in
     * the order they were filled, which is home order for tokens inserted in home order, and
     * slot order after the table grew. The walks go through these instead of every slot.
     */
    private int[] filled;

    PendingCounts() {
        allocate(MIN_SLOTS);
    }

    private void allocate(int slotCount) {
        slots = new long[2 * slotCount + 2];
        mask = slotCount - 1;
        filled = new int[maxSize() + 1];
    }

    int size() {
        return size;
    }

    /** Slots in the table, for tests. */
    int slotCount() {
        return zeroSlot();
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

    /**
     * Holds {@code token}, which {@link #find} just reported missing as {@code missing}; returns
     * its slot, for more adds at it (moved if the table had to grow).
     */
    int insert(int missing, long token, long counts) {
        int slot = -missing - 1;
        if (token == 0) zeroHeld = true;
        else slots[2 * slot] = token;
        slots[2 * slot + 1] = counts;
        filled[size] = slot;
        if (++size <= maxSize()) return slot;
        ensureCapacity(size + 1);
        return find(token);
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
        allocate(slotsFor(entries));
        LinearProbing.rehash(old, oldSlots, slots, mask);
        slots[2 * zeroSlot() + 1] = old[2 * oldSlots + 1];
        int listed = 0;
        for (int j = 0; j < zeroSlot(); j++) {
            if (slots[2 * j] != 0) filled[listed++] = j;
        }
        if (zeroHeld) filled[listed] = zeroSlot();
    }

    /** The fewest slots (a power of two) that hold {@code entries} tokens within the load factor. */
    private static int slotsFor(int entries) {
        int slotCount = MIN_SLOTS;
        while (slotCount * LOAD_NUMERATOR / LOAD_DENOMINATOR < entries) slotCount *= 2;
        return slotCount;
    }

    /**
     * Copies every held token and its counts into {@code tokens} and {@code counts}, in the order
     * they were inserted (but in slot order after the table grew): in home order for tokens
     * inserted in home order.
     */
    void copyTo(long[] tokens, long[] counts) {
        for (int k = 0; k < size; k++) {
            int j = filled[k];
            tokens[k] = slots[2 * j];
            counts[k] = slots[2 * j + 1];
        }
    }

    /*
     * The writer keeps one PendingCounts from a transaction to the next, with its table,
     * instead of allocating it (MBs, zeroed by the JVM) for each: measured
     * (JFR) 21 MB of arrays allocated per transaction of 500 messages before, most of them
     * these and the AddLog's.
     */
    /**
     * Forgets every token, keeping the table sized for the last batch: one more than twice as
     * large as that needed is made smaller, since each clear passes over every slot (the first
     * batch of a corpus held 200k tokens and left 2^19 slots; the next ones, about 150k, fit 2^18).
     */
    void clear() {
        if (size < maxSize() / SHRINK_BELOW && zeroSlot() > MIN_SLOTS) {
            allocate(slotsFor(size));
        } else {
            Arrays.fill(slots, 0);
        }
        size = 0;
        zeroHeld = false;
    }
}
