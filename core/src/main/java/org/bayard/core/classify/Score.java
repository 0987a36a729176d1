package org.bayard.core.classify;

import java.util.List;

/**
 * A classification: the spam probability, its verdict, and the clues behind it (strongest first).
 *
 * @param logOdds the same judgement as {@code ln(p / (1 - p))} at full precision: orders
 *     messages where the probability has rounded to exactly 0 or 1 (used to rank, e.g. for ROC)
 * @param tokens how many distinct features the message had
 * @param used how many of them were strong enough to be combined
 */
public record Score(double probability, double logOdds, Verdict verdict, List<Clue> clues, int tokens, int used) {
    public Score {
        clues = List.copyOf(clues);
    }

    public List<Clue> topClues(int n) {
        return clues.subList(0, Math.min(n, clues.size()));
    }
}
