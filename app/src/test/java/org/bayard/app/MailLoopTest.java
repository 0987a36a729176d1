package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.ConfigLoader;
import org.bayard.app.gate.GateService;
import org.bayard.smtp.SmtpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.bayard.net.testing.FreePorts;

/**
 * A gate whose next hop leads back to itself (smtp.next-hop set to its own listen address, or
 * two gates each other's next hop): each MAIL opened a session on the gate again, and again,
 * until a connection limit refused one and the client heard an unexplained 451, every retry
 * the same. Each gate's greeting now carries a random mark; a gate that finds its own among its
 * next hop's refuses MAIL with 554 5.4.0 naming the loop, and logs it.
 */
class MailLoopTest {
    @TempDir Path tmp;
    /**
     * Copies of the samples' store, learned once for the run; not its gate: a test runs two,
     * each the other's next hop.
     */
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started.reversed()) c.close();
    }

    /** A whole {@code bayard serve} gate listening on {@code port} and relaying to {@code nextHop}. */
    private GateService gate(String name, int port, int nextHop, ByteArrayOutputStream log) throws IOException {
        Path dir = tmp.resolve(name);
        Path db = gates.copy(dir);
        BayardConfig config = ConfigLoader.parse("smtp:\n  next-hop: \"127.0.0.1:" + nextHop + "\"\n  quarantine: \""
                + dir.resolve("q") + "\"\n", name);
        Engine engine = Engine.open(config, db, AppContextForTests.quiet());
        started.add(engine);
        GateService gate = GateService.start(engine, db, dir.resolve("q"), new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                Clock.systemUTC(), new PrintStream(log, true, StandardCharsets.UTF_8));
        started.add(gate);
        return gate;
    }

    /** EHLO and MAIL on a new session; MAIL's reply, which must come within a few seconds. */
    private static String mail(int port) throws IOException {
        try (SmtpClient c = new SmtpClient(port)) {
            assertThat(c.reply()).startsWith("220 ");
            long t0 = System.nanoTime();
            assertThat(c.send("EHLO client.test\r\n")).startsWith("250");
            String reply = c.send("MAIL FROM:<a@example.org>\r\n");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            c.send("QUIT\r\n");
            return reply;
        }
    }

    @Test
    void aGateWhoseNextHopIsItselfRefusesMailNamingTheLoop() throws Exception {
        int port = FreePorts.next();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        gate("self", port, port, log);
        String reply = mail(port);
        assertThat(reply).startsWith("554 5.4.0 ").contains("mail loop").contains("127.0.0.1:" + port);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"event\":\"mail-refused\"").contains("mail loop");
        // and again: the refusal is not a one-off of the first session
        assertThat(mail(port)).startsWith("554 5.4.0 ");
    }

    /**
     * A next hop that is down (the re-injection smtpd stopped, a mistyped port): every MAIL got
     * 451 4.3.0 and the gate wrote nothing anywhere, so the postmaster had only the clients' side
     * to learn why mail stopped. The refusal is logged as a mail-refused line naming the next hop.
     */
    @Test
    void aNextHopThatIsDownIsNamedInTheLog() throws Exception {
        int port = FreePorts.next();
        int down = FreePorts.next();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        gate("down", port, down, log);
        assertThat(mail(port)).startsWith("451 4.3.0 ");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"event\":\"mail-refused\"")
                .contains("the next hop 127.0.0.1:" + down + " cannot be reached").contains("\"reply\":\"451 4.3.0");
    }

    /**
     * {@code bayard quarantine release --next-hop} naming the gate that held the message (its
     * listen address typed for the MTA's): the gate judged the message again and held it anew,
     * while the release said "released". The release now finds the holding gate's loop mark in the
     * greeting, says so in one line, exits 1 and leaves the item as it was.
     */
    @Test
    void aReleaseFromTheCommandLineToTheGateThatHeldItStaysHeld() throws Exception {
        try (org.bayard.smtp.RecordingSink sink = new org.bayard.smtp.RecordingSink()) {
            int port = FreePorts.next();
            GateService held = gate("held", port, sink.address().getPort(), new ByteArrayOutputStream());
            // held as the gate keeps it: lines ending CR LF
            byte[] message = java.nio.file.Files.readString(Path.of("../samples/held-out", "ham-1.eml"), StandardCharsets.ISO_8859_1)
                    .replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            held.quarantine().spool().hold("QID9.2", new java.io.ByteArrayInputStream(message),
                    "{\"from\":\"a@example.org\",\"rcpt\":[\"b@example.test\"],\"action\":\"hold\"}".getBytes(StandardCharsets.UTF_8));
            // the command has its own store, as on a host where serve runs as another user
            Cli cli = new Cli(gates.copy(tmp.resolve("cli")));
            String q = tmp.resolve("held").resolve("q").toString();
            Cli.Result r = cli.run("quarantine", "learn-ham", "QID9.2", "--quarantine", q, "--next-hop", "127.0.0.1:" + port);
            assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
            assertThat(r.err()).startsWith("bayard: QID9.2 not released (it stays held): mail loop")
                    .contains("127.0.0.1:" + port).doesNotContain("\tat ").hasLineCount(1);
            assertThat(held.quarantine().ids()).containsExactly("QID9.2");
            assertThat(held.quarantine().message("QID9.2")).isEqualTo(message);
            assertThat(sink.delivered).isEmpty();
        }
    }

    @Test
    void twoGatesThatAreEachOthersNextHopRefuseMailAsALoop() throws Exception {
        int a = FreePorts.next();
        int b = FreePorts.next();
        ByteArrayOutputStream logA = new ByteArrayOutputStream();
        ByteArrayOutputStream logB = new ByteArrayOutputStream();
        gate("a", a, b, logA);
        gate("b", b, a, logB);
        assertThat(mail(a)).startsWith("554 5.4.0 ");
        assertThat(mail(b)).startsWith("554 5.4.0 ");
        assertThat(logA.toString(StandardCharsets.UTF_8) + logB.toString(StandardCharsets.UTF_8)).contains("mail loop");
    }
}
