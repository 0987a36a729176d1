package org.bayard.eval;

/** How a labelled corpus is replayed. */
public enum Protocol {
    /** TREC's: from an empty store, classify each message in order, record its score, then train it with its label. */
    ONLINE,
    /** Train the first half in order, then classify the second half without training. */
    BATCH,
    /** As batch, but the first half is trained to exhaustion (see {@code bayard tte}). */
    BATCH_TTE
}
