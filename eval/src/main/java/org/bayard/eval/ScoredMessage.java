package org.bayard.eval;

/**
 * A message of the corpus with the score the filter gave it before it saw the label.
 *
 * @param score the spam log-odds {@code ln(p / (1 - p))}: ordered like the probability p, but
 *     never rounded to a tie at 0 or 1
 */
public record ScoredMessage(LabelledMessage message, double score) {}
