package org.bayard.app.gate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The writes a gate session makes to one shared resource behind a lock other processes take too
 * (the store's write lock, the blocklist's lock file), waited for at most until the session's
 * deadline and then put off: made when the lock is free, while the session answers in time.
 *
 * <p>Why: another process may hold such a lock for minutes (a {@code bayard train} into the same
 * store, a {@code bayard learn} stopped with ^Z or SIGSTOP, a {@code db import} holding the
 * blocklist). Every session that autolearned, fed a trap or rejected a sender waited for it
 * without a reply, until its client and Postfix's {@code smtpd_proxy_timeout} gave up and sent
 * the message again. Waiting has no bound a session could keep, and a timeout would lose the
 * write, so a write past the deadline goes on without the session, and the log says so twice:
 * {@code write-waiting} when it is put off, then {@code write-done} or {@code write-failed}.
 *
 * <p>While writes are put off, the next session does not wait at all (its write queues behind
 * them anyway), so a held lock costs one session its budget, not every session. At most
 * {@link #MAX_PUT_OFF} wait at once, holding at most an eighth of the heap in the messages they
 * keep (the part of a message autolearn scanned, the features of a trap report's messages);
 * beyond, a write is refused with an IOException (said in the log), which the caller turns into
 * what it does with any failed write.
 *
 * <p>A write put off is kept in the {@link PutOffJournal} before the session answers, so that a
 * serve killed before it is made leaves it to the next serve's start; its entry goes once it is
 * made, or is set aside with a log line if it fails. One the journal cannot keep (full, a full
 * disk) is still put off, in memory only, and its {@code write-waiting} line says so.
 */
final class PutOffWrites {
    static final int MAX_PUT_OFF = 10_000;

    private final String resource;
    /** Whether another process holds the resource now, as far as can be told (see {@link #PutOffWrites(String, DecisionLog, PutOffJournal, BooleanSupplier)}). */
    private final BooleanSupplier heldElsewhere;
    private final DecisionLog log;
    private final PutOffJournal journal;
    /** Writes put off that the journal could not keep: lost if serve ends before they are made. */
    private final AtomicInteger notJournaled = new AtomicInteger();
    /** Set as the gate stops: a write failing then (the store closed under it) stays in the journal for the next start. */
    private volatile boolean stopping;
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger putOff = new AtomicInteger();
    private final AtomicLong putOffBytes = new AtomicLong();
    private final long maxPutOffBytes = Runtime.getRuntime().maxMemory() / 8;

    /**
     * {@code resource} names the lock in the log lines ("the blocklist's lock"), one that cannot
     * tell who holds it: a write not made within its wait is said to wait for another process.
     */
    PutOffWrites(String resource, DecisionLog log, PutOffJournal journal) {
        this(resource, log, journal, () -> true);
    }

    /**
     * As {@link #PutOffWrites(String, DecisionLog, PutOffJournal)}, for a lock that can tell
     * whether another process holds it ({@link org.bayard.core.store.TokenStore#waitsForAnotherProcess}):
     * a write whose wait runs out while none does is said to be long, not held out.
     */
    PutOffWrites(String resource, DecisionLog log, PutOffJournal journal, BooleanSupplier heldElsewhere) {
        this.resource = resource;
        this.log = log;
        this.journal = journal;
        this.heldElsewhere = heldElsewhere;
    }

    /**
     * Runs {@code write} and waits for it until {@code deadlineNanos} (of {@link System#nanoTime}):
     * its result, or empty when it was put off; then {@code whenDone} gets the result once the
     * write is made. A write that fails within the wait throws its own failure.
     *
     * @param what what is written, for the log ("autolearn ham")
     * @param bytes about what the write keeps of the message while it waits
     * @param entry what the journal keeps of the write should it be put off; null for a write
     *     not journaled (see the overload)
     * @throws IOException when too many writes are put off already, or the write failed so
     */
    <T> Optional<T> until(long deadlineNanos, String what, String queueId, long bytes, Callable<T> write,
                          Consumer<? super T> whenDone, PutOffJournal.Entry entry) throws IOException {
        if (putOff.get() >= MAX_PUT_OFF || putOff.get() > 0 && putOffBytes.get() + bytes > maxPutOffBytes) {
            log("write-refused", what, queueId, putOff.get() + " writes (" + (putOffBytes.get() >> 20) + " MiB) wait already for "
                    + resource + "; not written");
            throw new IOException(putOff.get() + " writes wait already for " + resource);
        }
        CompletableFuture<T> made = BoundedWait.started(runner, write);
        int before = putOff.get();
        long left = deadlineNanos - System.nanoTime();
        long wait = before > 0 ? 0 : Math.max(0, left);
        Optional<T> result = BoundedWait.result(made, wait);
        if (result.isEmpty()) putOff(made, what, queueId, bytes, whenDone, entry, whyPutOff(before, left));
        return result;
    }

    /** What a write's {@code write-waiting} line says of why it was put off, and its {@code write-done} line once it is made. */
    private record Why(String waiting, String done) {}

    /**
     * Why a write was put off, for its log lines: another process is blamed only when the write
     * waited for it. One behind writes put off waits for none, one whose session's judging used
     * its wait up had none, and one that outlasted its wait with no other process about (a large
     * trap report's, many thousand words to add) was merely long.
     */
    private Why whyPutOff(int before, long left) {
        if (before > 0) return new Why("written after the " + before + " put off before it", "written after those put off before it");
        if (left <= 0) {
            return new Why("the session's wait (scan-timeout-ms from the end of DATA, or of a trap's learning of the message) was used up"
                    + " before the write began; written as soon as it can be", "written after its session stopped waiting");
        }
        if (heldElsewhere.getAsBoolean()) {
            return new Why("another process holds " + resource + "; written when it is free", "written after waiting for " + resource);
        }
        return new Why("no other process holds " + resource + ", but this serve's writing outlasted the wait (scan-timeout-ms);"
                + " written as soon as it is done", "written after its session stopped waiting");
    }

    /**
     * As {@link #until(long, String, String, long, Callable, Consumer, PutOffJournal.Entry)}, for a
     * write that is not journaled because nothing is lost with it: one a later check chooses again
     * (serve's ledger prune).
     */
    <T> Optional<T> until(long deadlineNanos, String what, String queueId, long bytes, Callable<T> write,
                          Consumer<? super T> whenDone) throws IOException {
        return until(deadlineNanos, what, queueId, bytes, write, whenDone, null);
    }

    /** Writes put off and not yet made. */
    int waiting() {
        return putOff.get();
    }

    /** How many writes are put off and for what, such as "2 writes put off, waiting for the store's write lock"; empty when none is. */
    Optional<String> waitingLine() {
        int n = putOff.get();
        return n == 0 ? Optional.empty() : Optional.of(n + (n == 1 ? " write" : " writes") + " put off, waiting for " + resource);
    }

    /**
     * Says in the log how many writes are still put off as the gate stops: made if the lock is
     * freed before the process ends (serve waits for the store's as it closes it), else by the next
     * start from the journal; those the journal could not keep are lost then, each named by its
     * {@code write-waiting} line. From now on a write that fails stays in the journal.
     */
    void sayWhatIsLeft() {
        stopping = true;
        int left = putOff.get();
        if (left == 0) return;
        int lost = notJournaled.get();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "writes-put-off-at-stop");
        line.put("waiting", left);
        line.put("detail", left + " writes still wait for " + resource + "; made if it is freed before serve exits, else by the"
                + " next serve's start from the journal " + journal.where()
                + (lost > 0 ? ", but for " + lost + " the journal could not keep, which are lost (see their write-waiting lines)" : ""));
        log.println(Gate.LOG_JSON.writeValueAsString(line));
    }

    private <T> void putOff(CompletableFuture<T> made, String what, String queueId, long bytes, Consumer<? super T> whenDone,
                            PutOffJournal.Entry entry, Why why) {
        putOff.incrementAndGet();
        putOffBytes.addAndGet(bytes);
        // kept before the session answers: the answer may say the write will be made
        Path kept = null;
        String journaled = "";
        try {
            if (entry != null) kept = journal.keep(entry);
        } catch (IOException | RuntimeException e) {
            kept = null;
            notJournaled.incrementAndGet();
            journaled = "; not journaled (" + e.getMessage() + "), so lost should serve stop before then";
        }
        log("write-waiting", what, queueId, why.waiting() + journaled);
        Path file = kept;
        boolean counted = entry != null && kept == null;
        made.whenComplete((result, failure) -> {
            putOff.decrementAndGet();
            putOffBytes.addAndGet(-bytes);
            if (counted) notJournaled.decrementAndGet();
            if (failure == null) {
                if (file != null) journal.done(file);
                whenDone.accept(result);
                log("write-done", what, queueId, why.done());
            } else {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                        ? c.getCause() : failure;
                if (file != null && stopping) {
                    log("write-failed", what, queueId, "not written as serve stops (" + cause.getMessage() + "); kept in the journal"
                            + " for the next start");
                } else {
                    log("write-failed", what, queueId, "not written: " + cause.getMessage());
                    if (file != null) journal.setAside(file, what, queueId, "not written: " + cause.getMessage());
                }
            }
        });
    }

    private void log(String event, String what, String queueId, String detail) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", event);
        line.put("queue_id", queueId);
        line.put("write", what);
        line.put("detail", detail);
        if (event.equals("write-waiting")) line.put("waiting", putOff.get());
        log.println(Gate.LOG_JSON.writeValueAsString(line));
    }
}
