package org.bayard.app.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Says what the store kept when a learning command is stopped by Ctrl-C or SIGTERM. The JVM
 * then runs its shutdown hooks, not the rest of the command, so the summary line never came and
 * the user could not tell whether anything had been learned. Close it when the command ends by
 * itself, so that a normal exit prints only the normal summary.
 *
 * <p>The command's own thread runs on while the hooks run. It hands each message over through
 * {@link #oneMessage}: once the process is stopping, no message is handed over, and a notice
 * that comes while one is waits for it (a batch may be committing meanwhile), so that no batch is
 * started after the summary was taken. Without that, a loaded machine committed a dozen batches
 * after the line that said what was stored. A command waiting for its input is not waited for.
 */
final class InterruptNotice implements AutoCloseable {
    /** How long the notice waits for the message being handed over (a commit may be under way). */
    private static final long HOLD_WAIT_SECONDS = 20;

    private final Thread hook;
    private final CountDownLatch held = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean handing;
    private volatile boolean ended;

    /**
     * @param summary the command's summary line of what it stored so far, asked for only when the
     *                process is stopped midway (from another thread: it must be safe to read there)
     * @param unit    what the command commits at once ("batch", "group"), one of which may be
     *                committing as it stops
     */
    InterruptNotice(PrintStream out, Supplier<String> summary, String unit) {
        hook = new Thread(() -> {
            stopping = true; // written before handing is read, as oneMessage writes handing before it reads stopping
            try {
                if (handing) held.await(HOLD_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (ended) return;
            out.println(summary.get() + " stored before it was interrupted (the " + unit + " then being committed may be"
                    + " stored too); run it again for the rest: what was stored is found in the ledger and skipped");
            out.flush();
        }, "bayard-interrupt-notice");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Runs {@code handOver}, which gives one message to the command's trainer, unless the process
     * is stopping. Once it is, the command goes no further: this does not return, and the JVM
     * halts once the notice is printed.
     */
    void oneMessage(Runnable handOver) {
        handing = true;
        if (stopping) hold();
        try {
            handOver.run();
        } finally {
            handing = false;
        }
        if (stopping) hold();
    }

    private void hold() {
        held.countDown();
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // still stopping: the halt ends this thread
            }
        }
    }

    @Override
    public void close() {
        ended = true;
        held.countDown(); // a notice waiting for a command that ended by itself prints nothing
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs, sees ended and prints nothing
        }
    }
}
