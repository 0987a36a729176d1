package org.bayard.app.gate;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting a bounded time for a write that runs on a thread of its own, behind a lock another
 * process may hold for minutes: what a gate session ({@link PutOffWrites}) and an HTTP request
 * (the desk's write budget) both do before they answer without it.
 */
public final class BoundedWait {
    private BoundedWait() {}

    /**
     * {@code write} begun on {@code runner}, its result or failure in the future returned: one
     * that can be told when it is done, for a write its waiter stopped waiting for.
     */
    public static <T> CompletableFuture<T> started(Executor runner, Callable<T> write) {
        CompletableFuture<T> made = new CompletableFuture<>();
        runner.execute(() -> {
            try {
                made.complete(write.call());
            } catch (Throwable e) {
                made.completeExceptionally(e);
            }
        });
        return made;
    }

    /**
     * The write's result (never null) if it comes within {@code nanos}; empty when it is still running (it goes
     * on, not cancelled) or this thread was interrupted (the interrupt is kept); its own failure as
     * it was thrown.
     */
    public static <T> Optional<T> result(Future<T> write, long nanos) throws IOException {
        try {
            return Optional.of(write.get(nanos, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw thrown(e);
        }
    }

    /**
     * What the work behind {@code e} threw, to be thrown again in the waiting thread as it was:
     * returned when an {@link IOException} (also for any other checked exception, wrapped), thrown
     * when unchecked.
     */
    static IOException thrown(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) return io;
        if (cause instanceof RuntimeException r) throw r;
        if (cause instanceof Error err) throw err;
        return new IOException(cause);
    }
}
