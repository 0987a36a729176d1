package org.bayard.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocketFactory;
import org.bayard.net.testing.TestCertificates;
import org.bayard.net.tls.TlsClient;
import org.bayard.net.tls.TlsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to the next hop: a gate told to speak it relays through a second gate that offers STARTTLS,
 * and relays nothing, answering 451, to one that offers none or whose certificate is for another name.
 */
class NextHopTlsTest {
    @TempDir Path tmp;
    @RegisterExtension final Sinks sinks = new Sinks();
    @RegisterExtension final LoopbackGate gates = new LoopbackGate();

    /** The TLS each message reached the second gate with. */
    final List<Optional<String>> tlsSeen = new CopyOnWriteArrayList<>();
    final MessageFilter relayAll = (env, m) -> {
        tlsSeen.add(env.tls());
        return new FilterResult.Relay(new byte[0], 0, "ok");
    };

    @Test
    void aMessageReachesANextHopThatOffersStartTlsOverTls() throws Exception {
        RecordingSink sink = sinks.start();
        TestCertificates.Pair cert = TestCertificates.rsa(tmp, "hop");
        SmtpServer hop = nextHop(sink, Optional.of(cert));
        SmtpServer gate = gateTrusting(hop, cert.certificate());
        try (SmtpClient c = LoopbackGate.greeted(gate)) {
            send(c, "250");
        }
        assertThat(sink.delivered).hasSize(1);
        assertThat(tlsSeen).hasSize(1);
        assertThat(tlsSeen.getFirst()).isPresent();

        // a release goes the same way
        try (NextHop release = NextHop.connectForRelease(new InetSocketAddress("127.0.0.1", hop.port()), "gate.test",
                Duration.ofSeconds(5), List.of(), Optional.of(trusting(cert.certificate())))) {
            assertThat(release.mail("sender@client.test", "").code()).isEqualTo(250);
        }
    }

    @Test
    void aNextHopThatOffersNoStartTlsGetsNothing() throws Exception {
        RecordingSink sink = sinks.start();
        TestCertificates.Pair cert = TestCertificates.rsa(tmp, "hop");
        SmtpServer plainHop = nextHop(sink, Optional.empty());
        SmtpServer gate = gateTrusting(plainHop, cert.certificate());
        try (SmtpClient c = LoopbackGate.greeted(gate)) {
            assertThat(c.send("MAIL FROM:<sender@client.test>\r\n")).startsWith("451 4.3.0");
        }
        assertThat(sink.delivered).isEmpty();
        assertThat(tlsSeen).isEmpty();
        assertThatThrownBy(() -> NextHop.connectForRelease(new InetSocketAddress("127.0.0.1", plainHop.port()), "gate.test",
                Duration.ofSeconds(5), List.of(), Optional.of(trusting(cert.certificate()))))
                .isInstanceOf(IOException.class)
                .hasMessage("next hop 127.0.0.1:" + plainHop.port() + " offers no STARTTLS, which smtp.next-hop-tls requires");
    }

    @Test
    void aNextHopWhoseCertificateIsForAnotherNameGetsNothing() throws Exception {
        RecordingSink sink = sinks.start();
        Path dir = Files.createDirectories(tmp.resolve("other"));
        TestCertificates.openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=other.test",
                "-addext", "subjectAltName=DNS:other.test", "-keyout", "key.pem", "-out", "cert.pem");
        TestCertificates.Pair other = new TestCertificates.Pair(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        SmtpServer hop = nextHop(sink, Optional.of(other));
        SmtpServer gate = gateTrusting(hop, other.certificate());
        try (SmtpClient c = LoopbackGate.greeted(gate)) {
            assertThat(c.send("MAIL FROM:<sender@client.test>\r\n")).startsWith("451 4.3.0");
        }
        assertThat(sink.delivered).isEmpty();
        assertThatThrownBy(() -> NextHop.connectForRelease(new InetSocketAddress("127.0.0.1", hop.port()), "gate.test",
                Duration.ofSeconds(5), List.of(), Optional.of(trusting(other.certificate()))))
                .hasMessageStartingWith("TLS with the next hop 127.0.0.1:" + hop.port() + " failed: its certificate is for another name");
    }

    /**
     * Opportunistic (smtp.next-hop-tls: may): TLS with a next hop that offers it, whatever its
     * certificate; plaintext with one that offers none; and with one where the handshake fails,
     * plaintext over a new connection, the mail delivered all the same.
     */
    @Test
    void opportunisticTlsIsUsedWhereOfferedAndPlaintextWhereNotOrWhereItFails() throws Exception {
        RecordingSink sink = sinks.start();
        TestCertificates.Pair selfSigned = TestCertificates.rsa(tmp, "hop"); // signed by no CA the gate knows
        NextHop.Tls anyCertificate = NextHop.Tls.opportunistic(trusting(TlsClient.anyCertificate()));
        SmtpServer tlsHop = nextHop(sink, Optional.of(selfSigned));
        try (SmtpClient c = LoopbackGate.greeted(gate(tlsHop, anyCertificate, "a"))) {
            send(c, "250");
        }
        assertThat(tlsSeen).hasSize(1);
        assertThat(tlsSeen.getLast()).as("over TLS, the certificate not checked").isPresent();

        SmtpServer plainHop = nextHop(sink, Optional.empty());
        try (SmtpClient c = LoopbackGate.greeted(gate(plainHop, anyCertificate, "b"))) {
            send(c, "250");
        }
        assertThat(tlsSeen).hasSize(2);
        assertThat(tlsSeen.getLast()).as("plaintext: no STARTTLS offered").isEmpty();

        NextHop.Tls failing = NextHop.Tls.opportunistic((plain, host, port) -> {
            throw new IOException("handshake failed: no cipher suites in common");
        });
        List<String> told = new CopyOnWriteArrayList<>();
        MessageFilter telling = new MessageFilter() {
            @Override
            public FilterResult filter(Envelope env, SpooledMessage m) {
                return new FilterResult.Relay(new byte[0], 0, "ok");
            }

            @Override
            public void nextHopInPlaintext(String nextHop, String why) {
                told.add(nextHop + ": " + why);
            }
        };
        try (SmtpClient c = LoopbackGate.greeted(gate(tlsHop, failing, "c", telling))) {
            send(c, "250");
        }
        assertThat(told).as("said once, for the log").containsExactly("127.0.0.1:" + tlsHop.port() + ": TLS with the next hop 127.0.0.1:"
                + tlsHop.port() + " failed: handshake failed: no cipher suites in common");
        assertThat(tlsSeen).hasSize(3);
        assertThat(tlsSeen.getLast()).as("plaintext over a new connection after the handshake failed").isEmpty();
        assertThat(sink.delivered).hasSize(3);
    }

    /** A second gate relaying to {@code sink}, offering STARTTLS with {@code cert} when there is one. */
    private SmtpServer nextHop(RecordingSink sink, Optional<TestCertificates.Pair> cert) throws IOException {
        SmtpSettings s = LoopbackGate.settings(sink.address(), 100_000, Files.createTempDirectory(tmp, "hop-spool"));
        if (cert.isPresent()) s = s.withStartTls(TlsServer.identity(cert.get().certificate(), cert.get().key()).context());
        return gates.start(s, relayAll);
    }

    /** The gate under test, relaying to {@code hop} over TLS, trusting {@code caFile}. */
    private SmtpServer gateTrusting(SmtpServer hop, Path caFile) throws IOException {
        SmtpSettings s = LoopbackGate.settings(new InetSocketAddress("127.0.0.1", hop.port()), 100_000,
                Files.createDirectories(tmp.resolve("gate-spool"))).withNextHopTls(trusting(caFile));
        return gates.start(s, (env, m) -> new FilterResult.Relay(new byte[0], 0, "ok"));
    }

    /** A gate relaying to {@code hop} with {@code tls}, its spool in a folder named {@code name}. */
    private SmtpServer gate(SmtpServer hop, NextHop.Tls tls, String name) throws IOException {
        return gate(hop, tls, name, (env, m) -> new FilterResult.Relay(new byte[0], 0, "ok"));
    }

    private SmtpServer gate(SmtpServer hop, NextHop.Tls tls, String name, MessageFilter filter) throws IOException {
        SmtpSettings s = LoopbackGate.settings(new InetSocketAddress("127.0.0.1", hop.port()), 100_000,
                Files.createDirectories(tmp.resolve("gate-spool-" + name))).withNextHopTls(tls);
        return gates.start(s, filter);
    }

    private static NextHop.Tls trusting(Path caFile) throws IOException {
        return trusting(TlsClient.sockets(Optional.of(caFile)));
    }

    private static NextHop.Tls trusting(SSLSocketFactory sockets) {
        return (plain, host, port) -> TlsClient.handshake(sockets, plain, host, port);
    }

    private static void send(SmtpClient c, String expected) throws IOException {
        assertThat(c.send("MAIL FROM:<sender@client.test>\r\n")).startsWith("250");
        assertThat(c.send("RCPT TO:<rcpt@example.test>\r\n")).startsWith("250");
        assertThat(c.send("DATA\r\n")).startsWith("354");
        assertThat(c.send("Subject: to the next hop\r\nMessage-ID: <1@client.test>\r\n\r\nbody\r\n.\r\n")).startsWith(expected);
    }
}
