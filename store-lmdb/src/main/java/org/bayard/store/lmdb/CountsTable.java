package org.bayard.store.lmdb;

import it.unimi.dsi.fastutil.HashCommon;

/**
 * Token to packed counts, in {@link LinearProbing}'s slots: no boxing, and one cache line per
 * lookup instead of one per array. Absent tokens read as counts 0, and putting counts 0 removes
 * the token, as the tokens database stores no zero counts. Key 0 (a possible token hash) lives
 * in a field, because 0 marks an empty slot.
 *
 * <p>Not thread-safe, but {@link #getAll} tolerates a concurrent {@link #put}: it reads the
 * array once, keeps its index inside it and probes at most the whole table, so a torn read
 * returns a wrong number instead of throwing or spinning. {@link TokenMirror} discards such
 * numbers.
 */
final class CountsTable {
    /** At most 3/4 full: short probe runs, while 1.2M tokens still fit 2^21 slots (32 MiB). */
    private static final int LOAD_NUMERATOR = 3;
    private static final int LOAD_DENOMINATOR = 4;
    private static final int MIN_SLOTS = 16;
    /**
     * Tokens per round of {@link #getAll}'s two passes: enough loads in flight, and few enough
     * (32 KB of lines) that the first pass's are still cached when the second reads them. The
     * writer asks for ~100k tokens at once, of which, unchunked, the first lines were gone by the
     * second pass: measured (90k lookups, half absent, in a table of 1.2M tokens, thread CPU
     * time) 75-105 ns per lookup unchunked, 52 ns in chunks.
     */
    private static final int GET_ALL_CHUNK = 512;

    private long[] slots;
    private int size;
    private long zeroCounts;

    /** A table that takes {@code entries} tokens without growing. */
    CountsTable(long entries) {
        slots = new long[2 * slotsFor(entries)];
    }

    /** Heap bytes of a table sized for {@code entries} tokens. */
    static long bytesFor(long entries) {
        return 16L * slotsFor(entries);
    }

    private static int slotsFor(long entries) {
        long needed = Math.max(MIN_SLOTS, entries * LOAD_DENOMINATOR / LOAD_NUMERATOR + 1);
        if (needed > 1 << 29) throw new IllegalArgumentException("too many tokens for one table: " + entries);
        return (int) HashCommon.nextPowerOfTwo(needed);
    }

    int size() {
        return size + (zeroCounts != 0 ? 1 : 0);
    }

    /** Heap bytes of the slots now. */
    long bytes() {
        return 8L * slots.length;
    }

    /*
     * Measured (1.2M random tokens in a table sized for them, batches of 600, median thread CPU
     * time on the shared 2-core AMD EPYC VM): with every token present, one lookup at a time and getAll
     * both take 40-50 ns per token; with half absent, 108 ns against 61; all absent, 95 against 76.
     */
    /**
     * The counts of each of {@code tokens[0..count)} into {@code out}, in two passes per chunk
     * of {@link #GET_ALL_CHUNK}. The first only loads each token's home slot: independent loads,
     * which the CPU overlaps by the dozen (the table is far larger than the cache, so each is
     * likely a miss). The second probes, in cache by then. One lookup after another overlaps
     * fewer misses: each probe ends on a branch that waits for its miss, and mispredicts when the
     * token is not at its home slot.
     *
     * <p>The first pass is itself split in two: the homes are computed into {@code out}, then a
     * loop of a few instructions per token only loads. How many misses overlap is bounded by
     * how many iterations fit in the CPU's reorder window behind the oldest one, and the hash
     * and shifts of the home took most of each iteration's room there. Measured (thread CPU
     * time, old and new alternating in one JVM): the corpus's messages scored against a store of
     * all of it, whole scoring (look-ups and classifier, about 28 us a message) 0.924 to 1.000
     * with the new jar loaded second and 0.932 to 0.943 with it first (four runs each, medians
     * of 12 pairs; median of the eight 0.942; A/A 0.969 to 1.014); 600-token batches from a
     * table of 1.2M random tokens, 0.94 to 0.96.
     */
    void getAll(long[] tokens, int count, long[] out) {
        long[] s = slots;
        int mask = (s.length >> 1) - 1;
        for (int from = 0; from < count; from += GET_ALL_CHUNK) {
            int to = Math.min(count, from + GET_ALL_CHUNK);
            for (int i = from; i < to; i++) out[i] = 2 * LinearProbing.home(tokens[i], mask);
            for (int i = from; i < to; i++) out[i] = s[(int) out[i]];
            for (int i = from; i < to; i++) {
                long token = tokens[i];
                long homeKey = out[i];
                if (token == 0) out[i] = zeroCounts;
                else if (homeKey == token) out[i] = s[2 * LinearProbing.home(token, mask) + 1];
                else if (homeKey == 0) out[i] = 0;
                else out[i] = countsIn(s, LinearProbing.slotOf(s, mask, token), token);
            }
        }
    }

    /**
     * The counts at {@code slot} if it holds {@code token}, else 0 (an empty slot, or -1 when a
     * concurrent put made the probe find neither: the caller's validation throws that away).
     */
    private static long countsIn(long[] s, int slot, long token) {
        return slot >= 0 && s[2 * slot] == token ? s[2 * slot + 1] : 0;
    }

    /** Sets the token's counts; 0 removes it. Grows when needed: call {@link #ensureCapacity} first to bound that. */
    void put(long token, long counts) {
        if (token == 0) {
            zeroCounts = counts;
            return;
        }
        int mask = (slots.length >> 1) - 1;
        int i = LinearProbing.slotOf(slots, mask, token); // never -1: the table is never full
        if (slots[2 * i] == token) {
            if (counts == 0) removeAt(i, mask);
            else slots[2 * i + 1] = counts;
        } else if (counts != 0) {
            slots[2 * i] = token;
            slots[2 * i + 1] = counts;
            if (++size > (mask + 1L) * LOAD_NUMERATOR / LOAD_DENOMINATOR) ensureCapacity(size + 1);
        }
    }

    /**
     * Fills an empty table from tokens that come in ascending {@link LinearProbing#homeOrder}
     * (unsigned) and each once, as a store's groups hold them. Then a token's slot is the later
     * of its home and the slot after the token before's: the slots from the start of the token
     * before's probe run up to that one are all taken (each token came no earlier than its home
     * and right after the one before, or at its home), the slots after it are all empty, and the
     * token's home is not below the run's start. That is where {@link #put}'s probe would end,
     * found with no probe, and with no mix, as the home comes from the home order the store
     * keeps: the same table as the puts make. A run that would pass the table's end wraps to
     * its front, where only a put's probe knows the way: such tokens go through {@link #put}.
     */
    final class InHomeOrder {
        /** The slot after the last token's; past every slot once a token had to be put. */
        private int next;

        /** Adds the token of home order {@code homeOrder}, after every token added before it. */
        void add(long homeOrder, long counts) {
            long token = LinearProbing.tokenOf(homeOrder);
            int mask = (slots.length >> 1) - 1;
            int slot = Math.max(LinearProbing.homeOf(homeOrder, mask), next);
            if (token != 0 && counts != 0 && slot <= mask && size < (mask + 1L) * LOAD_NUMERATOR / LOAD_DENOMINATOR) {
                slots[2 * slot] = token;
                slots[2 * slot + 1] = counts;
                size++;
                next = slot + 1;
                return;
            }
            put(token, counts); // token 0 has a field of its own, not a slot
            // A wrapped run or a grown table: the slots no longer follow the order, only probes find them.
            if (token != 0 && counts != 0) next = Integer.MAX_VALUE;
        }
    }

    /** Rehashes into a larger array if {@code entries} tokens would overfill this one. */
    void ensureCapacity(long entries) {
        int wanted = slotsFor(entries);
        if (2 * wanted <= slots.length) return;
        long[] grown = new long[2 * wanted];
        LinearProbing.rehash(slots, slots.length / 2, grown, wanted - 1);
        slots = grown;
    }

    /** Backward-shift deletion: keeps every probe run unbroken without tombstones. */
    private void removeAt(int hole, int mask) {
        size--;
        int next = hole;
        while (true) {
            next = (next + 1) & mask;
            long key = slots[2 * next];
            if (key == 0) break;
            int home = LinearProbing.home(key, mask);
            // The entry at next may fill the hole only if its home is not cyclically within (hole, next].
            boolean movable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
            if (movable) {
                slots[2 * hole] = key;
                slots[2 * hole + 1] = slots[2 * next + 1];
                hole = next;
            }
        }
        slots[2 * hole] = 0;
        slots[2 * hole + 1] = 0;
    }
}
