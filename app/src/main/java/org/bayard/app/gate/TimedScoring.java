package org.bayard.app.gate;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /**
     * Scans run here, so the caller can stop waiting for one that overruns its budget. Platform
     * threads, one for each core: a scan computes without a pause, and on a virtual thread it kept
     * its carrier until it ended, so while as many scans as carriers ran, every session (a NOOP,
     * a greeting), the HTTP side and the decision log waited for one of them to end, and a scan
     * waited for their computing too. The caller, waiting here, gives its carrier back; the
     * machine's scheduler shares the cores between these threads and the carriers.
     */
    private static final ThreadPoolExecutor SCANS = new ThreadPoolExecutor(CORES, CORES, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), Thread.ofPlatform().name("bayard-scan-", 0).daemon(true).factory());

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
        Future<Engine.Scored> scoring = SCANS.submit(() -> engine.scoreWithTotals(scan, true));
        try {
            return Optional.of(scoring.get(budget.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            scoring.cancel(true);
            // one still queued leaves the queue now, with its copy of the message: the session has
            // given the scan's share of the heap back (ScanMemory), and it must never run
            SCANS.remove((Runnable) scoring);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            scoring.cancel(true);
            SCANS.remove((Runnable) scoring);
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
