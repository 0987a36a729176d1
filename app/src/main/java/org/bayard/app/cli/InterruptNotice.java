package org.bayard.app.cli;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Says what the store kept when a learning command is stopped by Ctrl-C or SIGTERM. The JVM
 * then runs its shutdown hooks, not the rest of the command, so the summary line never came and
 * the user could not tell whether anything had been learned. Close it when the command ends by
 * itself, so that a normal exit prints only the normal summary.
 */
final class InterruptNotice implements AutoCloseable {
    private final Thread hook;
    private volatile boolean ended;

    /**
     * @param summary the command's summary line of what it stored so far, asked for only when the
     *                process is stopped midway (from another thread: it must be safe to read there)
     * @param unit    what the command commits at once ("batch", "group"), one of which may be
     *                committing as it stops
     */
    InterruptNotice(PrintStream out, Supplier<String> summary, String unit) {
        hook = new Thread(() -> {
            if (ended) return;
            out.println(summary.get() + " stored before it was interrupted (the " + unit + " then being committed may be"
                    + " stored too); run it again for the rest: what was stored is found in the ledger and skipped");
            out.flush();
        }, "bayard-interrupt-notice");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        ended = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs, sees ended and prints nothing
        }
    }
}
