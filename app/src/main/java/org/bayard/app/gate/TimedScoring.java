package org.bayard.app.gate;

import java.time.Duration;
import java.util.Optional;
import org.bayard.app.Engine;
import org.bayard.core.policy.Decision;
import org.bayard.core.policy.Policy;
import org.bayard.core.store.Totals;

/**
 * The policy's decision with Bayes scored within a time budget. It exists apart from the gate
 * because the gate's sessions and the API's checks both decide this way, and because a store
 * that stalls or fails must never hold up or refuse mail: past the budget Bayes gives no score,
 * counts as neutral, and the header says so.
 */
final class TimedScoring {
    private final Engine engine;

    TimedScoring(Engine engine) {
        this.engine = engine;
    }

    /**
     * The policy's decision with the Bayes score and the store's totals read together: while the
     * store has learned less than the policy's training minimum, Bayes does not count.
     */
    Decision decide(Policy policy, byte[] scan, Duration budget) {
        Optional<Engine.Scored> scored = score(scan, budget);
        // the other checks read the whole scan through the MIME reader: not on the caller's carrier
        return GateThreads.COMPUTE.compute(() -> policy.decide(scan, scored.map(Engine.Scored::score),
                scored.map(Engine.Scored::learned).orElse(Totals.EMPTY)));
    }

    /**
     * Scores on a scan thread and waits at most {@code budget}. A store that fails or a scan
     * that runs over its budget gives no Bayes score: it then counts as neutral and the header
     * says so, because our own trouble must never become a 5xx to the sender.
     */
    private Optional<Engine.Scored> score(byte[] scan, Duration budget) {
        return GateThreads.SCANS.within(budget, () -> engine.scoreWithTotals(scan, true));
    }
}
