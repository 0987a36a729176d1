package org.bayard.app.gate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bayard.core.policy.Decision;
import org.bayard.core.policy.TrainingMinimum;
import org.bayard.core.store.Totals;

/**
 * Whether the gate's decisions use Bayes, as the store learns: a new site's store reaches the
 * policy's training minimum while {@code serve} runs (learned beside it, on the moderation page,
 * by traps), and the postmaster should read when it did, once, not guess it from every line. A
 * {@code forget} or a reload that takes it back under is said too.
 */
final class BayesReadiness {
    private final Supplier<Totals> learned;
    private final Consumer<Map<String, Object>> log;
    /** Whether Bayes counted in the last decision that scored it; null before anything was known. */
    private volatile Boolean counted;

    /**
     * @param learned what the store has learned now
     * @param log where a change is said, as a JSON object of the decision log
     */
    BayesReadiness(Supplier<Totals> learned, Consumer<Map<String, Object>> log) {
        this.learned = learned;
        this.log = log;
    }

    /** Why Bayes does not count under {@code minimum} now; empty when it does. Later changes are said from this answer. */
    Optional<String> now(TrainingMinimum minimum) {
        Optional<String> shortfall = minimum.shortfall(learned.get());
        counted = shortfall.isEmpty();
        return shortfall;
    }

    /** After each decision: says so when Bayes counts now and did not before, or the other way round. */
    void after(Decision d) {
        if (d.bayes().isEmpty()) return; // a store that could not be read says nothing about its training
        boolean counts = d.bayesUsed();
        Boolean before = counted;
        if (before != null && before == counts) return;
        counted = counts;
        if (before == null) return;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", counts ? "bayes-used" : "bayes-not-used");
        line.put("reason", counts ? learnedNow() + ", as many as policy.bayes-min-ham and policy.bayes-min-spam ask or more"
                : d.bayesNotUsed().orElseThrow() + " (policy.bayes-min-ham, policy.bayes-min-spam)");
        log.accept(line);
    }

    private String learnedNow() {
        try {
            Totals t = learned.get();
            return t.ham() + " ham and " + t.spam() + " spam learned";
        } catch (RuntimeException e) { // the line is news, not a decision: a failing read must not cost the message
            return "enough ham and spam learned";
        }
    }
}
