package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.ConfigLoader;
import org.bayard.app.gate.GateService;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.SmtpClient;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * smtp.next-hop-tls: may with a next hop that offers STARTTLS and then refuses it, as Postfix does
 * when its own TLS is broken (454): the mail goes in plaintext over a new connection, and the
 * gate's log says so in one line, once for the connection.
 */
class OpportunisticNextHopTest {
    @TempDir Path tmp;
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    @RegisterExtension final Sinks sinks = new Sinks();

    @Test
    void aNextHopWhoseStartTlsFailsGetsTheMailInPlaintextAndTheLogSaysSo() throws Exception {
        RecordingSink sink = sinks.start();
        sink.extraKeywords.add("STARTTLS");
        Path db = gates.copy(tmp);
        BayardConfig config = ConfigLoader.parse("smtp:\n  next-hop: \"127.0.0.1:" + sink.address().getPort() + "\"\n"
                + "  next-hop-tls: may\n", "t");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Engine engine = Engine.open(config, db, AppContextForTests.quiet());
             GateService gate = GateService.start(engine, db, tmp.resolve("q"), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     Clock.systemUTC(), new PrintStream(log, true, StandardCharsets.UTF_8));
             SmtpClient c = new SmtpClient(gate.port())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.send("EHLO client.test\r\n")).startsWith("250");
            for (String sample : new String[] {"ham-2.eml", "ham-3.eml"}) {
                assertThat(c.send("MAIL FROM:<friend@example.org>\r\n")).startsWith("250");
                assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
                assertThat(c.send("DATA\r\n")).startsWith("354");
                String message = Files.readString(Path.of("../samples/held-out", sample), StandardCharsets.ISO_8859_1)
                        .replace("\r\n", "\n").replace("\n", "\r\n").replace("\r\n.", "\r\n..");
                assertThat(c.send(message + (message.endsWith("\r\n") ? "" : "\r\n") + ".\r\n")).startsWith("250");
            }
        }
        assertThat(sink.delivered).hasSize(2);
        String said = log.toString(StandardCharsets.UTF_8);
        assertThat(said.lines().filter(l -> l.contains("\"event\":\"next-hop-plaintext\"")))
                .as("one line, for the one connection both messages went over")
                .containsExactly("{\"event\":\"next-hop-plaintext\",\"next_hop\":\"127.0.0.1:" + sink.address().getPort()
                        + "\",\"reason\":\"next hop refused STARTTLS: 454 4.7.0 TLS not available due to local problem; sent in plaintext"
                        + " (smtp.next-hop-tls: may)\"}");
    }
}
