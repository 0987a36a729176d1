package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bayard.app.gate.Blocklist;
import org.bayard.core.store.Totals;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gates of different stores may share one explicit {@code smtp.quarantine}, and so its journal of
 * put-off writes. A gate starting took over the journals of every gate that was gone and made
 * their writes (autolearn, a trap's reports, a sender to block) into its own store and blocklist:
 * a dead gate's learning landed in the wrong store, for good. And a replayed autolearn was judged
 * again by the autolearn settings of the restart, so a message the log had said was being learned
 * ({@code autolearn=queued}) was not, once autolearn had been switched off or its thresholds moved.
 */
class PutOffJournalOfAnotherStoreTest {
    private static final String SMTP = "  scan-timeout-ms: 2000\n  blocklist-hours: 3\n  spam-traps: [\"trap@example.test\"]\n";

    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();

    @Test
    void aGateLeavesTheWritesOfADeadGateOfAnotherStoreForAGateOfThatStore() throws Exception {
        Path dbA = SampleStore.trained(tmp.resolve("a"));
        Path dbB = SampleStore.copy(dbA, tmp.resolve("b"));
        Path q = tmp.resolve("shared-quarantine");
        sink = sinks.start();
        Path config = Files.writeString(tmp.resolve("bayard.yaml"), "autolearn:\n  enabled: true\nsmtp:\n" + SMTP);
        Totals beforeA = KilledGateWritesTest.totals(dbA);
        Totals beforeB = KilledGateWritesTest.totals(dbB);

        // the gate of store A puts three writes off behind its store's and blocklist's locks, and is killed
        Process storeHolder = LockHolder.start("store", dbA, processes);
        Process blocklistHolder = LockHolder.start("blocklist", dbA, processes);
        Path firstLog = tmp.resolve("a-first.log");
        Process first = serve(dbA, q, config, firstLog);
        putThreeWritesOff(ServeChild.ports(firstLog).smtp(), firstLog);
        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        LockHolder.letGo(storeHolder);
        LockHolder.letGo(blocklistHolder);
        assertThat(storeHolder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(blocklistHolder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<Path> leftByA = KilledGateWritesTest.journalEntries(q);
        assertThat(leftByA).hasSize(3);

        // a gate of store B starts on the same quarantine: it must leave them where they are
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (TestGate b = TestGate.start("", SMTP, dbB, q, sink.address().getPort(), Clock.systemUTC(), log)) {
            assertThat(KilledGateWritesTest.send(b.gate().port(), "ham-1.eml", "c@example.org", "list@example.test")).startsWith("250 ");
            assertThat(KilledGateWritesTest.journalEntries(q)).as("the entries of store A's gate, where it left them")
                    .containsExactlyInAnyOrderElementsOf(leftByA);
        }
        String said = log.toString(StandardCharsets.UTF_8);
        assertThat(said.split("\"event\":\"journal-of-another-store\"", -1)).as(said).hasSize(2); // said once
        assertThat(said).contains(dbA.toRealPath().toString()).doesNotContain("write-replayed");
        assertThat(KilledGateWritesTest.totals(dbB)).as("nothing of A's learned into B").isEqualTo(beforeB);
        assertThat(Blocklist.in(dbB, Clock.systemUTC()).blocked("127.0.0.1", "spammer@example.net")).isFalse();

        // store A's gate, started again, makes them into store A
        Path secondLog = tmp.resolve("a-second.log");
        serve(dbA, q, config, secondLog);
        ServeChild.ports(secondLog);
        ServeReloadTest.waitForLog(secondLog, "\"event\":\"write-done\"", 3);
        assertThat(KilledGateWritesTest.totals(dbA).ham()).isEqualTo(beforeA.ham() + 1);
        assertThat(KilledGateWritesTest.totals(dbA).spam()).isEqualTo(beforeA.spam() + 1);
        assertThat(Blocklist.in(dbA, Clock.systemUTC()).blocked("127.0.0.1", "spammer@example.net")).isTrue();
        Await.until(() -> KilledGateWritesTest.journalEntries(q).isEmpty());
    }

    @Test
    void autolearnPutOffByAKilledServeIsMadeAsItWasDecidedNotByTheRestartsSettings() throws Exception {
        Path db = SampleStore.trained(tmp.resolve("db"));
        Path q = tmp.resolve("q");
        sink = sinks.start();
        Path learning = Files.writeString(tmp.resolve("learning.yaml"), "autolearn:\n  enabled: true\nsmtp:\n  scan-timeout-ms: 2000\n");
        Totals before = KilledGateWritesTest.totals(db);
        Process storeHolder = LockHolder.start("store", db, processes);
        Path firstLog = tmp.resolve("first.log");
        Process first = serve(db, q, learning, firstLog);
        int port = ServeChild.ports(firstLog).smtp();
        assertThat(KilledGateWritesTest.send(port, "ham-3.eml", "a@example.org", "list@example.test")).startsWith("250 ");
        assertThat(sink.delivered.get(0).text()).contains("autolearn=queued ");
        ServeReloadTest.waitForLog(firstLog, "\"event\":\"write-waiting\"", 1);
        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();

        // restarted with autolearn switched off: what the first serve said it would learn is learned all the same
        Path notLearning = Files.writeString(tmp.resolve("not-learning.yaml"), "smtp:\n  scan-timeout-ms: 2000\n");
        Path secondLog = tmp.resolve("second.log");
        serve(db, q, notLearning, secondLog);
        ServeChild.ports(secondLog);
        LockHolder.letGo(storeHolder);
        assertThat(storeHolder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        ServeReloadTest.waitForLog(secondLog, "\"event\":\"write-done\"", 1);
        assertThat(Files.readString(secondLog)).contains("replayed: autolearn=ham");
        assertThat(KilledGateWritesTest.totals(db).ham()).isEqualTo(before.ham() + 1);
    }

    /** Autolearned ham, a trap's report and a rejected spammer, each put off behind a lock another process holds. */
    private void putThreeWritesOff(int port, Path log) throws Exception {
        assertThat(KilledGateWritesTest.send(port, "ham-3.eml", "a@example.org", "list@example.test")).startsWith("250 2.0.0 Ok: queued");
        assertThat(sink.delivered.get(0).text()).contains("autolearn=queued ");
        assertThat(KilledGateWritesTest.send(port, "spam-2.eml", "b@example.org", "trap@example.test")).isEqualTo("250 2.0.0 Ok");
        assertThat(KilledGateWritesTest.send(port, "spam-1.eml", "spammer@example.net", "list@example.test")).startsWith("550 5.7.1");
        ServeReloadTest.waitForLog(log, "\"event\":\"write-waiting\"", 3);
    }

    private Process serve(Path db, Path q, Path config, Path log) throws java.io.IOException {
        Process p = ServeChild.command(List.of("-Xmx256m"), db, q, sink.address().getPort(), log, "-c", config.toString()).start();
        processes.add(p);
        return p;
    }
}
