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
 * be counted, and 0 (a token never learned) is a common key, so the table marks an empty
 * slot by a key that packed counts never are. One class for both would give one of them the
 * other's extra load or extra table on every token, and a public home outside both packages.
 */
final class CountGroups {

    /**
     * Slots at first; the table is kept at most half full. A quarter full (2,048 slots at first)
     * grouped the corpus's messages of up to 500 groups a little faster when replayed alone
     * (medians of 2.4 to 3.2 us a message against 2.7 to 3.3, four runs), but in a 64 MB heap,
     * where the look-ups go through LMDB and its caches, whole scoring came out 1% to 16% slower
     * in six runs (A/A 1.017), and half full 0.988 and 1.005 (both orders): the larger table
     * takes cache lines the look-ups need. Half full takes about as many bytes (14 KB against
     * 12) as the group numbers' table and arrays did. A grown table is kept, up to
     * {@link #KEPT_SLOTS}: giving the next small message a fresh small one cost more (6.1 to
     * 6.9 us a message over the whole corpus, against 5.1, replayed, medians of two runs) than
     * the spread over more lines.
     */
    private static final int INITIAL_SLOTS = 1024;
    /**
     * The largest table kept from one message to the next (192 KB, within the L2 cache; the
     * corpus's largest message, 2,154 groups, grows it to 8,192 slots). One huge message
     * (20,000 tokens, 64K slots or more) must not spread every later message's few hundred
     * groups over megabytes; such messages are rare, so replacing their table costs little.
     */
    private static final int KEPT_SLOTS = 16_384;
    /** Marks an empty slot. Packed counts are never negative; should these ever be, they have a slot of their own. */
    private static final long EMPTY = -1;

    // Per slot: the packed counts that hash there, and how many tokens had them. One more slot
    // than the table has, past its end, for the counts EMPTY itself.
    private long[] keys;
    private int[] tokens;
    private int shift;
    /** The filled slots, in the order their counts first came: group g is in slot {@code filled[g]}. */
    private int[] filled;
    private int size;

    CountGroups() {
        startAfresh();
    }

    /**
     * Counts one token with these packed counts.
     *
     * <p>Why no branch on whether the counts are new: they are about two times in five (243
     * groups among a message's 604 tokens), in no pattern a predictor learns, and the branch
     * cost a misprediction every few tokens. A token is counted in its slot whether the counts
     * are new or not, and the slot is appended to the filled list either way, the list growing
     * only when they were new.
     *
     * <p>Why the slot is the group, rather than a group number the slot holds (the earlier
     * design): the number of a new group was the count so far, so each add waited for the add
     * before it to settle whether its counts were new, then loaded the group's counts through
     * the number it read from the slot. Now what an add touches depends on its own counts only,
     * and the probe reads the keys alone, not the token counts the add before may be writing.
     * Replayed alone (the corpus's looked-up counts, messages of up to 500 groups, thread CPU
     * time, 15 rounds per variant): 3.4 to 3.8 us a message with group numbers, 2.7 to 3.3 with
     * the slot as the group (medians, four runs). {@code Classifier.classify} on the corpus's
     * looked-up counts, old and new in one JVM (two class loaders, thread CPU time, 15 pairs of
     * passes): median pair ratios 0.944 and, with the jars in the other order, 0.909 (a table
     * a quarter full: 0.927 to 1.011, six runs); A/A runs 0.981 to 1.022. About 0.5 to 1 us of
     * 9 to 13 a message.
     */
    void add(long packedCounts) {
        if (size == filled.length) {
            grow(); // before probing, whether or not the counts are new: no second probe after growing
        }
        int mask = keys.length - 2;
        int slot = slotOf(packedCounts);
        long key;
        // One test per probe, not two: the slot holds these counts, or it is empty.
        while ((key = keys[slot]) != packedCounts & key != EMPTY) {
            slot = (slot + 1) & mask;
        }
        slot = packedCounts == EMPTY ? mask + 1 : slot;
        int isNew = (tokens[slot] - 1) >>> 31; // 1 when no token had these counts yet, else 0
        filled[size] = slot;
        size += isNew;
        keys[slot] = packedCounts;
        tokens[slot]++;
    }

    /** How many distinct count pairs were added since the last {@link #clear()}. */
    int size() {
        return size;
    }

    /** The packed counts of a group, numbered from 0 in the order they were first added. */
    long counts(int group) {
        return keys[filled[group]];
    }

    /** How many tokens had the group's counts. */
    int tokens(int group) {
        return tokens[filled[group]];
    }

    void clear() {
        if (slots() > KEPT_SLOTS) {
            startAfresh();
            return;
        }
        for (int g = 0; g < size; g++) {
            int slot = filled[g];
            keys[slot] = EMPTY;
            tokens[slot] = 0;
        }
        size = 0;
    }

    /** The table's slots now (the one past its end not counted); for tests of its size. */
    int slots() {
        return keys.length - 1;
    }

    /** An empty table of the initial size. */
    private void startAfresh() {
        keys = emptyKeys(INITIAL_SLOTS);
        tokens = new int[INITIAL_SLOTS + 1];
        shift = 64 - Integer.numberOfTrailingZeros(INITIAL_SLOTS);
        filled = new int[INITIAL_SLOTS / 2];
        size = 0;
    }

    /** Fibonacci hashing: the multiply mixes the ham half and the spam half into the top bits. */
    private int slotOf(long packedCounts) {
        return (int) ((packedCounts * 0x9E37_79B9_7F4A_7C15L) >>> shift);
    }

    private static long[] emptyKeys(int slots) {
        long[] keys = new long[slots + 1];
        Arrays.fill(keys, EMPTY);
        return keys;
    }

    /** Doubles the table and the filled list, and puts the groups back in their order. */
    private void grow() {
        long[] oldKeys = keys;
        int[] oldTokens = tokens;
        int slots = 2 * (oldKeys.length - 1);
        keys = emptyKeys(slots);
        tokens = new int[slots + 1];
        shift--;
        filled = Arrays.copyOf(filled, filled.length * 2);
        for (int g = 0; g < size; g++) {
            int old = filled[g];
            long key = oldKeys[old];
            int slot = key == EMPTY ? slots : slotOf(key);
            while (slot < slots && keys[slot] != EMPTY) {
                slot = (slot + 1) & (slots - 1);
            }
            keys[slot] = key;
            tokens[slot] = oldTokens[old];
            filled[g] = slot;
        }
    }
}
