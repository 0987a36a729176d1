package org.bayard.app.cli;

import java.util.Optional;
import org.bayard.app.Engine;

/**
 * What the commands that build a new site's model say when the store still holds too little for
 * the policy to use Bayes (policy.bayes-min-ham, policy.bayes-min-spam): a postmaster who trained
 * from the mail at hand, or let tte keep only what it needed, would otherwise start serve and
 * find every message judged without Bayes, with nothing at the command that built the store
 * saying so.
 */
final class BayesReadyNote {
    private BayesReadyNote() {}

    /** Why the policy does not use Bayes with the store as it is now; empty when it does. */
    static Optional<String> shortfall(Engine engine) {
        return engine.config().policy().bayesMinLearned().shortfall(engine.learned());
    }

    /** The line {@code command} prints after its summary, when there is one: {@code train: note: Bayes is not used yet: ...}. */
    static Optional<String> line(Engine engine, String command, String advice) {
        return shortfall(engine).map(why -> command + ": note: Bayes is not used yet: " + why
                + " (policy.bayes-min-ham, policy.bayes-min-spam); until then serve, filter and the HTTP check let the other"
                + " checks decide alone. " + advice);
    }
}
