package org.bayard.app.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.TokenStore;
import org.bayard.store.lmdb.LmdbTokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve's ledger aging: in writes of a few entries every old entry goes, in turn, and one log line
 * says so; a serve restarted more often than hourly still prunes once a day, and one on a machine
 * just booted (its clock perhaps far ahead) does not.
 */
class LedgerAgingTest {
    @TempDir Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final DecisionLog log = new DecisionLog(new PrintStream(out, true, StandardCharsets.UTF_8));

    /** Ten ledger entries learned {@code daysAgo} before {@code now}. */
    static void learned(TokenStore store, Instant now, int daysAgo, int first) throws Exception {
        store.write(view -> {
            for (int i = first; i < first + 10; i++) {
                view.putLedgerEntry(new LedgerEntry(new Digest(9, i), "<" + i + "@x>", MailClass.HAM, LearnSource.AUTOLEARN,
                        now.minus(Duration.ofDays(daysAgo))));
            }
            view.addTotals(10, 0);
            return null;
        });
    }

    /** A serve's aging that starts checking after 50 ms on a machine up {@code machineUp}, the record in {@code dir/q}. */
    LedgerAging started(TokenStore store, Instant now, Duration machineUp) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("q"));
        return new LedgerAging(store, Clock.fixed(now, ZoneOffset.UTC), () -> 30, () -> TimeUnit.SECONDS.toNanos(2),
                new PutOffWrites("the store's write lock", log, PutOffJournal.open(dir.resolve("q"), PutOffJournal.storeOf(dir), log)), log, 7,
                LastLedgerPrune.in(dir.resolve("q")), machineUp::toNanos).start(Duration.ofMillis(50));
    }

    int prunes() {
        return out.toString(StandardCharsets.UTF_8).split("\"event\":\"ledger-pruned\"", -1).length - 1;
    }

    void awaitPrunes(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (prunes() < n) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /**
     * Restarts every few minutes on a machine up for days: the first run prunes soon after its
     * start, the next runs that day find the prune recorded and leave the ledger alone, and the
     * first run a day later prunes again. Each run lived too short for an hour of its own, so
     * none pruned before.
     */
    @Test
    void aServeRestartedMoreOftenThanHourlyPrunesOnceADayAcrossItsRestarts() throws Exception {
        Instant now = Instant.parse("2026-07-09T08:00:00Z");
        try (TokenStore store = LmdbTokenStore.open(dir.resolve("db"), 3)) {
            learned(store, now, 40, 0);
            try (LedgerAging run = started(store, now, Duration.ofDays(3))) {
                awaitPrunes(1);
            }
            assertThat(store.stats().ledgerEntries()).isZero();

            learned(store, now, 40, 100); // old entries again (imported, say): not due until a day has passed
            for (int minutes = 10; minutes <= 60; minutes += 10) {
                try (LedgerAging run = started(store, now.plus(Duration.ofMinutes(minutes)), Duration.ofDays(3))) {
                    run.checkSoon(); // closing waits for this check to end: no need to wait a while for the first
                }
            }
            assertThat(prunes()).as("once a day across restarts").isEqualTo(1);
            assertThat(store.stats().ledgerEntries()).isEqualTo(10);

            try (LedgerAging run = started(store, now.plus(Duration.ofDays(1)), Duration.ofDays(3))) {
                awaitPrunes(2);
            }
            assertThat(store.stats().ledgerEntries()).isZero();
        }
    }

    /**
     * A machine up ten minutes may still have its clock far ahead (no battery-backed clock, NTP not
     * there yet): nothing is pruned, and nothing recorded, until it has been up an hour.
     */
    @Test
    void onAMachineUpLessThanAnHourNothingIsPrunedOrRecorded() throws Exception {
        Instant farAhead = Instant.parse("2036-07-09T08:00:00Z");
        try (TokenStore store = LmdbTokenStore.open(dir.resolve("db"), 3)) {
            learned(store, Instant.parse("2026-07-09T08:00:00Z"), 1, 0);
            try (LedgerAging run = started(store, farAhead, Duration.ofMinutes(10))) {
                run.checkSoon(); // closing waits for this check to end
            }
            assertThat(prunes()).isZero();
            assertThat(store.stats().ledgerEntries()).isEqualTo(10);
            assertThat(dir.resolve("q").resolve(LastLedgerPrune.FILE)).doesNotExist();
        }
    }

    /**
     * A reload that changes the setting soon after boot is no surer of the clock than the hourly
     * check: nothing is pruned or recorded until the machine has been up an hour, and the first
     * check after the hour prunes (up an hour, a reload prunes at once: moreOldEntriesThanAWriteTakes...).
     */
    @Test
    void aReloadOnAMachineUpLessThanAnHourWaitsForTheHourToo() throws Exception {
        Instant farAhead = Instant.parse("2036-07-09T08:00:00Z");
        java.nio.file.Files.createDirectories(dir.resolve("q"));
        java.util.concurrent.atomic.AtomicLong up = new java.util.concurrent.atomic.AtomicLong(Duration.ofMinutes(10).toNanos());
        try (TokenStore store = LmdbTokenStore.open(dir.resolve("db"), 3)) {
            learned(store, Instant.parse("2026-07-09T08:00:00Z"), 1, 0);
            try (LedgerAging aging = new LedgerAging(store, Clock.fixed(farAhead, ZoneOffset.UTC), () -> 30,
                    () -> TimeUnit.SECONDS.toNanos(2), new PutOffWrites("the store's write lock", log, PutOffJournal.open(dir.resolve("q"), PutOffJournal.storeOf(dir), log)),
                    log, 7, LastLedgerPrune.in(dir.resolve("q")), up::get)) {
                aging.checkSoon();
                Thread.sleep(500);
                assertThat(prunes()).as("a reload ten minutes after boot").isZero();
                assertThat(store.stats().ledgerEntries()).isEqualTo(10);
                assertThat(dir.resolve("q").resolve(LastLedgerPrune.FILE)).doesNotExist();

                up.set(Duration.ofMinutes(61).toNanos());
                aging.start(Duration.ofMillis(50)); // the first check after the hour
                awaitPrunes(1);
            }
            assertThat(store.stats().ledgerEntries()).isZero();
        }
    }

    /** A record garbled (a disk fault) or later than the clock (the clock was put back) lets the next prune run. */
    @Test
    void aGarbledRecordOrOneLaterThanTheClockDoesNotStopThePrune() throws Exception {
        Instant now = Instant.parse("2026-07-09T08:00:00Z");
        java.nio.file.Files.createDirectories(dir.resolve("q"));
        try (TokenStore store = LmdbTokenStore.open(dir.resolve("db"), 3)) {
            java.nio.file.Files.writeString(dir.resolve("q").resolve(LastLedgerPrune.FILE), "\0\0garbage");
            learned(store, now, 40, 0);
            try (LedgerAging run = started(store, now, Duration.ofDays(3))) {
                awaitPrunes(1);
            }
            assertThat(java.nio.file.Files.readString(dir.resolve("q").resolve(LastLedgerPrune.FILE))).isEqualTo(now + " 30\n");
            java.nio.file.Files.writeString(dir.resolve("q").resolve(LastLedgerPrune.FILE), "2036-01-01T00:00:00Z 30\n");
            learned(store, now, 40, 100);
            try (LedgerAging run = started(store, now.plus(Duration.ofHours(2)), Duration.ofDays(3))) {
                awaitPrunes(2);
            }
            assertThat(store.stats().ledgerEntries()).isZero();
        }
    }

    @Test
    void moreOldEntriesThanAWriteTakesGoInSeveralWritesAndOneLineSaysWhatWasDone() throws Exception {
        Instant now = Instant.parse("2026-07-09T08:00:00Z");
        try (TokenStore store = LmdbTokenStore.open(dir.resolve("db"), 3)) {
            store.write(view -> {
                for (int i = 0; i < 80; i++) {
                    Instant learned = now.minus(Duration.ofDays(i < 50 ? 40 : 10)); // 50 old, 30 recent
                    view.putLedgerEntry(new LedgerEntry(new Digest(7, i), "<" + i + "@x>", i % 2 == 0 ? MailClass.HAM : MailClass.SPAM,
                            LearnSource.AUTOLEARN, learned));
                }
                view.addTotals(40, 40);
                return null;
            });
            try (LedgerAging aging = new LedgerAging(store, Clock.fixed(now, ZoneOffset.UTC), () -> 30,
                    () -> TimeUnit.SECONDS.toNanos(2), new PutOffWrites("the store's write lock", log, PutOffJournal.open(dir.resolve("q"), PutOffJournal.storeOf(dir), log)), log, 7,
                    LastLedgerPrune.in(dir), () -> Duration.ofDays(3).toNanos())) {
                aging.checkSoon();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!out.toString(StandardCharsets.UTF_8).contains("ledger-pruned")) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.sleep(20);
                }
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"removed\":50,\"ham\":25,\"spam\":25,\"left\":30")
                    .doesNotContain("write-waiting");
            assertThat(out.toString(StandardCharsets.UTF_8).split("ledger-pruned", -1)).as("one line").hasSize(2);
            assertThat(store.stats().ledgerEntries()).isEqualTo(30);
            assertThat(store.stats().totals().messages()).isEqualTo(80);
        }
    }

    /** The machine's time up is read from /proc/uptime's first field; unreadable, this process's stands in. */
    @Test
    void theMachinesTimeUpIsProcUptimeOrElseThisProcesssOwn() throws Exception {
        Path uptime = dir.resolve("uptime");
        java.nio.file.Files.writeString(uptime, "7322.51 14000.02\n");
        assertThat(new MachineUptime(uptime).getAsLong()).isBetween(TimeUnit.MILLISECONDS.toNanos(7_322_500),
                TimeUnit.MILLISECONDS.toNanos(7_322_520));
        java.nio.file.Files.writeString(uptime, "garbled");
        assertThat(new MachineUptime(uptime).getAsLong()).isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(new MachineUptime(dir.resolve("none")).getAsLong()).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }
}
