package org.bayard.store.lmdb;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one platform thread that runs every LMDB write transaction of a store.
 *
 * <p>Why: LMDB's writer lock is a native mutex tied to the OS thread that took it, and a write
 * transaction must end on the thread that began it. A virtual thread waiting on that mutex pins
 * its carrier; with a few carriers, the waiters pin them all and the holder can never be
 * scheduled to commit (a deadlock seen with 200 virtual threads on 2 carriers). One dedicated
 * thread per store turns contention into a queue instead.
 */
final class WriterThread {
    private final ExecutorService executor;
    private volatile Thread thread;

    WriterThread(String name) {
        executor = Executors.newSingleThreadExecutor(task -> {
            // Daemon: a store someone forgot to close must not keep the JVM alive; a write cut
            // short by exit is rolled back by LMDB like any uncommitted transaction.
            Thread t = Thread.ofPlatform().name(name).daemon(true).unstarted(task);
            thread = t;
            return t;
        });
    }

    /** Refuses a write begun on the writer thread itself: inside another write, it would wait for itself. */
    void refuseNesting() {
        if (Thread.currentThread() == thread) throw new IllegalStateException("a write must not nest inside another write");
    }

    /**
     * Runs {@code task} on the writer thread and waits for it. The wait ignores interrupts (the
     * caller must learn whether its write committed) and restores the flag afterwards.
     */
    <T> T call(Supplier<T> task) {
        refuseNesting();
        Future<T> future;
        try {
            future = executor.submit(task::get);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the LMDB store is closed", e);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /**
     * Queues {@code task} to run on the writer thread, without waiting for it; false when the
     * thread no longer takes tasks (the store is closing).
     */
    boolean execute(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Lets queued writes finish, then stops the thread. */
    void shutdown() {
        executor.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.DAYS)) break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) throw r;
        if (cause instanceof Error e) throw e;
        // Tasks are Suppliers, so nothing checked can arrive here; if it does, it is our bug.
        throw new IllegalStateException("write task failed with a checked exception", cause);
    }
}
