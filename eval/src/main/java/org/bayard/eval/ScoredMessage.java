package org.bayard.eval;

/**
 * A message of the corpus with the score the filter gave it before it saw the label.
 *
 * @param score       the spam log-odds {@code ln(p / (1 - p))}: ordered like the probability p, but
 *                    never rounded to a tie at 0 or 1
 * @param probability the probability as the filter itself computes it and compares it with the
 *                    cutoffs: in doubles, 0 below about 1e-16, where the log-odds still tell
 *                    messages apart
 */
public record ScoredMessage(LabelledMessage message, double score, double probability) {
    /** A score of a score file, which holds log-odds only: the probability rebuilt from them. */
    public ScoredMessage(LabelledMessage message, double score) {
        this(message, score, Evaluation.probability(score));
    }
}
