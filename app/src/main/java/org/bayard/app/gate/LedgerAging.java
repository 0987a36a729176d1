package org.bayard.app.gate;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.bayard.core.store.LedgerPruner;
import org.bayard.core.store.TokenStore;

/**
 * {@code store.ledger-max-age-days} in {@code bayard serve}: once a day, the ledger entries older
 * than that many days are pruned, as {@code bayard db prune --ledger-older-than} does, because most
 * sites never run a maintenance command by hand and the ledger grows by an entry per message
 * learned (autolearn's too).
 *
 * <p>Why it holds up no mail: the entries are chosen in a read view, without the store's write
 * lock; the write that removes them is only as long as their number (a day's worth), and goes
 * through the gate's {@link PutOffWrites} for the store as a session's learning does, so behind a
 * lock another process holds (a long {@code bayard train}) it is put off, not waited for, and the
 * log says so ({@code write-waiting}, then {@code write-done}). What it did is one log line,
 * {@code ledger-pruned}, or {@code ledger-prune-failed}.
 *
 * <p>A write removes at most {@link #ROUND} entries; more (the first prune of a ledger a year
 * old) go in several, chosen and removed in turn.
 *
 * <p>It checks a minute after the start and then every hour, and prunes when the key is on and no
 * prune with the same setting is recorded in the last day ({@link LastLedgerPrune}, a file, so the
 * day counts across restarts); a reload that turns it on or changes it prunes at once
 * ({@link #checkSoon}). Neither of them before the machine has been up an hour ({@link MachineUptime}): one
 * without a battery-backed clock can start with its clock far ahead, put right by NTP a minute
 * later, and entries that only looked old would be gone for good. The machine's hour, not serve's:
 * a serve restarted more often than hourly (a crash loop, a nightly restart, a container platform)
 * never reached an hour of its own, and never pruned.
 */
final class LedgerAging implements AutoCloseable {
    static final Duration CHECK_EVERY = Duration.ofHours(1);
    /** After the start, not at it: a serve that fails at once does not walk the ledger each time. */
    static final Duration FIRST_CHECK = Duration.ofMinutes(1);
    /** How long the machine must have been up before its clock is trusted to age entries. */
    static final Duration CLOCK_SETTLES = Duration.ofHours(1);
    static final Duration PRUNE_EVERY = Duration.ofDays(1);
    /**
     * The entries one write removes at most: a day's worth at a busy site. More (the first prune of
     * a ledger a year old) go in several writes, so that none holds the lock for long.
     */
    static final int ROUND = 100_000;

    private final TokenStore store;
    private final Clock clock;
    private final IntSupplier maxAgeDays;
    private final LongSupplier writeBudgetNanos;
    private final PutOffWrites storeWrites;
    private final DecisionLog log;
    /** The entries one write removes at most. */
    private final int round;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bayard-ledger-aging");
        t.setDaemon(true);
        return t;
    });
    /** When the last prune was made, and with what setting; only the checker's thread touches it. */
    private final LastLedgerPrune last;
    /** How long the machine has been up (its clock had that long to be put right), in nanoseconds. */
    private final LongSupplier machineUp;
    /** The last prune left old entries behind a put-off write: the next check goes on, whatever the day. */
    private boolean unfinished;
    /** Set by close: a prune in rounds stops after the round it is in. */
    private volatile boolean closing;

    /**
     * @param maxAgeDays the setting as configured now (a reload changes it)
     * @param writeBudgetNanos how long the write may wait for the lock before it is put off, as configured now
     * @param machineUp the machine's time up in nanoseconds ({@link MachineUptime})
     */
    LedgerAging(TokenStore store, Clock clock, IntSupplier maxAgeDays, LongSupplier writeBudgetNanos, PutOffWrites storeWrites,
                DecisionLog log, LastLedgerPrune last, LongSupplier machineUp) {
        this(store, clock, maxAgeDays, writeBudgetNanos, storeWrites, log, Math.min(ROUND, LedgerPruner.defaultRound()), last,
                machineUp);
    }

    /** With writes of at most {@code round} entries each, and the machine's time up from {@code machineUp}. */
    LedgerAging(TokenStore store, Clock clock, IntSupplier maxAgeDays, LongSupplier writeBudgetNanos, PutOffWrites storeWrites,
                DecisionLog log, int round, LastLedgerPrune last, LongSupplier machineUp) {
        this.round = round;
        this.last = last;
        this.machineUp = machineUp;
        this.store = store;
        this.clock = clock;
        this.maxAgeDays = maxAgeDays;
        this.writeBudgetNanos = writeBudgetNanos;
        this.storeWrites = storeWrites;
        this.log = log;
    }

    /** Checks every {@link #CHECK_EVERY}, the first time {@link #FIRST_CHECK} after now. */
    LedgerAging start() {
        return start(FIRST_CHECK);
    }

    /** Checks every {@link #CHECK_EVERY}, the first time {@code first} after now. */
    LedgerAging start(Duration first) {
        checker.scheduleWithFixedDelay(() -> check(false), first.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Checks at once (after a reload), besides the hourly checks. Not on a machine up less than an
     * hour either: a person changed the setting, not the clock, which may still be far ahead; the
     * first hourly check after the hour prunes (a changed setting is due at once), and the log says
     * so: the person who set the key expected a prune now.
     */
    void checkSoon() {
        if (!checker.isShutdown()) checker.execute(() -> check(true));
    }

    /**
     * Prunes if the key is on, a prune is due, and the machine has been up long enough to trust its
     * clock; never throws (a scheduled task that threw would never run again).
     */
    private void check(boolean asked) {
        int days = maxAgeDays.getAsInt();
        if (days == 0) return;
        if (machineUp.getAsLong() < CLOCK_SETTLES.toNanos()) { // the clock may still be far ahead
            if (asked) putOff(days);
            return;
        }
        Instant now = clock.instant();
        if (!unfinished && !last.due(now, days, PRUNE_EVERY)) return;
        last.prunedAt(now, days); // before the walk: one that fails is tried again a day later, as the log line says
        unfinished = false;
        Instant cutoff = now.minus(Duration.ofDays(days));
        long seen = -1, removed = 0, ham = 0, spam = 0;
        try {
            while (true) {
                LedgerPruner.Candidates chosen = LedgerPruner.candidates(store, cutoff, round);
                if (seen < 0) seen = chosen.entriesSeen();
                if (chosen.size() == 0) break;
                Optional<LedgerPruner.Pruned> pruned = storeWrites.until(System.nanoTime() + writeBudgetNanos.getAsLong(),
                        "ledger prune", null, chosen.bytes(), () -> store.write(chosen::removeFrom),
                        late -> said(late, days, cutoff));
                if (pruned.isEmpty()) { // put off: its own line comes when it is made
                    unfinished = chosen.more();
                    if (removed > 0) said(new LedgerPruner.Pruned(seen, removed, ham, spam), days, cutoff);
                    return;
                }
                removed += pruned.get().removed();
                ham += pruned.get().ham();
                spam += pruned.get().spam();
                if (!chosen.more() || pruned.get().removed() == 0) break;
                if (closing) {
                    unfinished = true;
                    break;
                }
            }
            said(new LedgerPruner.Pruned(seen, removed, ham, spam), days, cutoff);
        } catch (IOException | RuntimeException e) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("event", "ledger-prune-failed");
            line.put("older_than_days", days);
            line.put("detail", "the ledger was not pruned (store.ledger-max-age-days): " + e.getMessage() + "; tried again in a day");
            log.println(Gate.LOG_JSON.writeValueAsString(line));
        }
    }

    /** A reload's prune waits for the machine's hour: said, as the README promises a reload's prune at once. */
    private void putOff(int days) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "ledger-prune-put-off");
        line.put("older_than_days", days);
        line.put("detail", "the machine has been up less than an hour, and its clock may still be put right: the ledger is pruned"
                + " at the first hourly check after the hour (store.ledger-max-age-days)");
        log.println(Gate.LOG_JSON.writeValueAsString(line));
    }

    private void said(LedgerPruner.Pruned p, int days, Instant cutoff) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "ledger-pruned");
        line.put("older_than_days", days);
        line.put("cutoff", cutoff.truncatedTo(ChronoUnit.SECONDS).toString());
        line.put("removed", p.removed());
        line.put("ham", p.ham());
        line.put("spam", p.spam());
        line.put("left", p.entriesAfter());
        line.put("detail", p.removed() == 0 ? "no ledger entry older than " + days + " days (store.ledger-max-age-days)"
                : p.removed() + " ledger entries older than " + days + " days removed (store.ledger-max-age-days): those messages"
                        + " stay counted, but can be learned again and cannot be forgotten");
        log.println(Gate.LOG_JSON.writeValueAsString(line));
    }

    /** Lets a check in progress finish (its write waits at most the write budget; past it, it is put off), and starts no more. */
    @Override
    public void close() {
        closing = true;
        checker.shutdown();
        try {
            if (!checker.awaitTermination(writeBudgetNanos.getAsLong() + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS)) {
                checker.shutdownNow();
            }
        } catch (InterruptedException e) {
            checker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
