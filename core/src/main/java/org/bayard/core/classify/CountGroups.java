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

    /** Per slot: the number of the group whose counts hash there; 0 is an empty slot. */
    private int[] table = new int[INITIAL_CAPACITY];
    private int shift = 64 - Integer.numberOfTrailingZeros(INITIAL_CAPACITY);
    // Indexed by group number, which starts at 1: index 0 stands for an empty slot, so a probe
    // reads "the counts of the group in this slot" without first testing for one, and a new
    // group's token count is already 0 (cleared with the group).
    private long[] counts = new long[INITIAL_CAPACITY / 2 + 1];
    private int[] tokens = new int[INITIAL_CAPACITY / 2 + 1];
    private int[] slots = new int[INITIAL_CAPACITY / 2 + 1];
    private int size;

    /**
     * Counts one token with these packed counts.
     *
     * <p>Why no branch on whether the counts are new: they are about two times in five (243
     * groups among a message's 604 tokens), in no pattern a predictor learns, and the branch
     * cost a misprediction every few tokens. A new group is written at number size + 1 and an
     * old one is rewritten where it is, by the same stores.
     */
    void add(long packedCounts) {
        if (size == counts.length - 1) {
            grow(); // before probing, whether or not the counts are new: no second probe after growing
        }
        int slot = slotOf(packedCounts);
        int group = table[slot];
        // One test per probe, not two: the slot holds these counts, or it is empty.
        while (!(counts[group] == packedCounts | group == 0)) {
            slot = (slot + 1) & (table.length - 1);
            group = table[slot];
        }
        int isNew = (group - 1) >>> 31; // 1 when the slot was empty (group 0), else 0
        group += isNew * (size + 1);
        counts[group] = packedCounts;
        tokens[group]++;
        slots[group] = slot;
        table[slot] = group;
        size += isNew;
    }

    /** How many distinct count pairs were added since the last {@link #clear()}. */
    int size() {
        return size;
    }

    /** The packed counts of a group, numbered from 0 in the order they were first added. */
    long counts(int group) {
        return counts[group + 1];
    }

    /** How many tokens had the group's counts. */
    int tokens(int group) {
        return tokens[group + 1];
    }

    void clear() {
        for (int g = 1; g <= size; g++) {
            table[slots[g]] = 0;
            tokens[g] = 0;
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
        int length = 2 * (counts.length - 1) + 1;
        counts = Arrays.copyOf(counts, length);
        tokens = Arrays.copyOf(tokens, length);
        slots = Arrays.copyOf(slots, length);
        for (int g = 1; g <= size; g++) {
            int slot = slotOf(counts[g]);
            while (table[slot] != 0) {
                slot = (slot + 1) & (table.length - 1);
            }
            table[slot] = g;
            slots[g] = slot;
        }
    }
}
