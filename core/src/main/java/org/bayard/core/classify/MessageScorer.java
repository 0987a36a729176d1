package org.bayard.core.classify;

import org.bayard.core.store.ReadView;
import org.bayard.core.train.MessageTokens;

/** Scores a prepared message against one consistent view of the store: one batched lookup, then the math. */
public final class MessageScorer {
    private final Classifier classifier;
    private long[] counts = new long[1024];

    public MessageScorer(ClassifierParams params) {
        this.classifier = new Classifier(params);
    }

    public ClassifierParams params() {
        return classifier.params();
    }

    /** Not thread-safe (reuses buffers); use one per thread. */
    public Score score(MessageTokens message, ReadView view) {
        long[] tokens = message.tokens();
        if (counts.length < tokens.length) counts = new long[Math.max(tokens.length, counts.length * 2)];
        view.lookup(tokens, tokens.length, counts);
        return classifier.classify(tokens, tokens.length, counts, view.totals(), message.names());
    }
}
