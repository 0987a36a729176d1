package org.bayard.app.gate;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Platform threads a session hands its CPU work to, and waits on. A virtual thread that computes
 * keeps its carrier until it is done: while as many sessions computed as there are carriers,
 * every other session (a greeting, a NOOP, a reply to a message already judged) waited for one of
 * them to end. The session waiting here gives its carrier back, and the machine's scheduler
 * shares the cores between these threads and the carriers.
 */
final class GateThreads {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /**
     * One thread for each core, for what a session computes while it judges a message beside the
     * scan: the policy's other checks, which read the whole scanned part through the MIME reader;
     * the unsure delay's digest of the message; the rewrite of its header block; autolearn's
     * preparing of the scanned part. Apart from the scans' threads: a scan may run for its whole
     * budget, and what is computed here has no budget to give up at, so it must not queue behind
     * the scans.
     */
    static final GateThreads COMPUTE = new GateThreads("bayard-compute-", CORES, "computing");

    /**
     * Half the cores (at least one), for what the gate tokenizes in bulk to learn it: a trap
     * report's messages, and the writes replayed from the journal at a start. A report of many
     * messages takes seconds and has no budget to give up at; among the {@link #COMPUTE} threads,
     * while as many reports were tokenized as there are cores, every other message's checks and
     * header rewrite queued behind them, and ordinary mail waited seconds for its reply. Here a
     * report queues behind reports only, and the other half of the cores stays for the checks.
     */
    static final GateThreads LEARNING = new GateThreads("bayard-learning-", Math.max(1, CORES / 2), "learning trap reports");

    /**
     * One thread for each core, for the Bayes scans ({@link TimedScoring}): a scan computes without
     * a pause, and on a virtual thread it kept its carrier until it ended, so while as many scans
     * as carriers ran, every session, the HTTP side and the decision log waited for one of them.
     */
    static final GateThreads SCANS = new GateThreads("bayard-scan-", CORES, "scanning");

    private final ThreadPoolExecutor threads;
    /** What these threads are busy with, for the error of work that could not start in time. */
    private final String busyWith;

    private GateThreads(String name, int count, String busyWith) {
        this.busyWith = busyWith;
        threads = new ThreadPoolExecutor(count, count, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name(name, 0).daemon(true).factory());
    }

    /**
     * {@code work}'s result, computed on one of these threads, waiting for its turn however long;
     * what it throws is thrown here. Interrupted (serve's stop cutting a session off), the work
     * still queued never runs.
     */
    <T> T call(Callable<T> work) throws IOException {
        return run(work, 0, false);
    }

    /**
     * As {@link #call}, if the work starts before {@code deadlineNanos} (of {@link System#nanoTime});
     * once started it runs to its end. Still queued at the deadline, it leaves the queue and never
     * runs: the IOException then says the gate is busy, and the session's 451 has its sender keep
     * the message and send it again.
     */
    <T> T callStartingBy(long deadlineNanos, Callable<T> work) throws IOException {
        return run(work, deadlineNanos, true);
    }

    /** As {@link #call}, for work that throws nothing checked. */
    <T> T compute(Supplier<T> work) {
        try {
            return call(work::get);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code work}'s result if it is done within {@code budget}; empty when it failed, ran over or
     * this thread was interrupted (the interrupt is kept). Work over its budget is cancelled, and
     * still queued it leaves the queue with what it holds (a scan's copy of the message) and never runs.
     */
    <T> Optional<T> within(Duration budget, Callable<T> work) {
        Future<T> queued = threads.submit(work);
        try {
            return Optional.of(queued.get(budget.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            withdraw(queued);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            withdraw(queued);
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void withdraw(Future<?> queued) {
        queued.cancel(true);
        threads.remove((Runnable) queued);
    }

    private <T> T run(Callable<T> work, long deadlineNanos, boolean bounded) throws IOException {
        Future<T> queued = threads.submit(work);
        try {
            if (!bounded) return queued.get();
            try {
                return queued.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (threads.remove((Runnable) queued)) {
                    throw new IOException("busy " + busyWith + " (" + threads.getActiveCount() + " under way, "
                            + threads.getQueue().size() + " more waiting); try again later");
                }
                return queued.get(); // taken by a thread: it ends as any other work does
            }
        } catch (ExecutionException e) {
            throw BoundedWait.thrown(e);
        } catch (InterruptedException e) {
            withdraw(queued);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while computing");
        }
    }
}
