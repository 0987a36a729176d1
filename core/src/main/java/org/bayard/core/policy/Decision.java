package org.bayard.core.policy;

import java.util.List;
import java.util.Optional;
import org.bayard.core.classify.Score;

/**
 * The policy's answer for one message: the action, the total score, every symbol that fired, and
 * the Bayes score behind it (empty when the store was unavailable and Bayes counted as neutral).
 *
 * @param reason why this action, for people: {@code score 12.0 >= reject 10.0}, {@code bayes unsure}
 * @param bayesNotUsed why the Bayes score, though computed, did not count (the store has learned too
 *     little, see {@link TrainingMinimum}); empty when it counted or could not be computed
 */
public record Decision(Action action, double score, List<Symbol> symbols, Optional<Score> bayes, String reason,
                       Optional<String> bayesNotUsed) {
    /** The reason when Bayes' unsure verdict, not the score, chose the action (the policy's unsure-action). */
    public static final String BAYES_UNSURE = "bayes unsure";

    public Decision {
        symbols = List.copyOf(symbols);
    }

    /** A decision in which Bayes counted, or could not be computed. */
    public Decision(Action action, double score, List<Symbol> symbols, Optional<Score> bayes, String reason) {
        this(action, score, symbols, bayes, reason, Optional.empty());
    }

    /** True when the Bayes score was computed and counted in the score and the action. */
    public boolean bayesUsed() {
        return bayes.isPresent() && bayesNotUsed.isEmpty();
    }

    /** True when Bayes' unsure verdict, not the score, chose the action. */
    public boolean byBayesUnsure() {
        return reason.equals(BAYES_UNSURE);
    }

    /**
     * The points of every symbol but Bayes' own: the evidence from outside the classifier, which
     * autolearn needs so that Bayes never teaches itself what it already believes.
     */
    public double pointsBesidesBayes() {
        double points = 0;
        for (Symbol s : symbols) if (!s.name().startsWith("BAYES_")) points += s.points();
        return points;
    }

    public String symbolNames() {
        return String.join(",", symbols.stream().map(Symbol::name).toList());
    }
}
