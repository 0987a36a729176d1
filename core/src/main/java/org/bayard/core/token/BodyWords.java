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
     * The scoring path (a Features set without names) skips WordPairs' string building: each
     * word is read once, for its FeatureHash state, and its plain feature and its pair with the
     * word before are both combined from states (FeatureHash.of and FeatureHash.pair), as the
     * named path's Features.accept and Features.acceptPair combine them. The features and their
     * order are exactly those of the named path (BodyWordsTest checks the hashes on the sample
     * mailboxes and on random texts). Before tokenizer version 2 the hash fed a feature's name
     * char by char, and this loop ran three such chains per char: the word, its pair with the
     * word before, and the start of its pair with the word after.
     */
    private static final long NO_PREFIX = FeatureHash.prefixKey("");
    private static final long OSB1 = FeatureHash.prefixKey("osb1:");
    private final Features hashesOnly; // null: the named path through the sink and WordPairs
    /** The previous word's state, when {@link #hasPrevious}. */
    private long previousState;
    private boolean hasPrevious;

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
        hasPrevious = false;
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
        long state = FeatureHash.state(chars, offset, n);
        hashesOnly.acceptHash(FeatureHash.of(NO_PREFIX, state));
        if (!pairing) {
            return;
        }
        if (hasPrevious) {
            hashesOnly.acceptHash(FeatureHash.pair(OSB1, previousState, state));
        }
        previousState = state;
        hasPrevious = true;
    }
}
