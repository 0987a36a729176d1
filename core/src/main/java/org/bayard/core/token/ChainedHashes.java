package org.bayard.core.token;

/**
 * Adds several features cut from one run of chars under one prefix to a set that keeps no
 * names: a host name and its parents (suffixes of one run), an IPv4 address and its /8, /16 and
 * /24 (heads of one run). The hashes, and the order in which they are added, are exactly those
 * of adding each feature by itself.
 *
 * <p>Until tokenizer version 2, {@link FeatureHash} read a feature char by char, each step
 * waiting on the one before, and this class hashed two suffixes side by side and finished one
 * chain at each head's end ({@link ReceivedFeatures} about 0.91 of its time before). Words are
 * now hashed four chars at a time and the prefix comes from its key, so each feature is hashed
 * by itself.
 */
final class ChainedHashes {

    private ChainedHashes() {}

    /** Adds {@code prefix + chars[starts[k], end)} for each k below {@code count}, in that order; starts decrease. */
    static void suffixes(Features set, String prefix, char[] chars, int[] starts, int count, int end) {
        long key = set.prefixKey(prefix);
        for (int k = 0; k < count; k++) {
            set.acceptHash(FeatureHash.of(key, FeatureHash.state(chars, starts[k], end - starts[k])));
        }
    }

    /** Adds {@code prefix + chars[start, ends[k])} for each k below {@code count}, in that order; ends increase. */
    static void heads(Features set, String prefix, char[] chars, int start, int[] ends, int count) {
        long key = set.prefixKey(prefix);
        for (int k = 0; k < count; k++) {
            set.acceptHash(FeatureHash.of(key, FeatureHash.state(chars, start, ends[k] - start)));
        }
    }
}
