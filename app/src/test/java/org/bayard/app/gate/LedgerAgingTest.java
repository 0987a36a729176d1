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

/** serve's ledger aging, in writes of a few entries: every old entry goes, in turn, and one log line says so. */
class LedgerAgingTest {
    @TempDir Path dir;

    @Test
    void moreOldEntriesThanAWriteTakesGoInSeveralWritesAndOneLineSaysWhatWasDone() throws Exception {
        Instant now = Instant.parse("2026-07-09T08:00:00Z");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DecisionLog log = new DecisionLog(new PrintStream(out, true, StandardCharsets.UTF_8));
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
                    () -> TimeUnit.SECONDS.toNanos(2), new PutOffWrites("the store's write lock", log, PutOffJournal.open(dir.resolve("q"), log)), log, 7)) {
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
}
