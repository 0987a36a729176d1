package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bayard.app.config.ConfigLoader;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store.ledger-max-age-days} in {@code bayard serve}: the gate prunes the ledger by itself,
 * as {@code db prune --ledger-older-than} does, off unless configured, at once when a reload turns
 * it on, and behind another process's write lock without holding up a session: the write is put
 * off and made when the lock is free, and the log says what was done.
 */
class ServeLedgerAgingTest {
    static final Path SAMPLES = ScoreAndFilterTest.SAMPLES;

    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    /** How long the machine has been up, as the ledger aging reads it: days, unless a test boots it. */
    final java.util.concurrent.atomic.AtomicLong machineUp = new java.util.concurrent.atomic.AtomicLong(Duration.ofDays(3).toNanos());
    Path db;
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();
    TestGate gate;

    /** A store whose ham was learned 130 days before the gate's now and whose spam 30 days before. */
    void learnOverMonths() {
        db = tmp.resolve("db");
        Cli cli = new Cli(db, clock);
        assertThat(cli.run("learn", "--ham", SAMPLES.resolve("ham.mbox").toString()).exitCode()).isZero();
        clock.advance(Duration.ofDays(100));
        assertThat(cli.run("learn", "--spam", SAMPLES.resolve("spam.mbox").toString()).exitCode()).isZero();
        clock.advance(Duration.ofDays(30));
    }

    void start(String topYaml, String smtpYaml) throws IOException {
        sink = sinks.start();
        gate = TestGate.start(topYaml, smtpYaml, db, tmp.resolve("q"), sink.address().getPort(), clock, log,
                org.bayard.app.gate.GateEvents.NONE, machineUp::get);
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) ChildJvm.kill(p);
        if (gate != null) gate.close();
    }

    String log() {
        synchronized (log) {
            return log.toString(StandardCharsets.UTF_8);
        }
    }

    List<LedgerEntry> ledger() {
        List<LedgerEntry> entries = new java.util.ArrayList<>();
        try (ReadView v = gate.engine().store().read()) {
            v.forEachLedgerEntry(entries::add);
        }
        return entries;
    }

    Totals totals() {
        try (ReadView v = gate.engine().store().read()) {
            return v.totals();
        }
    }

    /** The configuration as a reload gives it, with the test's smtp keys. */
    void reload(String topYaml) {
        gate.gate().reload(ConfigLoader.parse(topYaml + "smtp:\n  next-hop: \"127.0.0.1:" + sink.address().getPort()
                + "\"\n  quarantine: \"" + tmp.resolve("q") + "\"\n  scan-timeout-ms: 500\n", "reloaded"));
    }

    /**
     * Not at the start (a clock far ahead at boot, put right a minute later, would make entries
     * look old), but an hour later and daily; a reload that sets the key prunes at once, and says so.
     */
    @Test
    void notAtTheStartButAtOnceWhenAReloadSetsTheKeyAndTheLogSaysWhatWasPruned() throws Exception {
        learnOverMonths();
        start("store:\n  ledger-max-age-days: 60\n", "");
        // a check at the start would run on the checks' one thread before the reload's below, and
        // its line (older_than_days 60) come first: the single line for 59 says there was none
        reload("store:\n  ledger-max-age-days: 60\n");
        reload("store:\n  ledger-max-age-days: 59\n");
        Await.until(() -> log().contains("\"event\":\"ledger-pruned\""));
        // the same value has nothing to do before the hourly check: a check it started would have
        // run before the one for 59, on the same thread, and its line come first (no need to wait a while)
        assertThat(log()).as("one prune, for the changed value").containsOnlyOnce("ledger-pr").doesNotContain("\"older_than_days\":60");
        assertThat(log()).contains("\"event\":\"ledger-pruned\",\"older_than_days\":59,\"cutoff\":\"2026-05-11T08:00:00Z\","
                + "\"removed\":300,\"ham\":300,\"spam\":0,\"left\":200");
        assertThat(ledger()).hasSize(200).allMatch(e -> e.mailClass() == MailClass.SPAM);
        assertThat(totals()).as("the messages stay counted").isEqualTo(new Totals(300, 200));
        Await.until(() -> java.nio.file.Files.exists(tmp.resolve("q").resolve("ledger-aging")));
        assertThat(java.nio.file.Files.readString(tmp.resolve("q").resolve("ledger-aging")))
                .as("recorded beside the journal, so that a restarted serve knows the day's prune is done").isEqualTo("2026-07-09T08:00:00Z 59\n");
    }

    /**
     * A reload soon after boot that sets the key is no surer of the clock than the hourly check:
     * nothing is pruned or recorded before the machine has been up an hour.
     */
    @Test
    void aReloadThatSetsTheKeyOnAMachineJustBootedPrunesNothing() throws Exception {
        learnOverMonths();
        machineUp.set(Duration.ofMinutes(5).toNanos());
        start("", "");
        reload("store:\n  ledger-max-age-days: 60\n");
        Await.until(() -> log().contains("\"event\":\"ledger-prune-put-off\""));
        assertThat(log()).contains("{\"event\":\"ledger-prune-put-off\",\"older_than_days\":60,\"detail\":\"the machine has been up"
                + " less than an hour").doesNotContain("ledger-pruned");
        assertThat(ledger()).hasSize(500);
        assertThat(tmp.resolve("q").resolve("ledger-aging")).doesNotExist();
    }

    /**
     * With the key unset a check does nothing: here the one a reload that unsets it starts, the
     * machine up long enough. The witness that it is over is the line of a later reload's prune,
     * which runs after it on the checks' one thread.
     */
    @Test
    void offByDefault() throws Exception {
        learnOverMonths();
        machineUp.set(Duration.ofMinutes(5).toNanos());
        start("", "");
        reload("store:\n  ledger-max-age-days: 60\n");
        Await.until(() -> log().contains("\"event\":\"ledger-prune-put-off\""));
        machineUp.set(Duration.ofHours(2).toNanos()); // that check is over: the next ones see the machine up two hours
        reload("");
        reload("store:\n  ledger-max-age-days: 59\n");
        Await.until(() -> log().contains("\"event\":\"ledger-pruned\""));
        assertThat(log()).as("nothing for the key unset, then the prune for 59").containsOnlyOnce("ledger-pruned")
                .contains("\"ledger-pruned\",\"older_than_days\":59,").contains("\"removed\":300,");
    }

    /**
     * Another process holds the store's write lock (a long train): the prune's write waits the
     * session budget, is put off, and is made once the lock is free; mail is answered meanwhile.
     */
    @Test
    void behindAnotherProcesssWriteLockThePruneIsPutOffAndMadeWhenTheLockIsFree() throws Exception {
        learnOverMonths();
        start("", "");
        Process holder = LockHolder.start("store", db, processes);
        reload("store:\n  ledger-max-age-days: 60\n");
        Await.until(() -> log().contains("\"event\":\"write-waiting\""));
        assertThat(log()).contains("\"write\":\"ledger prune\"").doesNotContain("ledger-pruned");
        try (org.bayard.smtp.SmtpClient c = new org.bayard.smtp.SmtpClient(gate.gate().port())) {
            assertThat(c.reply()).as("the gate answers while the prune waits").startsWith("220");
        }

        LockHolder.letGo(holder);
        // the put-off write says ledger-pruned as it completes, and write-done only after that
        Await.until(() -> log().contains("\"event\":\"write-done\""));
        assertThat(log()).contains("\"event\":\"ledger-pruned\"").contains("\"event\":\"write-done\"").contains("\"removed\":300,");
        assertThat(ledger()).hasSize(200);
    }

    @Test
    void anAgeOutOfRangeIsRefusedWithTheKeyNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.parse("store:\n  ledger-max-age-days: -1\n", "f.yaml"))
                .hasMessage("f.yaml: store.ledger-max-age-days must be at least 0, got -1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.parse("store:\n  ledger-max-age-days: 40000\n", "f.yaml"))
                .hasMessage("f.yaml: store.ledger-max-age-days must be at most 36500, got 40000");
        assertThat(ConfigLoader.parse("", "f.yaml").store().agesLedger()).as("off by default").isFalse();
    }
}
