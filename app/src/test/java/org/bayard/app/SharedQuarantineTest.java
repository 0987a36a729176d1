package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code bayard serve} beside one store share its quarantine (by default {@code DB-quarantine}),
 * as two gates on one machine do, or one restarted by its service manager while the other runs.
 * A gate cleans the quarantine's {@code tmp/} at its start, after a crash; it did so while the
 * other gate was receiving mail there, and that gate's session lost its message file and dropped
 * the connection with no reply and no log line.
 */
class SharedQuarantineTest {
    @TempDir Path tmp;
    /**
     * Copies of the samples' store, learned once for the run; not its gate: a test runs two at
     * once, in this JVM or as child serves.
     */
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();

    @Test
    void aSecondGateStartingLeavesTheFirstGatesMailInFlightAlone() throws Exception {
        Path db = gates.copy(tmp);
        Path q = tmp.resolve("q");
        sink = sinks.start();
        // every message goes to a file in the quarantine's tmp/ as it arrives
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, "smtp:\n  memory-per-message: 0\n");
        // what a crash left: the first gate, starting alone, still clears it
        Files.createDirectories(q.resolve("tmp"));
        Path leftover = Files.writeString(q.resolve("tmp/crashed.eml"), "left by a crash");

        int first = startServe(config, db, q, "first.log");
        assertThat(leftover).as("cleaned by the gate starting alone").doesNotExist();
        try (Socket s = new Socket("127.0.0.1", first)) {
            s.setSoTimeout(90_000); // a serve that never answers fails the test, not hangs it
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).startsWith("220");
            for (String command : List.of("EHLO client.example", "MAIL FROM:<a@example.org>", "RCPT TO:<u@example.test>", "DATA")) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String reply;
                do {
                    reply = in.readLine();
                } while (reply.charAt(3) == '-');
            }
            out.write(("From: a@example.org\r\nTo: u@example.test\r\nSubject: the meeting\r\nMessage-ID: <shared-1@example.org>\r\n\r\n"
                    + "some ordinary text about the meeting\r\n".repeat(100)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Await.until(() -> inFlight(q) > 0);

            // what a crash of a gate left long ago, while another ran all along
            Path old = Files.writeString(q.resolve("tmp/crashed-long-ago.eml"), "left by a crash");
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
            startServe(config, db, q, "second.log");
            assertThat(old).as("cleaned by a gate starting beside another").doesNotExist();
            assertThat(inFlight(q)).as("the first gate's message being received").isEqualTo(1);

            out.write("the end\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).as(Files.readString(tmp.resolve("first.log"))).startsWith("250 ");
        }
    }

    /**
     * Two gates on one quarantine that start in the same millisecond (a service manager starting
     * both at boot; here one clock, as one machine's): the queue ids, which name the held files,
     * began with the start time alone, so both gates named their first message alike, and the
     * second one to hold it was refused (451, "quarantine id already in use"), or, holding it at
     * the same moment, could rename its file over the other's item. Both are held.
     */
    @Test
    void twoGatesStartedInOneMillisecondHoldTheirMessagesUnderTheirOwnIds() throws Exception {
        Path q = tmp.resolve("q");
        sink = sinks.start();
        java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2026-11-23T22:00:00Z"), java.time.ZoneOffset.UTC);
        String holdAll = "policy:\n  reject-score: 1000\n  hold-score: -1000\n  tag-score: -1000\n";
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        try (TestGate first = TestGate.start(holdAll, "", gates.copy(tmp.resolve("a")), q, sink.address().getPort(), clock, log);
             TestGate second = TestGate.start(holdAll, "", gates.copy(tmp.resolve("b")), q, sink.address().getPort(), clock, log)) {
            assertThat(GateFaultsTest.send(first.gate().port(), GateFaultsTest.message("ham-1.eml", 1))).isEqualTo(250);
            assertThat(GateFaultsTest.send(second.gate().port(), GateFaultsTest.message("ham-2.eml", 2))).as(log.toString()).isEqualTo(250);
        }
        assertThat(org.bayard.core.quarantine.Spool.open(q).ids()).hasSize(2);
    }

    /**
     * A quarantine folder the service cannot write when it starts though its mode allows it (made
     * immutable, as a restore that keeps attributes can leave it): serve refuses to start in one
     * line that points at the attribute, since the chmod it names for a wrong mode cannot help,
     * and Postfix in front keeps the mail with 451 until it is fixed.
     */
    @Test
    void anImmutableQuarantineFolderIsRefusedAtTheStartNamingTheAttribute() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chattr needs root");
        Path db = gates.copy(tmp);
        Path q = Files.createDirectories(tmp.resolve("q/tmp")).getParent();
        Commands.succeeds("chattr", "+i", q.toString());
        try {
            Path log = tmp.resolve("serve.log");
            Process serve = ChildJvm.bayard(List.of("-Xmx256m"), "serve", "--db", db.toString(), "--listen", "127.0.0.1:0",
                    "--next-hop", "127.0.0.1:9", "--quarantine", q.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            processes.add(serve);
            assertThat(serve.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("serve started on it").isTrue();
            assertThat(serve.exitValue()).as(Files.readString(log)).isEqualTo(1);
            assertThat(Files.readString(log)).contains(q + " is not writable though its mode allows it (rwxr-xr-x)")
                    .contains("chattr -i").doesNotContain("chmod").doesNotContain("\tat ");
        } finally {
            Commands.run("chattr", "-i", q.toString()).exit();
        }
    }

    /**
     * A release from a quarantine two gates share, whose next hop is (by mistake) the gate started
     * first: each gate wrote its loop mark over the other's, so only the one started last was
     * checked, and the message went back into the first gate, to be judged again, while the
     * command said "released". Every gate's mark is kept, and the release is refused as a loop.
     */
    @Test
    void aReleaseToAnyOfTheGatesSharingTheQuarantineIsALoop() throws Exception {
        Path db = gates.copy(tmp);
        Path q = tmp.resolve("q");
        sink = sinks.start();
        Path config = Files.writeString(tmp.resolve("bayard.yaml"), "policy:\n  reject-score: 1000\n");
        int first = startServe(config, db, q, "first.log");
        startServe(config, db, q, "second.log");
        byte[] sidecar = "{\"from\":\"a@example.org\",\"rcpt\":[\"u@example.test\"],\"received\":\"2026-11-23T00:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        org.bayard.core.quarantine.Spool.open(q).hold("LOOP1.1", Files.newInputStream(Path.of("../samples/held-out/ham-1.eml")), sidecar);

        Cli.Result r = new Cli(db).run("quarantine", "release", "LOOP1.1", "--quarantine", q.toString(), "--next-hop", "127.0.0.1:" + first);
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).contains("LOOP1.1 not released (it stays held): mail loop: the next hop 127.0.0.1:" + first);
        assertThat(org.bayard.core.quarantine.Spool.open(q).ids()).containsExactly("LOOP1.1");
        assertThat(sink.delivered).isEmpty();
    }

    /** Files in the quarantine's tmp/: a message being received, or held. */
    private static long inFlight(Path q) throws Exception {
        try (Stream<Path> files = Files.list(q.resolve("tmp"))) {
            return files.count();
        }
    }

    /** Starts serve on a free port and returns it. */
    private int startServe(Path config, Path db, Path q, String logName) throws Exception {
        Path log = tmp.resolve(logName);
        processes.add(ServeChild.command(List.of("-Xmx256m"), db, q, sink.address().getPort(), log, "-c", config.toString()).start());
        return ServeChild.ports(log).smtp();
    }
}
