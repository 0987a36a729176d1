package org.bayard.core.token;

/**
 * Words of body text become features. Text a reader cannot see gives its words too, but no
 * word pairs (hidden runs are word salad), and the message gets one {@code html:hidden-text}
 * feature elsewhere. Giving hidden words a prefix of their own was measured worse: online
 * protocol on the SpamAssassin corpus, 1-ROCA% 0.0729 with {@code hidden:} words against
 * 0.0719 with plain words; the words a spammer hides are the ordinary words a filter already
 * knows, so they are evidence as they are. Words shorter than 3 chars are dropped and longer ones summarised, as SpamBayes
 * measured: short words are noise, and long ones are mostly one-off strings (encoded junk,
 * hash busters) whose first char and rough length generalise where the word itself cannot.
 */
final class BodyWords {

    static final int MIN_LENGTH = 3;

    private final FeatureSink sink;
    private final int maxWordLength;
    private final WordPairs pairs; // null when switched off
    private final StringBuilder skip = new StringBuilder();
    private boolean pairing;

    /*
     * The scoring path (a Features set without names) skips WordPairs' string building: one
     * loop over the word's chars runs three independent FeatureHash chains at once, the word
     * itself, its pair with the word before it (continuing from the state saved when that word
     * came by), and the state the next word will continue from. The features and their order
     * are exactly those of the named path (BodyWordsTest checks the hashes on the sample
     * mailboxes). Measured effect, tokenizing the 6,046 SpamAssassin
     * messages into Features, old and new jar alternating in one JVM (5 rounds, medians, a
     * loaded 2-core machine): +20% when the new code ran first in each round (2,767 vs 2,302
     * msg/s), +44% when it ran second (2,125 vs 1,473); the same 3,652,392 features either way
     * (the gap-2 pairs included then; see WordPairs). End to end (bench/throughput.sh, 1 thread)
     * the gain was inside the machine's noise.
     */
    private static final long OSB1 = FeatureHash.feed(FeatureHash.SEED, "osb1:");
    private final Features hashesOnly; // null: the named path through the sink and WordPairs
    /** State after "osb1:" + previous word + " ", and its length in chars; 0 when there is none. */
    private long previousOsb1;
    private int previousOsb1Length;

    BodyWords(FeatureSink sink, int maxWordLength, WordPairs pairs) {
        this.sink = sink;
        this.maxWordLength = maxWordLength;
        this.pairs = pairs;
        this.hashesOnly = Features.hashesOnly(sink);
    }

    /** The features of one text's words, which the splitter has just {@link WordSplitter#start started} on. */
    void accept(WordSplitter words, boolean hidden) {
        start(hidden);
        while (words.next()) {
            word(words.chars(), words.wordStart(), words.wordLength());
        }
    }

    /** Pairs never span two texts, and hidden text gets none. */
    private void start(boolean hidden) {
        pairing = pairs != null && !hidden;
        if (pairs != null) {
            pairs.reset();
        }
        previousOsb1Length = 0;
    }

    private void word(char[] chars, int offset, int length) {
        if (length < MIN_LENGTH) {
            return;
        }
        if (length > maxWordLength) {
            skip.setLength(0);
            skip.append(chars[offset]).append(' ').append(length / 10 * 10);
            sink.accept("skip:", skip);
            return;
        }
        if (hashesOnly != null) {
            hashWord(chars, offset, length);
            return;
        }
        sink.accept("", chars, offset, length);
        if (pairing) {
            pairs.word(chars, offset, length);
        }
    }

    /** The fast path: the same features as {@code sink.accept("", word)} then {@code pairs.word}. */
    private void hashWord(char[] chars, int offset, int n) {
        if (!pairing) {
            hashesOnly.acceptHash(FeatureHash.of("", chars, offset, n));
            return;
        }
        long plain = FeatureHash.SEED;
        long pair = previousOsb1;
        long next = OSB1;
        for (int i = offset; i < offset + n; i++) {
            char c = chars[i];
            plain = FeatureHash.step(plain, c);
            pair = FeatureHash.step(pair, c);
            next = FeatureHash.step(next, c);
        }
        hashesOnly.acceptHash(FeatureHash.finish(plain, n));
        if (previousOsb1Length > 0) {
            hashesOnly.acceptHash(FeatureHash.finish(pair, previousOsb1Length + n));
        }
        previousOsb1 = FeatureHash.step(next, ' ');
        previousOsb1Length = "osb1:".length() + n + 1;
    }
}
