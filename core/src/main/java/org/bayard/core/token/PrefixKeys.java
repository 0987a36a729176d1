package org.bayard.core.token;

/**
 * The {@link FeatureHash#prefixKey key} of each feature prefix, remembered for the prefixes met
 * before. Header and link features switch prefixes all the time (an address gives
 * {@code from:addr:}, {@code from:local:}, then {@code from:domain:}; a Received header
 * {@code received:} and {@code received:ip:} in turn), and each switch hashed the prefix's chars
 * again: on the SpamAssassin corpus some 640 chars a message, next to 1,080 chars of the words
 * themselves.
 *
 * <p>Prefixes are constants, so a slot is found from the prefix's cached string hash and matched
 * by identity: no chars are compared. A prefix may take any of {@value #PROBES} slots from its
 * own on, and the 71 header and link prefixes all find one. The direct-mapped table of 64 this
 * replaced gave a third of them a slot shared with another, pairs used together among them
 * ({@code from:local:} and {@code from:name:}, {@code received:} and {@code message-id:}), and
 * each use of one evicted the other (header blocks alone about 0.973 of their time before,
 * old and new alternating in four JVMs, both load orders). When all its slots are held by
 * others, a prefix takes its own: one built per call is hashed as before, and cannot crowd the
 * constants out of more than that one slot.
 */
final class PrefixKeys {

    private static final int SLOT_BITS = 8;
    private static final int SLOTS = 1 << SLOT_BITS;
    private static final int PROBES = 4;

    private final String[] prefixes = new String[SLOTS + PROBES - 1];
    private final long[] keys = new long[SLOTS + PROBES - 1];

    /** {@code FeatureHash.prefixKey(prefix)}. */
    long of(String prefix) {
        int home = home(prefix);
        for (int slot = home; slot < home + PROBES; slot++) {
            String held = prefixes[slot];
            if (held == prefix) {
                return keys[slot];
            }
            if (held == null) {
                return remember(slot, prefix);
            }
        }
        return remember(home, prefix);
    }

    /** Whether the key of this very prefix object is held, so that {@link #of} would not hash it again. */
    boolean holds(String prefix) {
        int home = home(prefix);
        for (int slot = home; slot < home + PROBES; slot++) {
            if (prefixes[slot] == prefix) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first slot the prefix may take: its string hash, mixed by Fibonacci hashing, because
     * the prefixes' low bits alone crowd (one of the 71 had no slot left among its four).
     */
    private static int home(String prefix) {
        return (prefix.hashCode() * 0x9E37_79B9) >>> (Integer.SIZE - SLOT_BITS);
    }

    private long remember(int slot, String prefix) {
        long key = FeatureHash.prefixKey(prefix);
        prefixes[slot] = prefix;
        keys[slot] = key;
        return key;
    }
}
