package org.bayard.app.desk;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP requests' writes that outlasted their budget ({@link WriteBudget}): each request was
 * answered 503, and its write goes on, made once the lock it waits for is free. Kept here so that
 * serve's stop can wait for them and say which it could not: they run on threads of their own
 * that nothing else waits for, so a stop while another process held the lock ended them unmade
 * and said nothing, though their clients had been told the write would be made.
 */
public final class LateWrites {
    /** Each write still running, with what it writes as the log names it. */
    private final Map<CompletableFuture<?>, String> running = new ConcurrentHashMap<>();
    private final PrintStream log;

    /** {@code log} gets a line for each late write that fails (a full disk, the store closed under it). */
    public LateWrites(PrintStream log) {
        this.log = log;
    }

    /** {@code write}, whose request is answered 503 now, is waited for from now on (named {@code what}). */
    void add(String what, CompletableFuture<?> write) {
        running.put(write, what);
        write.whenComplete((result, failure) -> {
            running.remove(write);
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                log.println("bayard serve: " + what + ", answered 503 as it outlasted its wait, failed: " + cause.getMessage()
                        + "; not made: ask again");
            }
        });
    }

    /** How many are still running. */
    public int running() {
        return running.size();
    }

    /**
     * Waits for the writes still running until {@code deadlineNanos} (of {@link System#nanoTime}),
     * then names those that are not made, each as its line in serve's log says it.
     */
    public List<String> awaitUntil(long deadlineNanos) {
        for (CompletableFuture<?> write : List.copyOf(running.keySet())) {
            try {
                write.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // not made in time, or failed (said by its own line): the rest are still worth their wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return notMade();
    }

    /** Those still running, each named with what its client must do: nothing makes them once serve ends. */
    public List<String> notMade() {
        List<String> left = new ArrayList<>();
        for (String what : running.values()) left.add(what + ", answered 503 as it outlasted its wait: not made, ask again");
        return left;
    }
}
