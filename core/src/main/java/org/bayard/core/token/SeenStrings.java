package org.bayard.core.token;

/**
 * Tells whether a string comes for the first time, remembering at most a fixed number of them,
 * so that a hostile message cannot make the memory grow: past the limit, strings not yet
 * remembered count as new every time.
 *
 * <p>Kept per thread and {@link #clear}ed per message rather than made anew: an open-addressed
 * table of the strings and their hashes, never more than half full, so that a look-up ends at
 * a free slot. The {@code HashSet} this replaces was built per message, grew from 16 buckets
 * and allocated a node per string; on the corpus's HTML messages it was a fifth of the link
 * stage's flight-recorder samples. The link stage alone, the corpus's 43,271 links replayed:
 * 0.955, and 0.927 with the two builds the other way round (thread CPU, A/A 0.988).
 */
final class SeenStrings {

    private final int limit;
    private final String[] strings;
    private final int[] hashes;
    /** The slots in use, in the order they were filled: clearing empties these, not the table. */
    private final int[] filled;
    private final int shift;
    private int size;

    SeenStrings(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
        int slots = Integer.highestOneBit(2 * limit - 1) << 1; // at least twice the limit
        strings = new String[slots];
        hashes = new int[slots];
        filled = new int[limit];
        shift = Integer.numberOfLeadingZeros(slots - 1);
    }

    /** Whether {@code s} was not seen before; remembers it while there is room. */
    boolean firstTime(String s) {
        int hash = s.hashCode();
        int mask = strings.length - 1;
        for (int slot = (hash * 0x9E3779B9) >>> shift; ; slot = (slot + 1) & mask) {
            String seen = strings[slot];
            if (seen == null) {
                if (size < limit) {
                    strings[slot] = s;
                    hashes[slot] = hash;
                    filled[size++] = slot;
                }
                return true;
            }
            if (hashes[slot] == hash && seen.equals(s)) {
                return false;
            }
        }
    }

    /** Forgets every string, for the next message. */
    void clear() {
        for (int i = 0; i < size; i++) {
            strings[filled[i]] = null;
        }
        size = 0;
    }
}
