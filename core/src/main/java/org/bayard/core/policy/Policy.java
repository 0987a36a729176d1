package org.bayard.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bayard.core.classify.Score;
import org.bayard.core.classify.Verdict;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.store.Totals;

/**
 * The policy chain: Bayes as a band symbol, then the message checks; their points add up to one
 * score, and the score with the Bayes verdict picks the action. A value in, a value out: no I/O,
 * no protocol. When the store was unavailable or the scan ran over its time budget, Bayes counts as neutral ({@code BAYES_UNAVAILABLE},
 * 0 points) and the other checks decide alone; our own failure must never reject mail. So they do
 * while the store has learned fewer messages than the training minimum ({@code BAYES_UNDERTRAINED}).
 */
public final class Policy {
    private final PolicyParams params;
    private final MailLimits limits;

    public Policy(PolicyParams params, MailLimits limits) {
        this.params = params;
        this.limits = limits;
    }

    public PolicyParams params() {
        return params;
    }

    /**
     * For a store known to have learned enough (tests, tools that judge with a model they built):
     * the training minimum is not checked.
     *
     * @param bayes the classifier's score, or empty when it could not be computed
     */
    public Decision decide(byte[] message, Optional<Score> bayes) {
        return judge(message, bayes, Optional.empty());
    }

    /**
     * @param bayes the classifier's score, or empty when it could not be computed
     * @param learned what the store had learned when {@code bayes} was computed: below the policy's
     *     training minimum the score does not count (no points, no unsure action), and the
     *     {@code BAYES_UNDERTRAINED} symbol, worth 0, says why
     */
    public Decision decide(byte[] message, Optional<Score> bayes, Totals learned) {
        return judge(message, bayes, bayes.isPresent() ? params.bayesMinLearned().shortfall(learned) : Optional.empty());
    }

    private Decision judge(byte[] message, Optional<Score> bayes, Optional<String> notUsed) {
        List<Symbol> symbols = new ArrayList<>();
        if (notUsed.isPresent()) {
            symbols.add(new Symbol(PolicyParams.BAYES_UNDERTRAINED, 0.0, String.format(Locale.ROOT,
                    "Bayes not used: %s; p=%.4f", notUsed.get(), bayes.get().probability())));
        } else if (bayes.isPresent()) {
            BayesSymbol b = BayesSymbol.of(bayes.get().probability(), params.bayesBands());
            symbols.add(new Symbol(b.name(), b.points(), String.format(Locale.ROOT, "p=%.4f", bayes.get().probability())));
        } else {
            symbols.add(new Symbol(PolicyParams.BAYES_UNAVAILABLE, 0.0, "store unavailable or scan over its time budget; counted as neutral"));
        }
        MessageChecks.run(message, limits, params, symbols);
        double total = 0;
        for (Symbol s : symbols) total += s.points();
        total = Math.round(total * 1000) / 1000.0;
        boolean unsure = notUsed.isEmpty() && bayes.isPresent() && bayes.get().verdict() == Verdict.UNSURE;
        Action action;
        String reason;
        if (total >= params.rejectScore()) {
            action = Action.REJECT;
            reason = fmt("score %.1f >= reject %.1f", total, params.rejectScore());
        } else if (total >= params.holdScore()) {
            action = Action.HOLD;
            reason = fmt("score %.1f >= hold %.1f", total, params.holdScore());
        } else if (unsure && params.unsureAction() != Action.ACCEPT) {
            action = params.unsureAction();
            reason = Decision.BAYES_UNSURE;
        } else if (total >= params.tagScore()) {
            action = Action.TAG;
            reason = fmt("score %.1f >= tag %.1f", total, params.tagScore());
        } else {
            action = Action.ACCEPT;
            reason = fmt("score %.1f below thresholds", total);
        }
        return new Decision(action, total, symbols, bayes, reason, notUsed);
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
