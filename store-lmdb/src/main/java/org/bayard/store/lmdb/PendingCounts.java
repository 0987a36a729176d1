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
final class PendingCounts implements HeldCounts {
    /** At most 3/4 full: short probe runs. */
    private static final int LOAD_NUMERATOR = 3;
    private static final int LOAD_DENOMINATOR = 4;
    private static final int MIN_SLOTS = 1024;
    /** {@link #clear} shrinks a table filled to under half its most. */
    private static final int SHRINK_BELOW = 2;
    /** Most top bits that bucket the tokens in {@link #forEachInUnsignedOrder}: a 1 MB count array, a token or two per bucket. */
    private static final int MAX_BUCKET_BITS = 18;
    /** Shifts per token past which {@link #forEachInUnsignedOrder} quicksorts rather than insertion-sorts. */
    private static final int INSERTION_SORT_SHIFTS = 8;

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
    /* Scratch of forEachInUnsignedOrder, kept for the next walk: see clear. */
    private long[] orderedPairs = new long[0];
    private int[] bucketStarts = new int[0];

    PendingCounts() {
        allocate(MIN_SLOTS);
    }

    private void allocate(int slotCount) {
        slots = new long[2 * slotCount + 2];
        mask = slotCount - 1;
        filled = new int[maxSize() + 1];
    }

    @Override
    public int size() {
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

    /*
     * Sorting by bucket replaced fastutil's LongArrays.radixSort of the (token, counts) pairs,
     * ~17% of the writer's Java samples: measured on 150k random pairs (thread CPU time),
     * 9.6-9.8 ms down to 2.7-3.0 ms; on 60k, 23-26 ms down to 2.0-2.5 ms. With the batched
     * lookups of LmdbWriteView.addCounts, the writer thread's CPU time training the corpus went
     * from 284 to 222 us per message (old and new jar in turn, twice, rounds 2-4 of each).
     * Then (150k random tokens, thread CPU time of the walk, 15 walks per JVM, -Xmx1g, three
     * alternating runs each on a loaded machine): 16 fixed bucket bits, the pairs in two arrays
     * allocated per walk, each bucket sorted by fastutil's quickSort (a selection sort at that
     * size), 34-70 ns per token (median 47); the pairs interleaved in kept arrays, about as many
     * buckets as tokens and one insertion sort over the whole walk, 26-48 ns (median 32). The
     * new walk with arrays allocated per walk was no faster than the old: zeroing and placing
     * MBs of fresh arrays cost 10-20 ns per token. An insertion sort per bucket alone, with the
     * rest as before, had shown no gain either.
     */
    /**
     * Hands every held token to {@code consumer} in unsigned token order (the order of LMDB's
     * integer keys). The pairs are placed by their top bits (a counting sort, about one bucket
     * per token), then the few out of order within a bucket are put right by one insertion sort:
     * tokens are hashes, so that costs a few passes over the tokens rather than a comparison
     * sort's log n. Tokens that share their top bits (not hashes) crowd into a few buckets, where
     * an insertion sort would take quadratic time; then the pairs are quicksorted instead.
     */
    @Override
    public void forEachInUnsignedOrder(Consumer consumer) {
        int bits = Math.clamp(Integer.SIZE - Integer.numberOfLeadingZeros(size), 1, MAX_BUCKET_BITS);
        int buckets = 1 << bits;
        if (bucketStarts.length < buckets + 1) bucketStarts = new int[buckets + 1];
        Arrays.fill(bucketStarts, 0, buckets + 1, 0);
        if (orderedPairs.length < 2 * size) orderedPairs = new long[2 * size];
        long shiftsBound = countBuckets(bucketStarts, buckets, Long.SIZE - bits);
        long[] pairs = placeInBuckets(bucketStarts, Long.SIZE - bits);
        if (shiftsBound <= INSERTION_SORT_SHIFTS * (long) size) insertionSort(pairs, size);
        else quickSort(pairs, size);
        for (int i = 0; i < size; i++) consumer.accept(pairs[2 * i] ^ Long.MIN_VALUE, pairs[2 * i + 1]);
    }

    /**
     * Counts the held tokens of each bucket (the top bits, unsigned, above {@code shift}) into
     * {@code starts[bucket + 1]}, then turns the counts into where each bucket starts. Returns the
     * most shifts an insertion sort of the pairs placed by bucket could take: the pairs within a
     * bucket in reverse order.
     */
    private long countBuckets(int[] starts, int buckets, int shift) {
        for (int k = 0; k < size; k++) starts[(int) (slots[2 * filled[k]] >>> shift) + 1]++;
        long shifts = 0;
        for (int b = 1; b <= buckets; b++) {
            shifts += (long) starts[b] * (starts[b] - 1) / 2;
            starts[b] += starts[b - 1];
        }
        return shifts;
    }

    /**
     * The held (token, counts) pairs, interleaved (one cache line per pair placed, not two), in
     * order of their buckets; each token with its top bit flipped, so that signed order is
     * unsigned order. Uses up {@code starts}.
     */
    private long[] placeInBuckets(int[] starts, int shift) {
        long[] pairs = orderedPairs;
        for (int k = 0; k < size; k++) {
            int j = filled[k];
            long token = slots[2 * j];
            int at = 2 * starts[(int) (token >>> shift)]++;
            pairs[at] = token ^ Long.MIN_VALUE;
            pairs[at + 1] = slots[2 * j + 1];
        }
        return pairs;
    }

    /** Sorts the first {@code n} pairs by their (distinct) first element: few shifts when they are nearly sorted. */
    private static void insertionSort(long[] pairs, int n) {
        for (int i = 1; i < n; i++) {
            long key = pairs[2 * i];
            if (key > pairs[2 * i - 2]) continue;
            long value = pairs[2 * i + 1];
            int k = i;
            do {
                pairs[2 * k] = pairs[2 * k - 2];
                pairs[2 * k + 1] = pairs[2 * k - 1];
                k--;
            } while (k > 0 && pairs[2 * k - 2] > key);
            pairs[2 * k] = key;
            pairs[2 * k + 1] = value;
        }
    }

    /** Sorts the first {@code n} pairs by their first element, in n log n whatever their order. */
    private static void quickSort(long[] pairs, int n) {
        it.unimi.dsi.fastutil.Arrays.quickSort(0, n, (a, b) -> Long.compare(pairs[2 * a], pairs[2 * b]), (a, b) -> {
            long key = pairs[2 * a], value = pairs[2 * a + 1];
            pairs[2 * a] = pairs[2 * b];
            pairs[2 * a + 1] = pairs[2 * b + 1];
            pairs[2 * b] = key;
            pairs[2 * b + 1] = value;
        });
    }

    /**
     * Hands every held token to {@code consumer}, in the order they were inserted (but in slot
     * order after the table grew): in home order for tokens inserted in home order.
     */
    void forEach(Consumer consumer) {
        for (int k = 0; k < size; k++) {
            int j = filled[k];
            consumer.accept(slots[2 * j], slots[2 * j + 1]);
        }
    }

    /** In the order of {@link #forEach}: see TokenMirror.advance. */
    @Override
    public void putInto(CountsTable mirror) {
        forEach(mirror::put);
    }

    /*
     * The writer keeps one PendingCounts from a transaction to the next, with its table and its
     * walk's scratch, instead of allocating them (MBs, zeroed by the JVM) for each: measured
     * (JFR) 21 MB of arrays allocated per transaction of 500 messages before, most of them
     * these and the AddLog's.
     */
    /**
     * Forgets every token, keeping the table sized for the last batch: one more than twice as
     * large as that needed is made smaller, since each walk and each clear passes over every
     * slot (the first batch of a corpus held 200k tokens and left 2^19 slots; the next ones,
     * about 150k, fit 2^18). The ordered walk's scratch goes with a table too small to fill it.
     */
    void clear() {
        if (size < maxSize() / SHRINK_BELOW && zeroSlot() > MIN_SLOTS) {
            allocate(slotsFor(size));
            if (orderedPairs.length > 2 * zeroSlot()) {
                orderedPairs = new long[0];
                bucketStarts = new int[0];
            }
        } else {
            Arrays.fill(slots, 0);
        }
        size = 0;
        zeroHeld = false;
    }
}
