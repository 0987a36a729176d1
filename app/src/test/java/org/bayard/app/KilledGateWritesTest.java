package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bayard.app.gate.Blocklist;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.bayard.core.token.Tokenizer;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.bayard.smtp.SmtpClient;
import org.bayard.store.lmdb.LmdbTokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's writes put off while another process holds the store's or the blocklist's lock (a long
 * {@code bayard train}, a {@code db import}) lived in memory only: a {@code serve} killed meanwhile
 * (kill -9, the OOM killer, a power cut) lost them, and the mail autolearned, the trap's reports and
 * the sender to block after a rejection were never written, with nothing but the old
 * {@code write-waiting} lines to tell. They are journaled in the quarantine before the session's
 * answer, and a restarted serve makes them; one made already before the kill changes nothing.
 */
class KilledGateWritesTest {
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();

    @Test
    void writesPutOffByAServeKilledWithSigkillAreMadeByTheNextServeAndOnlyOnce() throws Exception {
        Path db = SampleStore.trained(tmp.resolve("db"));
        Path q = tmp.resolve("q");
        sink = sinks.start();
        Path config = Files.writeString(tmp.resolve("bayard.yaml"), "autolearn:\n  enabled: true\nsmtp:\n  scan-timeout-ms: 2000\n"
                + "  blocklist-hours: 3\n  spam-traps: [\"trap@example.test\"]\n");
        Totals before = totals(db);
        Process storeHolder = LockHolder.start("store", db, processes);
        Process blocklistHolder = LockHolder.start("blocklist", db, processes);

        Path firstLog = tmp.resolve("first.log");
        Process first = serve(db, q, config, firstLog);
        int port = ServeChild.ports(firstLog).smtp();
        assertThat(send(port, "ham-3.eml", "a@example.org", "list@example.test")).startsWith("250 2.0.0 Ok: queued");
        assertThat(sink.delivered.get(0).text()).contains("autolearn=queued ");
        assertThat(send(port, "spam-2.eml", "b@example.org", "trap@example.test")).isEqualTo("250 2.0.0 Ok");
        assertThat(send(port, "spam-1.eml", "spammer@example.net", "list@example.test")).startsWith("550 5.7.1");
        ServeReloadTest.waitForLog(firstLog, "\"event\":\"write-waiting\"", 3);

        first.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        LockHolder.letGo(blocklistHolder);
        assertThat(blocklistHolder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(totals(db)).as("nothing was written before the kill").isEqualTo(before);
        Path leftByTheKill = copyOfJournal(q, tmp.resolve("journal-copy"));

        // restarted while the train still holds the store: it listens at once, and learns once it is free
        Path secondLog = tmp.resolve("second.log");
        Process second = serve(db, q, config, secondLog);
        ServeChild.ports(secondLog);
        Await.until(() -> Blocklist.in(db, Clock.systemUTC()).blocked("127.0.0.1", "spammer@example.net"));
        assertThat(totals(db)).isEqualTo(before);
        LockHolder.letGo(storeHolder);
        assertThat(storeHolder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Await.until(() -> totals(db).ham() == before.ham() + 1 && totals(db).spam() == before.spam() + 1);
        Await.until(() -> Blocklist.in(db, Clock.systemUTC()).blocked("127.0.0.1", "spammer@example.net"));
        ServeReloadTest.waitForLog(secondLog, "\"event\":\"write-done\"", 3);
        assertThat(Files.readString(secondLog)).contains("\"event\":\"write-replayed\"").contains("autolearn ham")
                .contains("trap spam").contains("blocklist 127.0.0.1 <spammer@example.net>");
        Await.until(() -> journalEntries(q).isEmpty());
        try (Stream<Path> copied = Files.list(leftByTheKill)) {
            assertThat(copied.count()).as("the three put-off writes were in the journal at the kill").isEqualTo(3);
        }

        // killed again after the writes were made but, say, before their entries were removed:
        // the next start makes them again, and the ledger makes that a no-op
        second.destroyForcibly();
        assertThat(second.waitFor(10, TimeUnit.SECONDS)).isTrue();
        restore(leftByTheKill, q);
        Path thirdLog = tmp.resolve("third.log");
        serve(db, q, config, thirdLog);
        ServeChild.ports(thirdLog);
        ServeReloadTest.waitForLog(thirdLog, "\"event\":\"write-done\"", 3);
        assertThat(totals(db).ham()).isEqualTo(before.ham() + 1);
        assertThat(totals(db).spam()).isEqualTo(before.spam() + 1);
        Await.until(() -> journalEntries(q).isEmpty());
    }

    /**
     * What a start finds in the journal that it cannot read (cut short, not ours) or cannot make
     * (a write it does not know) is set aside with a line saying why; the start goes on, makes
     * the rest, and the gate answers.
     */
    @Test
    void entriesThatCannotBeReadOrMadeAreSetAsideWithALogLineAndTheRestIsMade() throws Exception {
        Path db = SampleStore.trained(tmp.resolve("db"));
        Path q = tmp.resolve("q");
        Path dead = Files.createDirectories(q.resolve("put-off/4242-dead-1"));
        Files.writeString(dead.resolve("1.entry"), "{\"kind\":\"trap\",\"write\":\"trap spam\",\"queue_id\":\"Q.1\",\"class\":\"spam\",\"bytes\":900}\nSubject: cut");
        Files.writeString(dead.resolve("2.entry"), "not a journal entry at all");
        Files.writeString(dead.resolve("3.entry"), "{\"kind\":\"mystery\",\"write\":\"mystery\",\"queue_id\":\"Q.3\",\"bytes\":0}\n");
        Files.writeString(dead.resolve("4.entry"), "{\"kind\":\"blocklist\",\"write\":\"blocklist 192.0.2.9 <s@example.net>\",\"queue_id\":\"Q.4\","
                + "\"client\":\"192.0.2.9\",\"sender\":\"s@example.net\",\"expires\":\"" + java.time.Instant.now().plusSeconds(7200) + "\",\"bytes\":0}\n");
        sink = sinks.start();
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        try (TestGate gate = TestGate.start("", "", db, q, sink.address().getPort(), Clock.systemUTC(), log)) {
            Await.until(() -> gate.gate().blocklist().blocked("192.0.2.9", "s@example.net"));
            Await.until(() -> log.toString(java.nio.charset.StandardCharsets.UTF_8).split("write-set-aside", -1).length >= 4);
            String said = log.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(said).contains("cannot read the put-off write " + dead.resolve("1.entry") + ": its message has 12 bytes, its header says 900").contains("no header line")
                    .contains("cannot be made: not a write the gate makes: mystery").contains("set aside as " + q.resolve("put-off/set-aside"));
            try (Stream<Path> aside = Files.list(q.resolve("put-off/set-aside"))) {
                assertThat(aside.count()).isEqualTo(3);
            }
            assertThat(dead).as("the dead gate's folder, emptied, is gone").doesNotExist();
            assertThat(send(gate.gate().port(), "ham-1.eml", "a@example.org", "list@example.test")).startsWith("250 ");
        }
    }

    /**
     * A serve stopped while a write it took over still waits for its lock says so, and leaves the
     * entry in the journal for the next start rather than setting it aside or dropping it.
     */
    @Test
    void aWriteTakenOverAndStillWaitingAtStopStaysInTheJournal() throws Exception {
        Path db = SampleStore.trained(tmp.resolve("db"));
        Path q = tmp.resolve("q");
        Path dead = Files.createDirectories(q.resolve("put-off/4242-dead-1"));
        Files.writeString(dead.resolve("1.entry"), "{\"kind\":\"blocklist\",\"write\":\"blocklist 192.0.2.9 <s@example.net>\","
                + "\"queue_id\":\"Q.1\",\"client\":\"192.0.2.9\",\"sender\":\"s@example.net\",\"expires\":\""
                + java.time.Instant.now().plusSeconds(7200) + "\",\"bytes\":0}\n");
        Process holder = LockHolder.start("blocklist", db, processes);
        sink = sinks.start();
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        TestGate gate = TestGate.start("", "", db, q, sink.address().getPort(), Clock.systemUTC(), log);
        Await.until(() -> log.toString(java.nio.charset.StandardCharsets.UTF_8).contains("\"event\":\"write-replayed\""));
        gate.close();
        Await.until(() -> log.toString(java.nio.charset.StandardCharsets.UTF_8).contains("\"event\":\"writes-replayed-at-stop\""));
        assertThat(log.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("\"waiting\":1")
                .contains("they stay in the journal").doesNotContain("write-set-aside");
        assertThat(journalEntries(q)).hasSize(1);
        LockHolder.letGo(holder);
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    Process serve(Path db, Path q, Path config, Path log) throws IOException {
        Process p = ServeChild.command(List.of("-Xmx256m"), db, q, sink.address().getPort(), log, "-c", config.toString()).start();
        processes.add(p);
        return p;
    }

    static Totals totals(Path db) {
        try (LmdbTokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION); ReadView v = store.read()) {
            return v.totals();
        }
    }

    /** The journal's entries (not its lock files), anywhere under the quarantine's put-off folder. */
    static List<Path> journalEntries(Path q) throws IOException {
        Path journal = q.resolve("put-off");
        if (!Files.exists(journal)) return List.of();
        try (Stream<Path> files = Files.walk(journal)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".entry")).toList();
        }
    }

    static Path copyOfJournal(Path q, Path copy) throws IOException {
        List<Path> entries = journalEntries(q);
        Files.createDirectories(copy);
        for (Path e : entries) Files.copy(e, copy.resolve(e.getFileName()));
        return copy;
    }

    /** Puts the copied entries back as a gate that died would have left them: in a folder of its own. */
    static void restore(Path copy, Path q) throws IOException {
        Path dead = Files.createDirectories(q.resolve("put-off/dead-gate"));
        try (Stream<Path> files = Files.list(copy)) {
            for (Path e : files.toList()) Files.copy(e, dead.resolve(e.getFileName()));
        }
    }

    static String send(int port, String sample, String from, String rcpt) throws IOException {
        try (SmtpClient c = new SmtpClient(port)) {
            c.reply();
            c.send("EHLO client.test\r\n");
            assertThat(c.send("MAIL FROM:<" + from + ">\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<" + rcpt + ">\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            return c.send(GateFeaturesTest.crlf(sample) + ".\r\n");
        }
    }
}
