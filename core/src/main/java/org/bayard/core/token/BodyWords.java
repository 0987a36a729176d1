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
final class BodyWords implements WordSink {

    static final int MIN_LENGTH = 3;

    private final FeatureSink sink;
    private final int maxWordLength;
    private final SparseBigrams bigrams; // null when switched off
    private final StringBuilder skip = new StringBuilder();
    private boolean pairing;

    BodyWords(FeatureSink sink, int maxWordLength, SparseBigrams bigrams) {
        this.sink = sink;
        this.maxWordLength = maxWordLength;
        this.bigrams = bigrams;
    }

    /** Starts a new text; hidden text gets no pairs. */
    void start(boolean hidden) {
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
        sink.accept("", word);
        if (pairing) {
            bigrams.word(word, length);
        }
    }
}
