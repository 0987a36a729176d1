package org.bayard.app.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.bayard.core.HaltCleanups;

/**
 * Says what the store kept when a learning command is stopped by Ctrl-C or SIGTERM. The JVM
 * then runs its shutdown hooks, not the rest of the command, so the summary line never came and
 * the user could not tell whether anything had been learned. Close it when the command ends by
 * itself, so that a normal exit prints only the normal summary.
 *
 * <p>The command's own thread runs on while the hooks run. It does each step that may start a
 * commit through {@link #oneMessage} or {@link #lastStep}: once the process is stopping, no step
 * is started, and a notice that comes while one runs waits for it (a batch may be committing
 * meanwhile), so that no batch is started after the summary was taken. Without that, a loaded
 * machine committed a dozen batches after the line that said what was stored. A command waiting
 * for its input is not waited for.
 *
 * <p>Once the command's thread starts no more steps, the notice settles the work still in
 * flight (a batch the trainer's own thread is committing) before it takes the summary, so the
 * summary counts exactly what the store kept; only a step that outlasts the wait leaves that open.
 */
final class InterruptNotice implements AutoCloseable {
    /** How long the notice waits for the step under way, and then for the commit in flight. */
    private static final long HOLD_WAIT_SECONDS = 20;

    private final Thread hook;
    /**
     * What the out-of-memory halt says in the hook's stead, which it skips: without it the command
     * said only that it ran out of memory, not that what it had committed was kept. Fixed
     * beforehand, as the halt can neither wait for the summary's lock nor count on the heap.
     */
    private final HaltCleanups.Registration onHalt;
    private final CountDownLatch held = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean handing;
    private volatile boolean ended;

    /**
     * @param summary the command's summary line of what it stored so far, asked for only when the
     *                process is stopped midway (from another thread: it must be safe to read there)
     * @param unit    what the command commits at once ("batch", "group"), one of which may be
     *                committing as it stops
     * @param settle  run on the notice's thread once the command's thread starts no more steps:
     *                waits (up to the time given) for a commit still under way on a thread of its
     *                own and counts it in the summary; false when it did not end in time
     */
    InterruptNotice(PrintStream out, Supplier<String> summary, String unit, Predicate<Duration> settle) {
        hook = new Thread(() -> {
            stopping = true; // written before handing is read, as oneMessage writes handing before it reads stopping
            boolean still = true; // the command's thread is not in a step, or is held after one
            try {
                if (handing) still = held.await(HOLD_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                still = false;
            }
            if (ended) return;
            boolean exact = still && settle.test(Duration.ofSeconds(HOLD_WAIT_SECONDS));
            if (ended) return;
            out.println(summary.get() + " stored before it was interrupted"
                    + (exact ? "" : " (the " + unit + " then being committed may be stored too)")
                    + "; run it again for the rest: what was stored is found in the ledger and skipped");
            out.flush();
        }, "bayard-interrupt-notice");
        Runtime.getRuntime().addShutdownHook(hook);
        byte[] kept = ("the " + unit + (unit.endsWith("h") ? "es" : "s") + " stored before it ran out of memory are kept;"
                + " run it again for the rest: what was stored is found in the ledger and skipped" + System.lineSeparator())
                .getBytes(out.charset());
        onHalt = HaltCleanups.add(() -> {
            out.write(kept, 0, kept.length);
            out.flush();
        });
    }

    /** For a command whose commits all run on its own thread, inside its steps: nothing is left in flight between them. */
    InterruptNotice(PrintStream out, Supplier<String> summary, String unit) {
        this(out, summary, unit, timeout -> true);
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

    /** Runs the command's last step (committing what is left) as {@link #oneMessage} runs a message's. */
    void lastStep(Runnable finish) {
        oneMessage(finish);
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
        onHalt.close();
        held.countDown(); // a notice waiting for a command that ended by itself prints nothing
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs, sees ended and prints nothing
        }
    }
}
