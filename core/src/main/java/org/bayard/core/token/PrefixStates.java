package org.bayard.core.token;

/**
 * The {@link FeatureHash} state after each feature prefix, remembered for the prefixes met
 * before. Header and link features switch prefixes all the time (an address gives
 * {@code from:addr:}, {@code from:local:}, then {@code from:domain:}; a Received header
 * {@code received:} and {@code received:ip:} in turn), and each switch fed the prefix's chars
 * again: on the SpamAssassin corpus some 640 chars a message, next to 1,080 chars of the words
 * themselves.
 *
 * <p>Prefixes are constants, so a slot is picked by the prefix's cached string hash and matched
 * by identity: no chars are compared. A prefix built per call only misses, and is fed as before.
 */
final class PrefixStates {

    private static final int SLOTS = 64;

    private final String[] prefixes = new String[SLOTS];
    private final long[] states = new long[SLOTS];

    /** {@code FeatureHash.feed(FeatureHash.SEED, prefix)}. */
    long of(String prefix) {
        int slot = prefix.hashCode() & (SLOTS - 1);
        if (prefixes[slot] != prefix) {
            states[slot] = FeatureHash.feed(FeatureHash.SEED, prefix);
            prefixes[slot] = prefix;
        }
        return states[slot];
    }
}
