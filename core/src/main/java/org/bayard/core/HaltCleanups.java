package org.bayard.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a run must take away if the JVM is halted before its own {@code finally} blocks run: a
 * one-shot command out of heap on another thread halts at once (the app's OutOfMemoryExit),
 * which runs no {@code finally} block and no shutdown hook. Without this, a restore out of heap
 * left a new, empty store where it was to restore, and a trap report's copy of a long standard
 * input stayed in the temporary folder, one more at each of the mail system's retries.
 *
 * <p>Each cleanup must be quick and bounded (deleting a few files it named beforehand), wait for
 * no lock another thread may hold, and allocate little: it runs with the heap full.
 */
public final class HaltCleanups {
    /** Copy-on-write: adding and removing are rare, and running them must not allocate much. */
    private static final List<Runnable> LIVE = new CopyOnWriteArrayList<>();

    private HaltCleanups() {}

    /** A registered cleanup; closing it removes it once the run took care of things itself. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Registers {@code cleanup}, to be run by {@link #runAll} until the registration is closed. */
    public static Registration add(Runnable cleanup) {
        LIVE.add(cleanup);
        return () -> LIVE.remove(cleanup);
    }

    /** Runs every cleanup still registered; one that fails does not stop the others. For the halt only. */
    public static void runAll() {
        for (Runnable cleanup : LIVE) {
            try {
                cleanup.run();
            } catch (Throwable again) {
                // out of heap again, or a file that cannot be removed: the halt comes all the same
            }
        }
        LIVE.clear();
    }
}
