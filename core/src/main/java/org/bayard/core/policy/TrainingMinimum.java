package org.bayard.core.policy;

import java.util.Optional;
import org.bayard.core.store.Totals;

/**
 * How many ham and spam messages the store must have learned before the Bayes result may decide
 * anything: SpamAssassin's {@code bayes_min_ham_num} and {@code bayes_min_spam_num} (200 each),
 * Rspamd's {@code min_learns}. A model of a handful of messages calls most mail unsure, and one
 * that has seen a single class calls everything that class (a store of 3 spams scored every ham
 * 1.0, BAYES_999, which the gate rejects), so a new site's first day would be a flood of held or
 * refused mail. Below the minimum the policy leaves Bayes out; the classifier itself is unchanged.
 *
 * @param ham ham messages needed; 0 with {@code spam} 0 turns the rule off
 * @param spam spam messages needed
 */
public record TrainingMinimum(long ham, long spam) {
    public static final TrainingMinimum DEFAULT = new TrainingMinimum(200, 200);
    public static final TrainingMinimum OFF = new TrainingMinimum(0, 0);

    public TrainingMinimum {
        if (ham < 0 || spam < 0) throw new IllegalArgumentException("the training minimum cannot be negative");
    }

    /** True when a store that learned {@code learned} is trusted to decide. */
    public boolean metBy(Totals learned) {
        return learned.ham() >= ham && learned.spam() >= spam;
    }

    /**
     * Why Bayes is not used with {@code learned}, in a few words of printable ASCII for headers
     * and logs ({@code 5 ham and 3 spam learned, 200 of each needed}); empty when it is used.
     */
    public Optional<String> shortfall(Totals learned) {
        if (metBy(learned)) return Optional.empty();
        String needed = ham == spam ? ham + " of each needed" : ham + " ham and " + spam + " spam needed";
        return Optional.of(learned.ham() + " ham and " + learned.spam() + " spam learned, " + needed);
    }
}
