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
    }

    /** The fewest slots (a power of two) that hold {@code entries} tokens within the load factor. */
    private static int slotsFor(int entries) {
        int slotCount = MIN_SLOTS;
        while (slotCount * LOAD_NUMERATOR / LOAD_DENOMINATOR < entries) slotCount *= 2;
        return slotCount;
    }

    /*
     * Before format 3 the held counts were handed on from a list of the filled slots, in the
     * order they were filled (home order within one fold, not across folds; walking it rather
     * than every slot had measured 0.96 of the writer at batches of 500), then sorted into token
     * order for the token groups like the log's runs. The groups now go by home order (see
     * TokenGroups), which the slots in order nearly are, and the list would not be.
     */
    /**
     * Copies every held token and its counts into {@code tokens} and {@code counts}, in home
     * order ({@link LinearProbing#homeOrder}, unsigned), which is the token groups' order and
     * the mirror's. Slot order is nearly that: a token sits at its home or past it, in a probe
     * run of tokens homed at or before it. So the slots are copied in order, token 0 (home
     * order 0) first and the tokens that wrapped around from the table's end into the run at
     * its front last, and an insertion sort puts the rest right ({@link #sortByHomeOrder}).
     */
    void copyInHomeOrder(long[] tokens, long[] counts) {
        int n = 0;
        if (zeroHeld) {
            tokens[n] = 0;
            counts[n++] = slots[2 * zeroSlot() + 1];
        }
        // The table is never full, so some slot is empty and no probe run goes past it.
        int frontRunEnd = 0;
        while (slots[2 * frontRunEnd] != 0) frontRunEnd++;
        for (int j = 0; j < zeroSlot(); j++) {
            if (j < frontRunEnd && wrapped(j)) continue;
            if (slots[2 * j] == 0) continue;
            tokens[n] = slots[2 * j];
            counts[n++] = slots[2 * j + 1];
        }
        for (int j = 0; j < frontRunEnd; j++) {
            if (!wrapped(j)) continue;
            tokens[n] = slots[2 * j];
            counts[n++] = slots[2 * j + 1];
        }
        sortByHomeOrder(tokens, counts, n);
    }

    /** Whether the token at filled slot {@code j} of the front probe run is homed past it, near the table's end. */
    private boolean wrapped(int j) {
        return LinearProbing.home(slots[2 * j], mask) > j;
    }

    /**
     * Sorts the first {@code n} tokens, with their counts, by home order, moving each only past
     * greater ones. A token copied after one of greater home order sits in the same probe run,
     * past its slot, so its insert probed that slot (which kept its token: nothing leaves the
     * table but by clear): the shifts are at most the probes that filled the table, a few per
     * token in mixed hashes, and never quadratic unless the inserts were already.
     */
    private static void sortByHomeOrder(long[] tokens, long[] counts, int n) {
        for (int i = 1; i < n; i++) {
            long token = tokens[i];
            long home = LinearProbing.homeOrder(token);
            if (Long.compareUnsigned(LinearProbing.homeOrder(tokens[i - 1]), home) < 0) continue;
            long tokenCounts = counts[i];
            int k = i;
            do {
                tokens[k] = tokens[k - 1];
                counts[k] = counts[k - 1];
                k--;
            } while (k > 0 && Long.compareUnsigned(LinearProbing.homeOrder(tokens[k - 1]), home) > 0);
            tokens[k] = token;
            counts[k] = tokenCounts;
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
