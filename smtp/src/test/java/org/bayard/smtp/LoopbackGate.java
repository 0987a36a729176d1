package org.bayard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The gate as the tests here start it: named gate.test, on a free loopback port, relaying to
 * example.test; closed once the test and its own {@code @AfterEach} are done.
 */
final class LoopbackGate implements AfterEachCallback {
    private final List<SmtpServer> started = new ArrayList<>();

    /** Settings relaying for {@code trustedNets}, with room for {@code maxMessageBytes}, spooling into {@code spool}. */
    static SmtpSettings settings(InetSocketAddress nextHop, long maxMessageBytes, Path spool, List<String> trustedNets) {
        return new SmtpSettings("gate.test", nextHop, 1000, maxMessageBytes, 3, 10, 5, Duration.ofSeconds(5),
                Duration.ofSeconds(2), 4096, spool, new RelayPolicy(trustedNets, List.of("example.test")));
    }

    /** As above, relaying for loopback clients. */
    static SmtpSettings settings(InetSocketAddress nextHop, long maxMessageBytes, Path spool) {
        return settings(nextHop, maxMessageBytes, spool, List.of("127.0.0.0/8"));
    }

    SmtpServer start(SmtpSettings settings, MessageFilter filter) throws IOException {
        return start(settings, filter, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** As above, listening on {@code address}. */
    SmtpServer start(SmtpSettings settings, MessageFilter filter, InetSocketAddress address) throws IOException {
        SmtpServer server = SmtpServer.start(settings, filter, Clock.systemUTC(), address);
        started.add(server);
        return server;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        for (SmtpServer server : started) server.close();
        started.clear();
    }

    /** A client that the gate greeted and that said EHLO. */
    static SmtpClient greeted(SmtpServer server) throws IOException {
        SmtpClient c = new SmtpClient(server.port());
        assertThat(c.reply()).startsWith("220 ");
        assertThat(c.send("EHLO client.test\r\n")).startsWith("250-gate.test");
        return c;
    }
}
