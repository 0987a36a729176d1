package org.bayard.app.gate;

import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;

/**
 * What the gate decided and learned, told as it happens, for counters (Prometheus, the dashboard).
 * Typed, so a count never depends on the wording of the decision log, which is written for
 * people. Called on the session's thread: a listener must be quick.
 */
public interface GateEvents {
    /** No one listening. */
    GateEvents NONE = new GateEvents() {
        @Override
        public void message(GateAction action, boolean unsure, long nanos) {}

        @Override
        public void learned(MailClass mailClass, LearnSource source) {}
    };

    /**
     * One message handled at the end of DATA: what was done with it (for mail to traps and to
     * others, what was done for the others), whether Bayes' unsure verdict chose that (held or
     * tagged as unsure, or delayed), and how long the gate took. Not told when the gate failed
     * and the session answered a tempfail of its own.
     */
    void message(GateAction action, boolean unsure, long nanos);

    /** The gate changed the store: one message learned as {@code mailClass}, from a trap or by autolearn. */
    void learned(MailClass mailClass, LearnSource source);
}
