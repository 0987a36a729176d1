package org.bayard.app.desk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The store writes of an HTTP request (the API's learn, unlearn and forget; a moderator's
 * learn-ham or learn-spam), waited for at most a budget. Another process may hold the store's
 * write lock for minutes (a long {@code bayard train}, a {@code learn} stopped with ^Z); each
 * request then kept its worker slot as long, the page hung, and once {@code http.max-concurrent}
 * of them waited, every check, {@code /checkv2} from an MTA's SMTP session among them, got 503.
 * Past the budget the request fails with an {@link UncheckedIOException} (503) that says why; the
 * write is not withdrawn but made once the lock is free, which is harmless to ask for again: the
 * ledger answers "already learned".
 */
final class StoreWriteBudget {
    static final String BUSY = "another process holds the store's write lock (a bayard train, learn or db import);"
            + " the learning is made once it is free, and asking again then says it was learned already";

    private static final ExecutorService WRITES = Executors.newVirtualThreadPerTaskExecutor();

    private StoreWriteBudget() {}

    /** {@code write}'s result, if it comes within {@code budget}; its own failure as it was. */
    static <T> T within(Duration budget, Supplier<T> write) {
        Future<T> made = WRITES.submit(write::get);
        try {
            return made.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UncheckedIOException(new IOException(BUSY)); // not cancelled: the write goes on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(BUSY));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }
}
