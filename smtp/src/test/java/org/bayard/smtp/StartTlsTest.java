package org.bayard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.bayard.net.testing.TestCertificates;
import org.bayard.net.tls.TlsClient;
import org.bayard.net.tls.TlsServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** STARTTLS on the gate (RFC 3207), and the reliability matrix's P10: injection behind it and broken handshakes. */
class StartTlsTest {
    @TempDir Path tmp;
    @RegisterExtension final Sinks sinks = new Sinks();
    @RegisterExtension final LoopbackGate gates = new LoopbackGate();
    RecordingSink sink;
    SmtpServer server;
    SSLSocketFactory trusting;
    SSLContext identity;

    /** The TLS each message came with, as the filter sees it in its envelope. */
    final List<Optional<String>> tlsSeen = new CopyOnWriteArrayList<>();
    final MessageFilter relayAll = (env, m) -> {
        tlsSeen.add(env.tls());
        return new FilterResult.Relay(new byte[0], 0, "ok");
    };

    @BeforeEach
    void start() throws IOException {
        sink = sinks.start();
        TestCertificates.Pair cert = TestCertificates.rsa(tmp, "gate");
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        identity = TlsServer.identity(cert.certificate(), cert.key()).context();
        server = gates.start(LoopbackGate.settings(sink.address(), 100_000, spool).withStartTls(identity), relayAll);
        trusting = TlsClient.sockets(Optional.of(cert.certificate()));
    }

    @Test
    void ehloOffersStartTlsOnceAndAMessageGoesThroughOverTls() throws IOException {
        try (SmtpClient c = new SmtpClient(server.port())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.send("EHLO client.test\r\n")).contains("250-STARTTLS");
            assertThat(c.send("STARTTLS\r\n")).isEqualTo("220 2.0.0 Ready to start TLS");
            c.startTls(trusting);
            // RFC 3207 4.2: the client greets again, and STARTTLS is not offered a second time
            String ehlo = c.send("EHLO client.test\r\n");
            assertThat(ehlo).startsWith("250-gate.test").doesNotContain("STARTTLS");
            assertThat(c.send("STARTTLS\r\n")).isEqualTo("503 5.5.1 TLS already active");
            sendMessage(c, "over TLS");
        }
        assertThat(sink.delivered).hasSize(1);
        assertThat(sink.delivered.getFirst().text()).contains("Subject: over TLS");
        assertThat(tlsSeen).hasSize(1);
        assertThat(tlsSeen.getFirst().orElseThrow()).matches("TLSv1\\.[23] TLS_\\w+");
    }

    /**
     * STARTTLS required (smtp.tls-security-level encrypt): before it, MAIL and VRFY get Postfix's
     * 530, and nothing else changes; after it, the message goes through over TLS.
     */
    @Test
    void requiredStartTlsRefusesMailAndVrfyUntilTheClientStartsIt() throws IOException {
        SmtpServer strict = gates.start(LoopbackGate.settings(sink.address(), 100_000, tmp)
                .withStartTls(new SmtpSettings.StartTls(identity, true)), relayAll);
        try (SmtpClient c = new SmtpClient(strict.port())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.send("EHLO client.test\r\n")).contains("250-STARTTLS");
            assertThat(c.send("MAIL FROM:<sender@client.test>\r\n")).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
            assertThat(c.send("VRFY postmaster\r\n")).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
            assertThat(c.send("RCPT TO:<rcpt@example.test>\r\n")).isEqualTo("503 5.5.1 need MAIL first");
            assertThat(c.send("NOOP\r\n")).isEqualTo("250 2.0.0 Ok");
            assertThat(c.send("STARTTLS\r\n")).isEqualTo("220 2.0.0 Ready to start TLS");
            c.startTls(trusting);
            assertThat(c.send("EHLO client.test\r\n")).startsWith("250-gate.test");
            assertThat(c.send("VRFY postmaster\r\n")).startsWith("252 ");
            sendMessage(c, "TLS required");
        }
        assertThat(sink.delivered).hasSize(1);
        assertThat(tlsSeen).hasSize(1);
        assertThat(tlsSeen.getFirst()).isPresent();
    }

    @Test
    void withoutACertificateStartTlsIsNeitherOfferedNorTaken() throws IOException {
        SmtpServer plain = gates.start(LoopbackGate.settings(sink.address(), 100_000, tmp), relayAll);
        try (SmtpClient c = LoopbackGate.greeted(plain)) {
            assertThat(c.send("EHLO client.test\r\n")).doesNotContain("STARTTLS");
            assertThat(c.send("STARTTLS\r\n")).isEqualTo("502 5.5.1 command not implemented");
            sendMessage(c, "plain");
        }
        assertThat(sink.delivered).hasSize(1);
        assertThat(tlsSeen).containsExactly(Optional.empty());
    }

    @Test
    void startTlsOutOfPlaceIsRefusedAndTheSessionGoesOn() throws IOException {
        try (SmtpClient c = new SmtpClient(server.port())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.send("STARTTLS\r\n")).isEqualTo("503 5.5.1 send EHLO first");
            c.send("EHLO client.test\r\n");
            assertThat(c.send("STARTTLS now\r\n")).isEqualTo("501 5.5.4 STARTTLS takes no argument");
            assertThat(c.send("MAIL FROM:<a@client.test>\r\n")).startsWith("250");
            assertThat(c.send("STARTTLS\r\n")).isEqualTo("503 5.5.1 STARTTLS inside a mail transaction");
            assertThat(c.send("RSET\r\n")).startsWith("250");
            secure(c);
            sendMessage(c, "after the refusals");
        }
        assertThat(sink.delivered).hasSize(1);
    }

    /**
     * CVE-2011-0411: commands a client (or a man in the middle) sends behind STARTTLS in the same
     * packet were run as if they had come over TLS. Here the first reply over TLS is the one to the
     * client's own EHLO, not to the NOOP and MAIL injected in plaintext.
     */
    @Test
    void commandsSentInPlaintextBehindStartTlsAreDroppedNotRunOverTls() throws IOException {
        try (SmtpClient c = LoopbackGate.greeted(server)) {
            assertThat(c.send("STARTTLS\r\nNOOP\r\nMAIL FROM:<injected@client.test>\r\n")).isEqualTo("220 2.0.0 Ready to start TLS");
            c.startTls(trusting);
            assertThat(c.send("EHLO client.test\r\n")).startsWith("250-gate.test");
            // the injected MAIL began no transaction, and the session has forgotten the plaintext EHLO's state
            assertThat(c.send("RCPT TO:<rcpt@example.test>\r\n")).isEqualTo("503 5.5.1 need MAIL first");
            sendMessage(c, "after injection");
        }
        assertThat(sink.delivered).hasSize(1);
        assertThat(sink.delivered.getFirst().from()).isEqualTo("MAIL FROM:<sender@client.test>");
    }

    /** P10: a thousand handshakes broken in three ways leave no file descriptor behind, and TLS still works after them. */
    @Test
    void brokenHandshakesLeaveNoFileDescriptorBehind() throws Exception {
        long before = openFiles();
        for (int i = 0; i < 1000; i++) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                readReply(in);
                out.write("EHLO client.test\r\nSTARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
                readReply(in);
                assertThat(readReply(in)).startsWith("220 2.0.0");
                switch (i % 3) {
                    case 0 -> out.write("this is no TLS\r\n".getBytes(StandardCharsets.US_ASCII)); // not a TLS record
                    case 1 -> out.write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01}); // a ClientHello cut after its first bytes
                    default -> { } // gone at once
                }
                out.flush();
            }
        }
        // every session has ended once its descriptor is closed: wait for the last ones to see their end
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (openFiles() > before + 5 && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(openFiles()).isLessThanOrEqualTo(before + 5);
        try (SmtpClient c = LoopbackGate.greeted(server)) {
            secure(c);
            sendMessage(c, "after a thousand broken handshakes");
        }
        assertThat(sink.delivered).hasSize(1);
    }

    /** A client that asks for TLS and then says nothing is cut off at the command timeout, as at any other silence. */
    @Test
    void aClientSilentAfterStartTlsIsCutOffAtTheCommandTimeout() throws IOException {
        try (SmtpClient c = LoopbackGate.greeted(server)) {
            assertThat(c.send("STARTTLS\r\n")).startsWith("220");
            c.readTimeout(30_000);
            long start = System.nanoTime();
            assertThat(c.reply()).isNull();
            assertThat((System.nanoTime() - start) / 1_000_000_000).isBetween(3L, 20L); // the gate's timeout is 5 s
        }
    }

    /** A stop ends a TLS session waiting for a command with 421, as a plain one, over TLS. */
    @Test
    void aStopSaysShuttingDownOverTls() throws IOException {
        try (SmtpClient c = LoopbackGate.greeted(server)) {
            secure(c);
            server.stopTaking();
            assertThat(c.reply()).startsWith("421 4.3.2 gate.test shutting down");
        }
    }

    /** STARTTLS, the handshake trusting the gate's certificate, and EHLO again over TLS. */
    private void secure(SmtpClient c) throws IOException {
        assertThat(c.send("STARTTLS\r\n")).isEqualTo("220 2.0.0 Ready to start TLS");
        c.startTls(trusting);
        assertThat(c.send("EHLO client.test\r\n")).startsWith("250-gate.test");
    }

    private static void sendMessage(SmtpClient c, String subject) throws IOException {
        assertThat(c.send("MAIL FROM:<sender@client.test>\r\n")).startsWith("250");
        assertThat(c.send("RCPT TO:<rcpt@example.test>\r\n")).startsWith("250");
        assertThat(c.send("DATA\r\n")).startsWith("354");
        assertThat(c.send("Subject: " + subject + "\r\nMessage-ID: <1@client.test>\r\n\r\nbody\r\n.\r\n")).startsWith("250");
    }

    private static String readReply(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) return line.toString();
            line.append((char) c);
            int n = line.length();
            if (c == '\n' && (n < 5 || line.charAt(line.lastIndexOf("\n", n - 2) + 4) == ' ')) return line.toString();
        }
    }

    private static long openFiles() throws IOException {
        try (var files = Files.list(Path.of("/proc/self/fd"))) {
            return files.count();
        }
    }
}
