package org.bayard.app.gate;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Platform threads, half the cores (at least one), for what the gate tokenizes in bulk to learn
 * it: a trap report's messages, and the writes replayed from the journal at a start. A report of
 * many messages takes seconds and has no budget to give up at; on the {@link ComputeThreads},
 * while as many reports were tokenized as there are cores, every other message's checks and
 * header rewrite queued behind them, and ordinary mail waited seconds for its reply. Here a
 * report queues behind reports only, and the other half of the cores stays for the checks.
 */
final class LearningThreads {
    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    private static final ThreadPoolExecutor LEARNING = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), Thread.ofPlatform().name("bayard-learning-", 0).daemon(true).factory());

    private LearningThreads() {}

    /**
     * {@code work}'s result, computed on one of these threads, if it starts before
     * {@code deadlineNanos} (of {@link System#nanoTime}); once started it runs to its end. Still
     * queued at the deadline, it leaves the queue and never runs: the IOException then says the
     * gate is busy, and the session's 451 has its sender keep the report and send it again.
     */
    static <T> T callStartingBy(long deadlineNanos, Callable<T> work) throws IOException {
        return run(work, deadlineNanos, true);
    }

    /** As {@link #callStartingBy}, waiting for its turn however long: for work no session waits for (a replay). */
    static <T> T call(Callable<T> work) throws IOException {
        return run(work, 0, false);
    }

    /** As {@link #call(Callable)}, for work that throws nothing checked. */
    static <T> T compute(java.util.function.Supplier<T> work) {
        try {
            return call(work::get);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static <T> T run(Callable<T> work, long deadlineNanos, boolean bounded) throws IOException {
        Future<T> queued = LEARNING.submit(work);
        try {
            if (!bounded) return queued.get();
            try {
                return queued.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (LEARNING.remove((Runnable) queued)) {
                    throw new IOException("busy learning trap reports (" + LEARNING.getActiveCount() + " under way, "
                            + LEARNING.getQueue().size() + " more waiting); try again later");
                }
                return queued.get(); // taken by a thread: it ends as any report does
            }
        } catch (ExecutionException e) {
            throw BoundedWait.thrown(e);
        } catch (InterruptedException e) {
            queued.cancel(true);
            LEARNING.remove((Runnable) queued);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while learning");
        }
    }
}
