package org.bayard.app.gate;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Platform threads, one for each core, for what a session computes while it judges a message
 * beside the scan: the policy's other checks, which read the whole scanned part through the MIME
 * reader; the unsure delay's digest of the message; the rewrite of its header block; autolearn's
 * preparing of the scanned part. A virtual thread that computes keeps its carrier until it is
 * done: while as many sessions computed as there are carriers, every other session (a greeting,
 * a NOOP, a reply to a message already judged) waited for one of them to end. The session waiting
 * here gives its carrier back, and the machine's scheduler shares the cores between these
 * threads, the scans' and the carriers.
 *
 * <p>Apart from the scans' threads ({@link TimedScoring}): a scan may run for its whole budget,
 * and what is computed here has no budget to give up at, so it must not queue behind the scans.
 * Apart from the {@link LearningThreads} too, where a trap report's messages are tokenized: a
 * large report takes seconds, and every message's checks queued behind it here.
 */
final class ComputeThreads {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final ThreadPoolExecutor THREADS = new ThreadPoolExecutor(CORES, CORES, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), Thread.ofPlatform().name("bayard-compute-", 0).daemon(true).factory());

    private ComputeThreads() {}

    /**
     * {@code work}'s result, computed on one of these threads; what it throws is thrown here.
     * Interrupted (serve's stop cutting a session off), the work still queued never runs.
     */
    static <T> T call(Callable<T> work) throws IOException {
        Future<T> running = THREADS.submit(work);
        try {
            return running.get();
        } catch (ExecutionException e) {
            throw BoundedWait.thrown(e);
        } catch (InterruptedException e) {
            running.cancel(true);
            THREADS.remove((Runnable) running);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while computing");
        }
    }

    /** As {@link #call(Callable)}, for work that throws nothing checked. */
    static <T> T compute(java.util.function.Supplier<T> work) {
        try {
            return call(work::get);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
