package org.bayard.app.desk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.bayard.app.gate.BoundedWait;

/**
 * The writes of an HTTP request behind a lock other processes take too, waited for at most a
 * budget: the store's write lock (the API's learn, unlearn and forget; a moderator's learn-ham or
 * learn-spam), the blocklist's (the page's additions and removals). Another process may hold one
 * for minutes (a long {@code bayard train}, a {@code learn} stopped with ^Z, a {@code db import});
 * each request then kept its worker slot as long, the page hung, and once
 * {@code http.max-concurrent} of them waited, every check, {@code /checkv2} from an MTA's SMTP
 * session among them, got 503. Past the budget the request fails with an
 * {@link UncheckedIOException} (503) that says why; the write is not withdrawn but made once the
 * lock is free, which is harmless to ask for again (the ledger answers "already learned"; an
 * entry added twice is the same entry). Serve's stop waits for it ({@link LateWrites}), but not
 * for ever: the 503 promises it only while serve runs, and the stop's log names each one it left.
 */
final class WriteBudget {
    static final String STORE_BUSY = "another process holds the store's write lock (a bayard train, learn or db import);"
            + " the learning is made once it is free, unless serve stops first (its log then says it was not made);"
            + " asking again says whether it was learned already";
    /** A store write past its budget with no other process holding the lock: it was merely long (a large message, a busy machine). */
    static final String STORE_SLOW = "no other process holds the store's write lock, but this serve's writing outlasted the wait"
            + " (smtp.scan-timeout-ms); the learning is made once it is done, unless serve stops first (its log then says it was"
            + " not made); asking again says whether it was learned already";
    static final String BLOCKLIST_BUSY = "another process holds the blocklist's lock (a bayard blocklist command or db import);"
            + " the change is made once it is free, unless serve stops first (its log then says it was not made)";

    private static final ExecutorService WRITES = Executors.newVirtualThreadPerTaskExecutor();

    private WriteBudget() {}

    /**
     * {@code write}'s result, if it comes within {@code budget}; its own failure as it was; else
     * {@code busy} (503), and {@code late} waits for it from then on, naming it {@code what}
     * (asked only then: naming a message parses it).
     */
    static <T> T within(Duration budget, String busy, LateWrites late, Supplier<String> what, Callable<T> write) throws IOException {
        return within(budget, () -> busy, late, what, write);
    }

    /**
     * As {@link #within(Duration, String, Callable)}, for a store write, which throws nothing
     * checked: past the budget another process is blamed only when {@code heldElsewhere} says the
     * write waits for one ({@link org.bayard.core.store.TokenStore#waitsForAnotherProcess}).
     */
    static <T> T storeWithin(Duration budget, BooleanSupplier heldElsewhere, LateWrites late, Supplier<String> what, Callable<T> write) {
        try {
            return within(budget, () -> heldElsewhere.getAsBoolean() ? STORE_BUSY : STORE_SLOW, late, what, write);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the write is late is asked once the budget has run out, when it can be told. */
    private static <T> T within(Duration budget, Supplier<String> busy, LateWrites late, Supplier<String> what, Callable<T> write)
            throws IOException {
        CompletableFuture<T> made = BoundedWait.started(WRITES, write);
        // past the budget not cancelled: the write goes on, and the stop waits for it
        return BoundedWait.result(made, budget.toNanos()).orElseThrow(() -> {
            late.add(what.get(), made);
            return new UncheckedIOException(new IOException(busy.get()));
        });
    }
}
