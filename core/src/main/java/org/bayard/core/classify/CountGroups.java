package org.bayard.core.classify;

import java.util.Arrays;

/**
 * One message's tokens grouped by their packed {@link org.bayard.core.store.Counts}. Tokens with
 * the same ham and spam counts have the same probability, and a message's tokens share far
 * fewer count pairs than there are tokens (SpamAssassin corpus, model learned from all of it: a
 * message has 604 tokens on average with 243 distinct pairs, and 81 among its 410 strong
 * tokens), so the classifier computes, sorts and takes the logs of each pair once and weighs it
 * by how many tokens share it.
 *
 * <p>Open addressing with linear probing. Reused from message to message and emptied by walking
 * the groups, not the table, so a message with few groups clears cheaply after a huge one.
 * Not thread-safe.
 *
 * <p>The feature set's {@code DistinctLongs} (in {@code org.bayard.core.token}) is the same kind
 * of table, kept apart on purpose: there a repeated key only needs to be refused, so its table
 * holds the keys themselves and a probe is one load; here a repeated key must find its group to
 * be counted, and 0 (a token never learned) is a common key, so the table holds group
 * numbers and needs no slot aside for 0. One class for both would give one of them the other's
 * extra load or extra table on every token, and a public home outside both packages.
 */
final class CountGroups {

    private static final int INITIAL_CAPACITY = 1024;

    /** Per slot: the index of the group whose counts hash there, plus one; 0 is an empty slot. */
    private int[] table = new int[INITIAL_CAPACITY];
    private int shift = 64 - Integer.numberOfTrailingZeros(INITIAL_CAPACITY);
    private long[] counts = new long[INITIAL_CAPACITY / 2];
    private int[] tokens = new int[INITIAL_CAPACITY / 2];
    private int[] slots = new int[INITIAL_CAPACITY / 2];
    private int size;

    /** Counts one token with these packed counts. */
    void add(long packedCounts) {
        if (size == counts.length) {
            grow(); // before probing, whether or not the counts are new: no second probe after growing
        }
        int slot = slotOf(packedCounts);
        for (int g; (g = table[slot]) != 0; slot = (slot + 1) & (table.length - 1)) {
            if (counts[g - 1] == packedCounts) {
                tokens[g - 1]++;
                return;
            }
        }
        counts[size] = packedCounts;
        tokens[size] = 1;
        slots[size] = slot;
        table[slot] = ++size;
    }

    /** How many distinct count pairs were added since the last {@link #clear()}. */
    int size() {
        return size;
    }

    /** The packed counts of a group. */
    long counts(int group) {
        return counts[group];
    }

    /** How many tokens had the group's counts. */
    int tokens(int group) {
        return tokens[group];
    }

    void clear() {
        for (int g = 0; g < size; g++) {
            table[slots[g]] = 0;
        }
        size = 0;
    }

    /** Fibonacci hashing: the multiply mixes the ham half and the spam half into the top bits. */
    private int slotOf(long packedCounts) {
        return (int) ((packedCounts * 0x9E37_79B9_7F4A_7C15L) >>> shift);
    }

    /** Doubles the table (kept at most half full) and the group arrays, and puts the groups back. */
    private void grow() {
        table = new int[table.length * 2];
        shift--;
        counts = Arrays.copyOf(counts, counts.length * 2);
        tokens = Arrays.copyOf(tokens, tokens.length * 2);
        slots = Arrays.copyOf(slots, slots.length * 2);
        for (int g = 0; g < size; g++) {
            int slot = slotOf(counts[g]);
            while (table[slot] != 0) {
                slot = (slot + 1) & (table.length - 1);
            }
            table[slot] = g + 1;
            slots[g] = slot;
        }
    }
}
