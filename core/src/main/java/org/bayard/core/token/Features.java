package org.bayard.core.token;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The set of distinct features of one message, as 64-bit hashes in a primitive set. Bayesian
 * scoring counts a feature once per message, however often it occurs.
 *
 * <p>At most {@code cap} features are kept; the first one refused adds the marker
 * {@value #OVERFLOW} (so {@link #size()} may reach {@code cap + 1}), which keeps the overflow
 * itself visible as evidence. The explaining variant also keeps each feature's name, for
 * {@code bayard tokens} and {@code bayard explain}; the scoring path does not pay for that.
 *
 * <p>Not thread-safe; reuse one per thread with {@link #clear()}.
 */
public final class Features implements FeatureSink {

    /** Added once when the cap refuses a feature. */
    public static final String OVERFLOW = "anomaly:token-limit";

    private static final int INITIAL_CAPACITY = 1024;

    private final int cap;
    /** How many features the set makes room for before it grows. */
    private final int firstSize;
    private final DistinctLongs hashes;
    private final Long2ObjectOpenHashMap<String> names;
    private boolean overflowed;
    /**
     * The {@link FeatureHash#prefixKey key} of each prefix met, kept across {@link #clear()}: a
     * prefix is often longer than the word after it, and its key is the same in every message.
     */
    private final PrefixKeys prefixKeys = new PrefixKeys();

    private Features(int cap, boolean keepNames) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be positive: " + cap);
        }
        this.cap = cap;
        this.firstSize = Math.min(cap, INITIAL_CAPACITY);
        this.hashes = new DistinctLongs(firstSize);
        // sized as the hash set this class used to keep: see hashes() for why
        this.names = keepNames ? new Long2ObjectOpenHashMap<>(firstSize) : null;
    }

    /** Hashes only: for scoring and learning. */
    public Features(int cap) {
        this(cap, false);
    }

    /** Hashes and names: for showing what the tokenizer saw. */
    public static Features explaining(int cap) {
        return new Features(cap, true);
    }

    @Override
    public void accept(String prefix, CharSequence word) {
        if (refusedByCap()) {
            return;
        }
        add(FeatureHash.of(prefixKey(prefix), FeatureHash.state(word)), prefix, word);
    }

    /**
     * The pair feature {@code prefix + first + " " + second}, hashed from its two words'
     * hashes ({@link FeatureHash#pair}) as the body words' fast path does.
     */
    @Override
    public void acceptPair(String prefix, CharSequence first, CharSequence second) {
        if (refusedByCap()) {
            return;
        }
        long hash = FeatureHash.pair(prefixKey(prefix), FeatureHash.state(first), FeatureHash.state(second));
        if (hashes.add(hash) && names != null) {
            names.put(hash, prefix + first + " " + second);
        }
    }

    /** Hashes the chars where they are: only an explaining set needs them as a string. */
    @Override
    public void accept(String prefix, char[] chars, int offset, int count) {
        if (names != null) {
            accept(prefix, new String(chars, offset, count));
        } else {
            acceptHash(FeatureHash.of(prefixKey(prefix), FeatureHash.state(chars, offset, count)));
        }
    }

    /**
     * The same as {@link #accept} for a feature whose {@link FeatureHash} the caller computed,
     * for a set that keeps no names (see {@link #keepsNames()}); the cap works the same way.
     */
    void acceptHash(long hash) {
        if (!refusedByCap()) {
            hashes.add(hash);
        }
    }

    /**
     * Whether adding the feature {@code hash} now would change nothing: it is held, and the set
     * is below its cap (at the cap, an add of even a held feature would add the {@link #OVERFLOW}
     * marker). A stage that emits a group of features, always in the same order and ending with
     * the same one, may then skip the whole group when its last feature is held.
     */
    boolean holds(long hash) {
        return hashes.size() < cap && hashes.contains(hash);
    }

    /** Whether the cap refuses the feature being added; the first one refused adds the {@link #OVERFLOW} marker instead. */
    private boolean refusedByCap() {
        if (hashes.size() < cap) {
            return false;
        }
        if (!overflowed) {
            overflowed = true;
            add(FeatureHash.of(OVERFLOW), "", OVERFLOW);
        }
        return true;
    }

    /** {@code FeatureHash.prefixKey(prefix)}, remembered for each prefix met before. */
    long prefixKey(String prefix) {
        return prefixKeys.of(prefix);
    }

    /** Whether this is an explaining set, which needs every feature's name. */
    boolean keepsNames() {
        return names != null;
    }

    /**
     * The set behind {@code sink} when it keeps no names, so that a caller may hand it hashes it
     * computed itself ({@link #acceptHash}); null when features must go through the sink as names.
     */
    static Features hashesOnly(FeatureSink sink) {
        return sink instanceof Features set && !set.keepsNames() ? set : null;
    }

    private void add(long hash, String prefix, CharSequence word) {
        if (hashes.add(hash) && names != null) {
            names.put(hash, prefix + word);
        }
    }

    /**
     * The distinct feature hashes: in the order they first came, and for an explaining set in
     * the order of its names' map, which is the order the fastutil hash set this class used to
     * keep gave them. Scores do not depend on the order, but the clues that explain a score
     * list equally strong features in it, and {@code bayard explain} should keep showing the
     * same ones. The map's keys iterate as that set did because it is the same hash table: the
     * same first size, hash, probing and growth, filled with the same keys in the same order.
     */
    public long[] hashes() {
        return names == null ? hashes.toArray() : names.keySet().toLongArray();
    }

    public int size() {
        return hashes.size();
    }

    /** Whether the feature {@code prefix + word} was added (a single-word feature: pairs are hashed as pairs). */
    public boolean contains(String prefix, CharSequence word) {
        return hashes.contains(FeatureHash.of(prefix, word));
    }

    /** The feature's name, or null when unknown or when this is not an explaining set. */
    public String name(long hash) {
        return names == null ? null : names.get(hash);
    }

    /** All names, sorted; empty unless this is an explaining set. */
    public List<String> names() {
        if (names == null) {
            return List.of();
        }
        List<String> sorted = new ArrayList<>(names.values());
        Collections.sort(sorted);
        return sorted;
    }

    public void clear() {
        hashes.clear();
        if (names != null) {
            names.clear();
            names.trim(firstSize); // back to a fresh table's size, so it iterates as a fresh one
        }
        overflowed = false;
    }
}
