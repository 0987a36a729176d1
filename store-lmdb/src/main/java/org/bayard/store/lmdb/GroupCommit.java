package org.bayard.store.lmdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.bayard.core.store.TokenStore.WriteAction;

/**
 * Writes that wait for the writer thread together share one transaction and one commit.
 *
 * <p>Why: a commit writes every page the transaction changed and syncs the file, and learned
 * tokens are spread over the whole store, so even one message's commit costs hundreds of page
 * writes and the fsync (7 to 20 ms on the development machine, mostly waiting for the disk).
 * Callers that learn one message at a time at once (the gate's traps and autolearn, the HTTP
 * API, moderators) each waited for a commit of their own, in turn; now the writer takes every
 * write queued by the time it is free, up to {@link #MAX_GROUP}, and commits them once. Measured
 * in store-lmdb/README.md: 8 threads learning one message at a time, 1.6x as fast.
 *
 * <p>The writes of a group run in the order they were queued, each seeing those before it, as
 * they would one after another. If any of them fails, or the commit does, nothing of the group
 * is kept and each write runs again alone, so that a caller only ever sees its own write's
 * failure: this is why a {@link WriteAction} must not change anything outside its view.
 */
final class GroupCommit {
    /** Writes per transaction at most: a bound on what one commit holds in memory. */
    static final int MAX_GROUP = 256;

    /** Runs one action in a write transaction of its own, committed; on the writer thread. */
    @FunctionalInterface
    interface Transaction {
        <T> T run(WriteAction<T> action);
    }

    private final Transaction transaction;
    private final Queue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong committed = new AtomicLong();

    GroupCommit(Transaction transaction) {
        this.transaction = transaction;
    }

    /** A queued write: its action, then its result or failure. */
    static final class Pending<T> {
        private final WriteAction<T> action;
        private final CompletableFuture<T> outcome = new CompletableFuture<>();

        private Pending(WriteAction<T> action) {
            this.action = action;
        }

        /**
         * Waits for the action's outcome: its result, or its failure rethrown as it was. The wait
         * ignores interrupts (the caller must learn whether its write committed) and keeps the flag.
         */
        T result() {
            try {
                return outcome.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) throw r;
                if (cause instanceof Error err) throw err;
                throw new IllegalStateException("write failed: " + cause, cause);
            }
        }
    }

    /** Queues {@code action}; the writer thread runs it at its next {@link #runQueued}. */
    <T> Pending<T> enqueue(WriteAction<T> action) {
        Pending<T> pending = new Pending<>(action);
        queue.add(pending);
        return pending;
    }

    /** Takes {@code pending} back if no writer has taken it yet; true if it will never run. */
    boolean withdraw(Pending<?> pending) {
        return queue.remove(pending);
    }

    /** On the writer thread: runs every queued write, in groups, until none is left. */
    void runQueued() {
        while (true) {
            List<Pending<?>> group = new ArrayList<>();
            for (Pending<?> p; group.size() < MAX_GROUP && (p = queue.poll()) != null; ) group.add(p);
            if (group.isEmpty()) return;
            run(group);
        }
    }

    /** Writes queued and not yet taken; for tests. */
    int queued() {
        return queue.size();
    }

    /** Write transactions committed so far; for tests. */
    long committed() {
        return committed.get();
    }

    private void run(List<Pending<?>> group) {
        if (group.size() == 1) {
            runAlone(group.get(0));
            return;
        }
        Object[] results;
        try {
            results = transaction.run(view -> {
                Object[] out = new Object[group.size()];
                for (int i = 0; i < out.length; i++) out[i] = group.get(i).action.apply(view);
                return out;
            });
        } catch (RuntimeException | Error e) {
            // Nothing of the group was kept. Alone, each write fails or commits on its own account.
            for (Pending<?> p : group) runAlone(p);
            return;
        }
        committed.incrementAndGet();
        for (int i = 0; i < results.length; i++) complete(group.get(i), results[i]);
    }

    private <T> void runAlone(Pending<T> pending) {
        T result;
        try {
            result = transaction.run(pending.action);
        } catch (RuntimeException | Error e) {
            pending.outcome.completeExceptionally(e);
            return;
        }
        committed.incrementAndGet(); // before the caller wakes, so that it sees the count
        pending.outcome.complete(result);
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object result) {
        pending.outcome.complete((T) result);
    }
}
