package org.bayard.store.lmdb;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Says once what a writer waits for, when the wait for a lock another process holds lasts longer
 * than {@link #AFTER}: a {@code bayard learn} from cron or procmail behind a long {@code train},
 * or behind a writer stopped with ^Z, waited without a word and looked hung. It goes on waiting:
 * the other writer always ends, and a lock of a process that dies goes with it (LMDB's and
 * fcntl's both), where giving up would lose what was to be written.
 */
public final class WaitNotice {
    /** Long enough that an ordinary wait (another writer's commit, some ms) says nothing. */
    public static final Duration AFTER = Duration.ofMillis(1500);

    private static final ScheduledExecutorService TIMER = timer();

    private WaitNotice() {}

    /** A wait that may block, and what it gives. */
    @FunctionalInterface
    public interface Wait<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code wait}; if it has not returned after {@link #AFTER}, gives {@code text} to
     * {@code notice} (once, on another thread). A null {@code notice} says nothing.
     */
    public static <T, E extends Exception> T saying(Consumer<String> notice, String text, Wait<T, E> wait) throws E {
        if (notice == null) return wait.run();
        ScheduledFuture<?> said = TIMER.schedule(() -> notice.accept(text), AFTER.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return wait.run();
        } finally {
            said.cancel(false);
        }
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                task -> Thread.ofPlatform().name("bayard-wait-notice").daemon(true).unstarted(task));
        t.setRemoveOnCancelPolicy(true); // one schedule per write: cancelled ones must not pile up
        return t;
    }
}
