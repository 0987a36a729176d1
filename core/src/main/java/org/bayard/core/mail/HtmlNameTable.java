package org.bayard.core.mail;

/**
 * The names the HTML reader knows (elements, attributes), found by their {@link HtmlNameKey}
 * with one probe or so: open addressing on the key, kept at most half full. A name in the
 * document is looked up as the number its scan already made, never as a string.
 *
 * @param <V> what a name stands for
 */
final class HtmlNameTable<V> {

    private final long[] keys;
    private final Object[] values;
    private final int shift;
    private int size;

    /** A table for up to {@code capacity} names. */
    HtmlNameTable(int capacity) {
        int slots = Integer.highestOneBit(Math.max(2, 2 * capacity - 1)) << 1;
        keys = new long[slots];
        values = new Object[slots];
        shift = Long.numberOfLeadingZeros(slots - 1);
    }

    /** Adds a name, in lower case, which must fit a key and not be in the table yet. */
    void put(String name, V value) {
        long key = HtmlNameKey.of(name);
        if (key == HtmlNameKey.NONE || get(key) != null || 2 * (size + 1) > keys.length) {
            throw new IllegalArgumentException("cannot add " + name);
        }
        int slot = slot(key);
        while (keys[slot] != HtmlNameKey.EMPTY) {
            slot = (slot + 1) & (keys.length - 1);
        }
        keys[slot] = key;
        values[slot] = value;
        size++;
    }

    /** What the name with this key stands for, or null; {@link HtmlNameKey#NONE} is no name. */
    @SuppressWarnings("unchecked")
    V get(long key) {
        if (key == HtmlNameKey.NONE) {
            return null;
        }
        for (int slot = slot(key); keys[slot] != HtmlNameKey.EMPTY; slot = (slot + 1) & (keys.length - 1)) {
            if (keys[slot] == key) {
                return (V) values[slot];
            }
        }
        return null;
    }

    private int slot(long key) {
        return (int) (key * 0x9E3779B97F4A7C15L >>> shift); // Fibonacci hashing: the key's top bits
    }
}
