package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bayard.core.quarantine.Spool;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release cut off after it sent the message's final dot and before it heard the next hop's
 * answer and marked the item released (the command killed, serve killed, the connection lost):
 * the next hop may well have taken the message, yet the item stayed held, and the moderator's
 * next release delivered it a second time, silently. A release now notes that it is sending
 * before the dot; a later one finding that note refuses, says why, and delivers only when told
 * to ({@code --force}).
 */
class ReleaseCutOffTest {
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();

    Path held(String id) throws Exception {
        Path q = tmp.resolve("q");
        byte[] sidecar = ("{\"received\":\"2020-01-01T00:00:00Z\",\"from\":\"a@example.org\",\"rcpt\":[\"u@example.test\"],"
                + "\"score\":6.0,\"reason\":\"unsure\"}").getBytes(StandardCharsets.UTF_8);
        Spool.open(q).hold(id, new ByteArrayInputStream(("Subject: held\r\nMessage-ID: <" + id + "@example.org>\r\n\r\nheld\r\n")
                .getBytes(StandardCharsets.US_ASCII)), sidecar);
        return q;
    }

    /** An item of about {@code bytes}, large enough that the next hop hanging up mid-data stops the sending itself. */
    Path heldLarge(String id, int bytes) throws Exception {
        Path q = tmp.resolve("q");
        byte[] sidecar = ("{\"received\":\"2020-01-01T00:00:00Z\",\"from\":\"a@example.org\",\"rcpt\":[\"u@example.test\"],"
                + "\"score\":6.0,\"reason\":\"unsure\"}").getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream(bytes + 200);
        m.writeBytes(("Subject: large\r\nMessage-ID: <" + id + "@example.org>\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n".getBytes(StandardCharsets.US_ASCII);
        while (m.size() < bytes) m.writeBytes(line);
        Spool.open(q).hold(id, new ByteArrayInputStream(m.toByteArray()), sidecar);
        return q;
    }

    String[] release(Path q, String id, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("quarantine", "release", id, "--quarantine", q.toString(),
                "--next-hop", "127.0.0.1:" + sink.address().getPort()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aReleaseKilledAfterTheFinalDotIsNotDeliveredAgainUnlessForced() throws Exception {
        Path q = held("T.1");
        sink = sinks.start();
        sink.endDelayMillis = 3_000; // the next hop takes its time to answer: the command is killed meanwhile
        Path db = tmp.resolve("db");
        Process first = ChildJvm.bayard(List.of("-Xmx256m"),
                release(q, "T.1", "--db", db.toString())).redirectErrorStream(true).redirectOutput(tmp.resolve("first.log").toFile()).start();
        processes.add(first);
        Await.until(() -> sink.dots.get() == 1);
        first.destroyForcibly(); // SIGKILL: between the dot and the next hop's 250
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Await.until(() -> sink.delivered.size() == 1); // the next hop took it, and answered no one

        Cli cli = new Cli(db);
        Cli.Result again = cli.run(release(q, "T.1"));
        assertThat(again.exitCode()).as(again.out() + again.err()).isEqualTo(1);
        assertThat(again.err()).contains("T.1").contains("may have delivered it").contains("--force").doesNotContain("\tat ");
        assertThat(sink.delivered).hasSize(1);
        Cli.Result learnHam = cli.run("quarantine", "learn-ham", "T.1", "--quarantine", q.toString(),
                "--next-hop", "127.0.0.1:" + sink.address().getPort());
        assertThat(learnHam.exitCode()).isEqualTo(1);
        assertThat(learnHam.err()).contains("may have delivered it").contains("nothing was done or learned");
        assertThat(sink.delivered).hasSize(1);
        assertThat(cli.run("quarantine", "list", "--quarantine", q.toString()).out()).as("still held, to decide, and in doubt")
                .contains("T.1").contains("[an earlier release may have delivered it]");

        sink.endDelayMillis = 0;
        Cli.Result forced = cli.run(release(q, "T.1", "--force"));
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("T.1: released");
        assertThat(sink.delivered).hasSize(2);
        try (java.util.stream.Stream<Path> left = Files.list(q)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("T.1"))).isEmpty();
        }
    }

    /**
     * A next hop that answered the dot with a refusal (or a deferral) did not take the message: the
     * item stays held and a later release goes ahead as before, without --force.
     */
    @Test
    void aReleaseTheNextHopAnsweredWithARefusalCanBeTriedAgainPlainly() throws Exception {
        Path q = held("T.2");
        sink = sinks.start();
        sink.endReply = "452 4.3.1 Insufficient system storage";
        Cli cli = new Cli(tmp.resolve("db"));
        Cli.Result first = cli.run(release(q, "T.2"));
        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(first.err()).contains("stays held").contains("452");

        sink.endReply = "250 2.0.0 Ok";
        Cli.Result again = cli.run(release(q, "T.2"));
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(sink.delivered).hasSize(1);
    }

    /**
     * The connection lost after the dot, before any answer: the next hop may have taken it (as
     * with a kill), and the command says so at once, not only the next release.
     */
    @Test
    void aReleaseWhoseConnectionWasLostAfterTheDotSaysItMayHaveDelivered() throws Exception {
        Path q = held("T.3");
        sink = sinks.start();
        sink.endReply = null; // hangs up without answering the dot
        Cli cli = new Cli(tmp.resolve("db"));
        Cli.Result first = cli.run(release(q, "T.3"));
        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(first.err()).contains("T.3").contains("may have");

        sink.endReply = "250 2.0.0 Ok";
        Cli.Result again = cli.run(release(q, "T.3"));
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("may have delivered it");
        assertThat(sink.delivered).isEmpty();
    }

    /** --force means one thing, delivering again: with any other action it is a usage error, and nothing is done. */
    @Test
    void forceWithAnActionThatDeliversNothingIsAUsageError() throws Exception {
        Path q = held("T.4");
        sink = sinks.start();
        Cli.Result r = new Cli(tmp.resolve("db")).run("quarantine", "discard", "T.4", "--force", "--quarantine", q.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--force is for quarantine release and learn-ham only");
        assertThat(Spool.open(q).contains("T.4")).isTrue();
    }

    /**
     * The connection lost while the message was still being sent, before its final dot: an SMTP
     * server delivers nothing of a message whose end it never saw, so the next hop did not take it.
     * The release says so, leaves no note, and a plain release delivers it once the next hop is back;
     * it used to be taken for a loss after the dot, and every later release asked for --force.
     */
    @Test
    void aReleaseWhoseConnectionWasLostBeforeTheDotCanBeTriedAgainPlainly() throws Exception {
        Path q = heldLarge("T.5", 24 << 20);
        sink = sinks.start();
        sink.hangUpAfterDataBytes = 64 << 10;
        Cli cli = new Cli(tmp.resolve("db"));
        Cli.Result first = cli.run(release(q, "T.5"));
        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(first.err()).contains("T.5").contains("stays held").contains("not delivered").doesNotContain("may have")
                .doesNotContain("\tat ");
        assertThat(sink.dots.get()).isZero();
        assertThat(q.resolve("T.5.sending")).doesNotExist();

        sink.hangUpAfterDataBytes = -1;
        Cli.Result again = cli.run(release(q, "T.5"));
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("T.5: released");
        assertThat(sink.delivered).hasSize(1);
    }

    /**
     * A release killed while it was still sending the message's data, before the final dot: the
     * next hop cannot have taken it, so no note is left behind and a plain release delivers it.
     */
    @Test
    void aReleaseKilledBeforeTheFinalDotLeavesNoNote() throws Exception {
        Path q = heldLarge("T.6", 4 << 20);
        sink = sinks.start();
        sink.readBytesPerSecond = 256 << 10; // 16 s for the whole message: the command is killed well before its end
        Process first = ChildJvm.bayard(List.of("-Xmx256m"),
                release(q, "T.6", "--db", tmp.resolve("db").toString())).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("first.log").toFile()).start();
        processes.add(first);
        Await.until(() -> sink.dataBytes.get() > 256 << 10);
        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sink.dots.get()).isZero();
        assertThat(q.resolve("T.6.sending")).doesNotExist();

        sink.readBytesPerSecond = 0;
        Cli.Result again = new Cli(tmp.resolve("db")).run(release(q, "T.6"));
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(sink.delivered).hasSize(1);
    }
}
