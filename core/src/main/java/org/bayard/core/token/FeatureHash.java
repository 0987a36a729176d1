package org.bayard.core.token;

/**
 * The 64-bit identity of a feature. Stores persist these hashes, so the function must never
 * change: a change needs a new {@link Tokenizer#VERSION} and a retrain.
 *
 * <p>A feature is a prefix and one word ({@code subject:} and {@code free}), or a prefix and a
 * pair of words ({@code osb1:} and {@code free money}). Each part is hashed by itself and the
 * parts are combined, so that a word read once serves every feature it is part of: a body word
 * is itself and a half of two pairs, and a prefix is the same in every message.
 * <pre>
 *   word state, over the word's n UTF-16 chars, four chars (a long) at a time:
 *     h = SEED
 *     n &ge; 4: chunks at 0, 4, 8, ... below n - 4, then the last four chars (which may overlap
 *            the chunk before); n = 1..3: one chunk of the chars at 0, n / 2, n - 1; n = 0: none
 *     for each chunk v:  k = v * M; k ^= k &gt;&gt;&gt; 47; k *= M;  h = (h ^ k) * M
 *     state = h ^ n
 *   prefix key  = fmix64(state(prefix) ^ PREFIX)
 *   feature     = fmix64(state(word) ^ key(prefix))
 *   word pair   = fmix64((state(first) * M ^ state(second)) ^ key(prefix))
 *   fmix64(h)   = MurmurHash3's 64-bit finaliser
 * </pre>
 * The chunk step is MurmurHash64A's. A chunk is mixed by itself (two multiplies and a shift, a
 * bijection) before it meets the state, so any change of a chunk changes all 64 bits of what is
 * xored in, and the next chunk cannot cancel it but by matching a 64-bit value: two words of the
 * same length collide with odds near 2^-64. The chunks a word is read as depend on its length
 * only and cover every char, so for one length the chunk sequence is the word; the length itself
 * is xored in last. Only the state's step ({@code h = (h ^ k) * M}, an xor and a multiply) is
 * a chain from chunk to chunk: the chunk's own mixing does not wait on it. {@code fmix64} makes
 * every output bit depend on every state bit. Combining by xor with the prefix's key (itself a
 * finished, random-looking value) keeps features of one prefix apart exactly when their words'
 * states differ, and those of two prefixes apart unless two states differ by the xor of the two
 * keys (odds 2^-64). A pair {@code (a, b)} meets {@code (a', b')} only where
 * {@code a*M ^ a'*M == b ^ b'}: impossible when one half is equal and the other not, 2^-64 else.
 *
 * On the SpamAssassin corpus the 655,753 distinct feature names give 655,753 distinct hashes, and
 * every message has as many distinct features as under the version 1 hash (whose scores this
 * one reproduces exactly).
 *
 * <p>Version 1 of the hash fed the whole name char by char (a multiply and a shift each, some six
 * cycles a char on one chain), so a body word cost three chains: itself, its pair with the word
 * before, and the start of its pair with the word after. Preparing the corpus with this hash
 * took 0.96 to 0.97 of the time (thread CPU, old and new alternating in one JVM, 20 rounds each
 * way round: medians 0.973 and 0.957 for the features alone, 0.967 and 0.971 with the content
 * digest; old against old 1.005 and 1.010).
 */
public final class FeatureHash {

    private static final long SEED = 0x5F0D_6E7A_3C1B_9A45L;
    private static final long M = 0xC6A4_A793_5BD1_E995L;
    /** Sets prefix keys apart from the states of words. */
    private static final long PREFIX = 0x2545_F491_4F6C_DD1DL;

    private FeatureHash() {}

    /** The hash of the feature {@code prefix + word}. */
    public static long of(String prefix, CharSequence word) {
        return of(prefixKey(prefix), state(word));
    }

    /** {@code of(prefix, new String(chars, offset, count))}, without copying the chars. */
    public static long of(String prefix, char[] chars, int offset, int count) {
        return of(prefixKey(prefix), state(chars, offset, count));
    }

    /** The hash of a feature without a prefix (a body word, or a marker such as {@link Features#OVERFLOW}). */
    public static long of(CharSequence word) {
        return of("", word);
    }

    /** The hash of the pair feature {@code prefix + first + " " + second}. */
    public static long pair(String prefix, CharSequence first, CharSequence second) {
        return pair(prefixKey(prefix), state(first), state(second));
    }

    /** The feature of a prefix, by its {@link #prefixKey}, and a word, by its {@link #state}. */
    static long of(long prefixKey, long wordState) {
        return fmix64(wordState ^ prefixKey);
    }

    /** The pair feature of a prefix, by its {@link #prefixKey}, and two words, by their {@link #state}s. */
    static long pair(long prefixKey, long firstState, long secondState) {
        return fmix64((firstState * M ^ secondState) ^ prefixKey);
    }

    /** What a prefix contributes to each of its features' hashes. */
    static long prefixKey(String prefix) {
        return fmix64(state(prefix) ^ PREFIX);
    }

    /** The word's state: not a feature hash until {@link #of(long, long) combined} with a prefix. */
    static long state(char[] chars, int offset, int count) {
        int end = offset + count;
        if (Integer.compareUnsigned(count - 3, 8 - 3) <= 0 && end < chars.length) { // 3 <= count <= 8
            return stateOf3To8(chars, offset, count);
        }
        long h = SEED;
        if (count >= 4) {
            for (int i = offset; i < end - 4; i += 4) {
                h = step(h, chunk(chars[i], chars[i + 1], chars[i + 2], chars[i + 3]));
            }
            h = step(h, chunk(chars[end - 4], chars[end - 3], chars[end - 2], chars[end - 1]));
        } else if (count > 0) {
            h = step(h, chunk(chars[offset], chars[offset + (count >> 1)], chars[end - 1], '\0'));
        }
        return h ^ count;
    }

    /**
     * {@link #state(char[], int, int)} of a word of 3 to 8 chars (87% of the body words hashed)
     * that has a char after it in the array, with no branch on its length: a 3-char word is the
     * first four chars with the fourth masked off, a 4-char word one chunk, a 5- to 8-char word
     * that chunk and its last four chars. Both steps are taken and the length picks the state,
     * where the loop's exit, taken after 0 or 1 chunks as the lengths came, mispredicted for about
     * one word in two. The corpus's body words (clean, split, hash, add; thread CPU, old and new
     * alternating in one JVM, medians of 20 rounds) 0.949, and 0.971 with the jars the other way
     * round (A/A 1.013).
     */
    private static long stateOf3To8(char[] chars, int offset, int count) {
        int end = offset + count;
        long first = chunk(chars[offset], chars[offset + 1], chars[offset + 2], chars[offset + 3]) // offset + 3 <= end
                & (count > 3 ? -1L : 0x0000_FFFF_FFFF_FFFFL);
        int last = Math.max(end - 4, 0); // any four chars in the array when count is 3
        long one = step(SEED, first);
        long two = step(one, chunk(chars[last], chars[last + 1], chars[last + 2], chars[last + 3]));
        return (count > 4 ? two : one) ^ count;
    }

    /**
     * {@link #state(char[], int, int)} of the chars of {@code s}, read where they are: the header
     * and link stages hand their words over as Strings, and copying each into an array first
     * would add a pass over its chars.
     */
    static long state(CharSequence s) {
        long h = SEED;
        int count = s.length();
        if (count >= 4) {
            for (int i = 0; i < count - 4; i += 4) {
                h = step(h, chunk(s.charAt(i), s.charAt(i + 1), s.charAt(i + 2), s.charAt(i + 3)));
            }
            h = step(h, chunk(s.charAt(count - 4), s.charAt(count - 3), s.charAt(count - 2), s.charAt(count - 1)));
        } else if (count > 0) {
            h = step(h, chunk(s.charAt(0), s.charAt(count >> 1), s.charAt(count - 1), '\0'));
        }
        return h ^ count;
    }

    private static long chunk(char a, char b, char c, char d) {
        return a | (long) b << 16 | (long) c << 32 | (long) d << 48;
    }

    private static long step(long h, long chunk) {
        long k = chunk * M;
        k ^= k >>> 47;
        k *= M;
        return (h ^ k) * M;
    }

    private static long fmix64(long h) {
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        return h ^ (h >>> 33);
    }
}
