package org.bayard.core.token;

/**
 * Words of body text become features: as they are for visible text, with {@code hidden:} for
 * text a reader cannot see (hidden words are a spam tactic, so they must not pass as ordinary
 * words). Words shorter than 3 chars are dropped and longer ones summarised, as SpamBayes
 * measured: short words are noise, and long ones are mostly one-off strings (encoded junk,
 * hash busters) whose first char and rough length generalise where the word itself cannot.
 */
final class BodyWords implements WordSink {

    static final int MIN_LENGTH = 3;

    private final FeatureSink sink;
    private final int maxWordLength;
    private final SparseBigrams bigrams; // null when switched off
    private final StringBuilder skip = new StringBuilder();
    private String prefix = "";
    private boolean pairing;

    BodyWords(FeatureSink sink, int maxWordLength, SparseBigrams bigrams) {
        this.sink = sink;
        this.maxWordLength = maxWordLength;
        this.bigrams = bigrams;
    }

    /** Starts a new text; hidden text gets its own prefix and no pairs. */
    void start(boolean hidden) {
        prefix = hidden ? "hidden:" : "";
        pairing = bigrams != null && !hidden;
        if (bigrams != null) {
            bigrams.reset();
        }
    }

    @Override
    public void word(CharSequence word, int length) {
        if (length < MIN_LENGTH) {
            return;
        }
        if (length > maxWordLength) {
            skip.setLength(0);
            skip.append(word.charAt(0)).append(' ').append(length / 10 * 10);
            sink.accept("skip:", skip);
            return;
        }
        sink.accept(prefix, word);
        if (pairing) {
            bigrams.word(word, length);
        }
    }
}
