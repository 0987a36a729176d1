package org.bayard.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a run must take away, or say, if the JVM is halted before its own {@code finally} blocks
 * run: a one-shot command out of heap on another thread halts at once (the app's
 * OutOfMemoryExit), which runs no {@code finally} block and no shutdown hook. Without this, a
 * restore out of heap left a new, empty store where it was to restore, a trap report's copy of a
 * long standard input stayed in the temporary folder, one more at each of the mail system's
 * retries, and a learning command did not say that what it had committed was kept.
 *
 * <p>Each cleanup must be quick and bounded (deleting a few files it named beforehand, writing a
 * line it made beforehand), wait for no lock another thread may hold long, and allocate little:
 * it runs with the heap full.
 */
public final class HaltCleanups {
    private static final Runnable[] NONE = {};
    /** Copied on each change, so that running them takes no lock and allocates nothing (not even an iterator). */
    private static volatile Runnable[] live = NONE;

    private HaltCleanups() {}

    /** A registered cleanup; closing it removes it once the run took care of things itself. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Registers {@code cleanup}, to be run by {@link #runAll} until the registration is closed. */
    public static synchronized Registration add(Runnable cleanup) {
        Runnable[] now = Arrays.copyOf(live, live.length + 1);
        now[now.length - 1] = cleanup;
        live = now;
        return () -> remove(cleanup);
    }

    private static synchronized void remove(Runnable cleanup) {
        List<Runnable> rest = new ArrayList<>(Arrays.asList(live));
        rest.remove(cleanup);
        live = rest.toArray(NONE);
    }

    /** Runs every cleanup still registered; one that fails does not stop the others. For the halt only. */
    public static void runAll() {
        Runnable[] all = live;
        live = NONE;
        for (int i = 0; i < all.length; i++) {
            try {
                all[i].run();
            } catch (Throwable again) {
                // out of heap again, or a file that cannot be removed: the halt comes all the same
            }
        }
    }
}
