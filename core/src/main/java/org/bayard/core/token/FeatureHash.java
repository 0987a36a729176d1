package org.bayard.core.token;

/**
 * The 64-bit identity of a feature. Stores persist these hashes, so the function must never
 * change: a change needs a new {@link Tokenizer#VERSION} and a retrain.
 *
 * <p>The algorithm, over the UTF-16 code units of {@code prefix + word} in order:
 * <pre>
 *   h = 0x5F0D_6E7A_3C1B_9A45
 *   for each char c:   h = (h ^ c) * 0x9E37_79B9_7F4A_7C15;  h ^= h >>> 29
 *   h ^= number of chars
 *   then MurmurHash3's 64-bit finaliser (fmix64):
 *   h ^= h >>> 33;  h *= 0xFF51_AFD7_ED55_8CCD;  h ^= h >>> 33;  h *= 0xC4CE_B9FE_1A85_EC53;  h ^= h >>> 33
 * </pre>
 * Each per-char step is a bijection of the state (xor, multiply by an odd constant, xorshift),
 * so two strings of the same length that differ in their last char never collide, and the
 * shift folds the high bits back down so that every later char mixes with all earlier ones.
 * Hashing char by char makes {@code of(p, w) == of("", p + w)} hold without building the
 * string, and costs no allocation.
 */
public final class FeatureHash {

    /** The state before any char; with {@link #step} and {@link #finish}, for hashing several features in one pass. */
    static final long SEED = 0x5F0D_6E7A_3C1B_9A45L;
    private static final long MULTIPLIER = 0x9E37_79B9_7F4A_7C15L;

    private FeatureHash() {}

    /** The hash of {@code prefix + word}. */
    public static long of(String prefix, CharSequence word) {
        return continued(feed(SEED, prefix), prefix.length(), word);
    }

    /**
     * The hash of {@code prefix} followed by {@code count} chars of {@code chars} from
     * {@code offset}: equal to {@code of(prefix, new String(chars, offset, count))}, without
     * copying the chars into a string first.
     */
    public static long of(String prefix, char[] chars, int offset, int count) {
        return continued(feed(SEED, prefix), prefix.length(), chars, offset, count);
    }

    /** {@code of(prefix, word)}, given {@code feed(SEED, prefix)}: for callers that reuse a prefix's state. */
    static long continued(long afterPrefix, int prefixLength, CharSequence word) {
        return finish(feed(afterPrefix, word), prefixLength + word.length());
    }

    /** {@code of(prefix, chars, offset, count)}, given {@code feed(SEED, prefix)}. */
    static long continued(long afterPrefix, int prefixLength, char[] chars, int offset, int count) {
        return finish(feed(afterPrefix, chars, offset, count), prefixLength + count);
    }

    /** The hash of a whole feature name, equal to {@code of("", name)}. */
    public static long of(CharSequence name) {
        return of("", name);
    }

    /** The state after {@code h} has been fed every char of {@code s}. */
    static long feed(long h, CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            h = step(h, s.charAt(i));
        }
        return h;
    }

    /** The state after {@code h} has been fed {@code count} chars of {@code chars} from {@code offset}. */
    static long feed(long h, char[] chars, int offset, int count) {
        for (int i = offset, end = offset + count; i < end; i++) {
            h = step(h, chars[i]);
        }
        return h;
    }

    static long step(long h, char c) {
        h = (h ^ c) * MULTIPLIER;
        return h ^ (h >>> 29);
    }

    /** The hash of the {@code length} chars that were fed into {@code h}. */
    static long finish(long h, int length) {
        h ^= length;
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        return h ^ (h >>> 33);
    }
}
