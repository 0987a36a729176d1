package org.bayard.core.token;

import org.bayard.core.mail.MailLimits;
import org.bayard.core.mail.MailReader;

import java.io.InputStream;

/**
 * Turns one message into its features: prefixed by origin ({@code subject:}, {@code from:},
 * {@code url:}, ... and no prefix for body words), as SpamBayes does, so that
 * each clue explains itself. The stages live in {@link MessageFeatures}.
 *
 * <p>Looks at nothing but the message bytes (no file name, no envelope, no clock): the same
 * message always gives the same features. Never throws on any message. One instance may be
 * shared by threads: each call builds its own per-message state, and what is reused from call
 * to call, the stages' buffers ({@link StageBuffers}), is kept per thread.
 */
public final class Tokenizer {

    /**
     * The feature scheme's version. Stores record it; bump it whenever any feature name or
     * {@link FeatureHash} changes, since learned counts for old names would be silent garbage.
     * Finding text differently (an HTML reader that reads some misnested markup another way)
     * changes some messages' features but not what a feature means: counts learned before remain
     * evidence for the same names, so that needs no new version, which would make every store
     * unreadable until retrained. Version 2: {@link FeatureHash} hashes a word four chars at a
     * time and combines a feature from its prefix's and its words' hashes, where version 1 hashed
     * the whole name char by char; the features are the same, their hashes all new.
     */
    public static final int VERSION = 2;

    private final MailLimits limits;
    private final boolean wordPairs;
    /**
     * The body's word splitter, whose copy of each text is the largest buffer a message fills:
     * a fresh splitter per message copied every text into newly allocated memory, which the
     * allocation zeroed first and the cache had not seen, where the reused one writes over what
     * the last message warmed. A small gain at the edge of a shared machine's noise: whole
     * preparation of the corpus 0.91 to 1.02 over nine runs of 21 to 31 pairs, median 0.977
     * (A/A 0.984 and 0.993); the body's words alone 0.97 to 1.04. It keeps the largest text its
     * thread has split, up to {@link TextBuffer#MAX_KEPT_CHARS}: a longer one's copy is given up after
     * its message ({@link StageBuffers#release}). The other stages' splitters and
     * host name are kept with it (see {@link StageBuffers}): reading the corpus's header blocks
     * alone 0.973, and 0.964 with the jars the other way round (16 pairs each, A/A 1.001).
     */
    private final ThreadLocal<StageBuffers> buffers;

    /** With word pairs on. */
    public Tokenizer(MailLimits limits) {
        this(limits, true);
    }

    /** @param wordPairs whether to add {@code osb1:} word pairs of visible body text (see {@link WordPairs}) */
    public Tokenizer(MailLimits limits, boolean wordPairs) {
        if (limits == null) {
            throw new IllegalArgumentException("limits must not be null");
        }
        this.limits = limits;
        this.wordPairs = wordPairs;
        this.buffers = ThreadLocal.withInitial(() -> new StageBuffers(limits.maxWordLength()));
    }

    public MailLimits limits() {
        return limits;
    }

    public boolean wordPairs() {
        return wordPairs;
    }

    public void tokenize(byte[] message, FeatureSink sink) {
        StageBuffers reused = buffers.get();
        try {
            MessageFeatures features = new MessageFeatures(sink, limits, wordPairs, reused);
            MailReader.read(message, limits, features);
            finish(features, sink);
        } finally {
            reused.release();
        }
    }

    /** Reads at most {@link MailLimits#maxScanBytes()} of the stream, and does not close it. */
    public void tokenize(InputStream message, FeatureSink sink) {
        StageBuffers reused = buffers.get();
        try {
            MessageFeatures features = new MessageFeatures(sink, limits, wordPairs, reused);
            MailReader.read(message, limits, features);
            finish(features, sink);
        } finally {
            reused.release();
        }
    }

    private static void finish(MessageFeatures features, FeatureSink sink) {
        try {
            features.finish();
        } catch (RuntimeException e) {
            sink.accept("anomaly:", "tokenizer-error"); // our bug, kept visible; tests assert it never appears
        }
    }
}
