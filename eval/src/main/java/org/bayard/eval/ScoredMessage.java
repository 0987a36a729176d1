package org.bayard.eval;

/** A message of the corpus with the score the filter gave it before it saw the label. */
public record ScoredMessage(LabelledMessage message, double score) {}
