package org.bayard.app.desk;

import org.bayard.app.gate.GateAction;
import org.bayard.app.gate.GateEvents;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;
import org.bayard.http.Metrics;

/**
 * The gate's decisions (action, unsure verdicts, scan time) and its own learns (a trap's mail,
 * autolearn) counted for /metrics and the dashboard, as the API's and the moderators' learns are
 * counted where they are made.
 */
public final class GateMetrics implements GateEvents {
    private final Metrics metrics;

    public GateMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void message(GateAction action, boolean unsure, long nanos) {
        metrics.message(action.label(), unsure, nanos);
    }

    @Override
    public void learned(MailClass mailClass, LearnSource source) {
        metrics.learned(mailClass.label(), source.label());
    }
}
