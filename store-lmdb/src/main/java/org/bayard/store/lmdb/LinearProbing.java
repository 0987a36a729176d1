package org.bayard.store.lmdb;

import it.unimi.dsi.fastutil.HashCommon;

/**
 * The open addressing that {@link CountsTable} and {@link PendingCounts} share: token and value
 * interleaved in one {@code long[]} (key, value, key, value...), so a lookup touches one cache
 * line; key 0 marks an empty slot; linear probing from the token's home slot.
 *
 * <p>The home is the TOP bits of the token's mixed hash, not the low ones: a slot's home then
 * grows with its index, so tokens visited in order of their mixed hash ({@link #homeOrder}) walk
 * a table front to back, whatever its size. The writer folds its adds in that order
 * ({@link AddLog}), so that it runs through its held table (MBs) instead of missing the cache
 * at every token. Mixed rather than the token itself: a token is a hash already, but keys that
 * are not (tests, a crafted dump) would otherwise crowd into one probe run.
 */
final class LinearProbing {
    private LinearProbing() {}

    /** The home of {@code token} in a table of {@code mask + 1} slots (a power of two, at least 2). */
    static int home(long token, int mask) {
        return homeOf(homeOrder(token), mask);
    }

    /** The home of the token of this {@link #homeOrder} in a table of {@code mask + 1} slots. */
    static int homeOf(long homeOrder, int mask) {
        // The leading zeros of the mask as a long are 64 minus the table's index bits.
        return (int) (homeOrder >>> Long.numberOfLeadingZeros(mask));
    }

    /** Visiting tokens by this value, unsigned, visits their homes in every table in ascending order. */
    static long homeOrder(long token) {
        return HashCommon.mix(token);
    }

    /** The token whose {@link #homeOrder} is {@code homeOrder}: the mix is a bijection. */
    static long tokenOf(long homeOrder) {
        return HashCommon.invMix(homeOrder);
    }

    /**
     * The slot of {@code s} holding nonzero {@code token}, or else the empty slot that ends its
     * probe run; -1 only if neither was found in the whole table, which a full table or a
     * concurrent writer (see {@link CountsTable}) can cause.
     */
    static int slotOf(long[] s, int mask, long token) {
        int i = home(token, mask);
        for (int probes = 0; probes <= mask; probes++) {
            long key = s[2 * i];
            if (key == token || key == 0) return i;
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Puts the first {@code fromSlots} slot pairs of {@code from} into the empty table {@code to} of {@code toMask + 1} slots. */
    static void rehash(long[] from, int fromSlots, long[] to, int toMask) {
        // In slot order, homes in the new table ascend as well (but for a run that wrapped around): the writes stream.
        for (int j = 0; j < fromSlots; j++) {
            long key = from[2 * j];
            if (key == 0) continue;
            int i = home(key, toMask);
            while (to[2 * i] != 0) i = (i + 1) & toMask;
            to[2 * i] = key;
            to[2 * i + 1] = from[2 * j + 1];
        }
    }
}
