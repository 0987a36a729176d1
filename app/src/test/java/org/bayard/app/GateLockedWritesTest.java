package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.bayard.smtp.SmtpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate writes to the store (autolearn, traps) and to the blocklist (after a rejection) inside
 * the SMTP session. While another process held the lock of either (a long {@code bayard train},
 * a {@code bayard learn} stopped with ^Z, a {@code db import}), every such session waited for it
 * without a reply, for minutes, until the client or Postfix gave up and sent the message again.
 * Now a session waits for such a write at most the scan budget, answers, and the write is made
 * when the lock is free, said in the log both when it is put off and when it is done.
 */
class GateLockedWritesTest {
    @TempDir Path tmp;
    /**
     * Copies of the samples' store, learned once for the run; not its gate, which closes after
     * the lock holders (it may be waiting for their lock).
     */
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    Path db;
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();
    TestGate gate;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    void start(String topYaml, String smtpYaml) throws IOException {
        db = gates.copy(tmp);
        sink = sinks.start();
        gate = TestGate.start(topYaml, "  scan-timeout-ms: 2000\n" + smtpYaml, db, tmp.resolve("q"), sink.address().getPort(),
                new MutableClock(Instant.parse("2026-11-21T12:00:00Z")), log);
    }

    @AfterEach
    void stop() throws Exception {
        // the holders first: a gate waiting for their lock would wait for them to close
        for (Process p : processes) ChildJvm.kill(p);
        if (gate != null) gate.close();
    }

    /** The end of DATA's reply, failing if it takes longer than the client's 10 s. */
    String send(String sample, String from, String rcpt) throws IOException {
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            c.reply();
            c.send("EHLO client.test\r\n");
            assertThat(c.send("MAIL FROM:<" + from + ">\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<" + rcpt + ">\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            return c.send(GateFeaturesTest.crlf(sample) + ".\r\n");
        }
    }

    Totals totals() {
        try (ReadView v = gate.engine().store().read()) {
            return v.totals();
        }
    }

    String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void autolearnWhileAnotherProcessHoldsTheStoresWriteLockAnswersInTimeAndLearnsOnceItIsFree() throws Exception {
        start("autolearn:\n  enabled: true\n", "");
        long ham = totals().ham();
        Process holder = LockHolder.start("store", db, processes);

        long t0 = System.nanoTime();
        assertThat(send("ham-3.eml", "a@example.org", "list@example.test")).startsWith("250 2.0.0 Ok: queued");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("the reply came within the scan budget and then some")
                .isLessThan(6_000);
        assertThat(sink.delivered.get(0).text()).contains("autolearn=queued ");
        assertThat(log()).contains("\"event\":\"write-waiting\"").contains("autolearn ham");
        assertThat(totals().ham()).isEqualTo(ham);

        LockHolder.letGo(holder);
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Await.until(() -> totals().ham() == ham + 1);
        Await.until(() -> log().contains("\"event\":\"write-done\""));
    }

    @Test
    void trapMailWhileAnotherProcessHoldsTheStoresWriteLockIsTakenInTimeAndLearnedOnceItIsFree() throws Exception {
        start("", "  spam-traps: [\"trap@example.test\"]\n");
        long spam = totals().spam();
        Process holder = LockHolder.start("store", db, processes);
        LockHolder.signal(holder, "STOP"); // as a writer stopped with ^Z: it holds the lock and does nothing

        assertThat(send("spam-2.eml", "a@example.org", "trap@example.test")).isEqualTo("250 2.0.0 Ok");
        assertThat(log()).contains("\"event\":\"write-waiting\"")
                .contains("\"write\":\"trap spam\",\"detail\":\"another process holds the store's write lock; written when it is free");
        assertThat(totals().spam()).isEqualTo(spam);

        LockHolder.signal(holder, "CONT");
        LockHolder.letGo(holder);
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Await.until(() -> totals().spam() == spam + 1);
        Await.until(() -> log().contains("\"event\":\"write-done\""));
    }

    @Test
    void aRejectionWhileAnotherProcessHoldsTheBlocklistsLockIsAnsweredInTimeAndListedOnceItIsFree() throws Exception {
        start("", "  blocklist-hours: 3\n");
        Process holder = LockHolder.start("blocklist", db, processes);

        long t0 = System.nanoTime();
        assertThat(send("spam-1.eml", "spammer@example.net", "list@example.test")).startsWith("550 5.7.1 message refused as spam");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(6_000);
        assertThat(log()).contains("\"event\":\"write-waiting\"").contains("blocklist");
        assertThat(gate.gate().blocklist().blocked("127.0.0.1", "spammer@example.net")).isFalse();

        gate.gate().close(); // stopped while the write still waits: the log says so
        assertThat(log()).contains("\"event\":\"writes-put-off-at-stop\",\"waiting\":1");
        LockHolder.letGo(holder);
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Await.until(() -> gate.gate().blocklist().blocked("127.0.0.1", "spammer@example.net"));
        Await.until(() -> log().contains("\"event\":\"write-done\""));
    }

    /**
     * Opening the store for writing began with write transactions (its databases, its stamp), so
     * a {@code serve} started or restarted while a {@code train} into the same store ran did not
     * listen until the train ended, and Postfix's proxy found no one at the port. An existing
     * store is now opened with a read transaction; only a new one needs the write lock.
     */
    @Test
    void aGateStartedWhileAnotherProcessHoldsTheStoresWriteLockListensAndAnswers() throws Exception {
        db = gates.copy(tmp);
        sink = sinks.start();
        Process holder = LockHolder.start("store", db, processes);
        gate = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> TestGate.start("", "  scan-timeout-ms: 2000\n", db, tmp.resolve("q"), sink.address().getPort(),
                        new MutableClock(Instant.parse("2026-11-21T12:00:00Z")), log));
        assertThat(send("ham-2.eml", "a@example.org", "list@example.test")).startsWith("250 2.0.0 Ok: queued");

        long ham = totals().ham();
        LockHolder.letGo(holder);
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // and it writes as before once the lock is free
        gate.engine().learner().learn(gate.engine().preparer().prepare(
                java.nio.file.Files.readAllBytes(Path.of("../samples/held-out/ham-1.eml")), false),
                org.bayard.core.store.MailClass.HAM, org.bayard.core.store.LearnSource.MANUAL);
        assertThat(totals().ham()).isEqualTo(ham + 1);
    }
}
