package org.bayard.core.train;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;

/**
 * The machine teaching itself from mail it has just judged. Done carelessly this is a feedback
 * loop: Bayes learns what Bayes already believes, and its mistakes harden. So the evidence for
 * spam must come from outside Bayes, and ham needs both sides to agree:
 * <ul>
 *   <li>spam only when the checks other than Bayes alone reach {@link AutolearnParams#spamMinPoints()};</li>
 *   <li>ham only when Bayes is sure (probability below {@link AutolearnParams#hamMaxProbability()})
 *       and the other checks found nothing against it (0 points or fewer);</li>
 *   <li>never for anything in between, never when switched off (the default), and never over a
 *       person's decision: the {@link Learner} refuses {@link LearnSource#AUTOLEARN} against
 *       a human source, and then the answer is {@code no}.</li>
 *   <li>{@code no} too for a message the ledger already holds in that class: a copy teaches nothing.</li>
 * </ul>
 * The answer is what SpamAssassin's {@code autolearn=} field reports: {@code ham}, {@code spam}
 * or {@code no}.
 */
public final class Autolearn {
    private final AutolearnParams params;

    /** The {@code autolearn=} value. */
    public enum Decision {
        HAM, SPAM, NO;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public Optional<MailClass> mailClass() {
            return switch (this) {
                case HAM -> Optional.of(MailClass.HAM);
                case SPAM -> Optional.of(MailClass.SPAM);
                case NO -> Optional.empty();
            };
        }
    }

    public Autolearn(AutolearnParams params) {
        this.params = Objects.requireNonNull(params);
    }

    /**
     * The policy alone, no store: what this message should be learned as.
     *
     * @param otherPoints the points of every check but Bayes
     * @param bayesProbability the classifier's spam probability
     */
    public Decision decide(double otherPoints, double bayesProbability) {
        return decide(otherPoints, OptionalDouble.of(bayesProbability));
    }

    /**
     * As above, where Bayes may not count: while the store has learned too little for the policy
     * to use it ({@code bayesProbability} empty), spam is still learned on the other checks'
     * points alone, but nothing is learned as ham, since a store that knows only ham calls every
     * message ham and would learn the site's spam as ham.
     */
    public Decision decide(double otherPoints, OptionalDouble bayesProbability) {
        if (!params.enabled() || Double.isNaN(otherPoints)) return Decision.NO;
        if (bayesProbability.isPresent() && Double.isNaN(bayesProbability.getAsDouble())) return Decision.NO;
        if (otherPoints >= params.spamMinPoints()) return Decision.SPAM;
        if (otherPoints <= 0 && bayesProbability.isPresent() && bayesProbability.getAsDouble() < params.hamMaxProbability()) {
            return Decision.HAM;
        }
        return Decision.NO;
    }

    /**
     * Decides and learns through the ledger (source {@link LearnSource#AUTOLEARN}). Returns what
     * came of it: the decision when the store learned the message now, or {@code NO} when nothing
     * was to be learned, a person's earlier decision stood, or the ledger already had the message
     * in that class. The last is SpamAssassin's {@code autolearn=no} too: the answer says what was
     * learned, and a copy of a message learned before teaches nothing.
     *
     * @param message prepared only when there is something to learn, as most mail is neither clear
     *     ham nor clear spam and preparing costs a second parse
     */
    public Decision learn(Learner learner, Supplier<PreparedMessage> message, double otherPoints, double bayesProbability) {
        return learn(learner, message, otherPoints, OptionalDouble.of(bayesProbability));
    }

    /** As above; {@code bayesProbability} empty when Bayes did not count (see {@link #decide(double, OptionalDouble)}). */
    public Decision learn(Learner learner, Supplier<PreparedMessage> message, double otherPoints, OptionalDouble bayesProbability) {
        Decision decision = decide(otherPoints, bayesProbability);
        Optional<MailClass> mailClass = decision.mailClass();
        if (mailClass.isEmpty()) return Decision.NO;
        LearnOutcome outcome = learner.learn(message.get(), mailClass.get(), LearnSource.AUTOLEARN);
        return outcome.changed() ? decision : Decision.NO;
    }
}
