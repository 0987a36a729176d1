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

    /** @param notice the line to print, asked for only when the process is stopped midway */
    InterruptNotice(PrintStream out, Supplier<String> notice) {
        hook = new Thread(() -> {
            if (ended) return;
            out.println(notice.get());
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
