package org.bayard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MAIL whose declared SIZE= the gate has no room for (the filter's declaredSize, 452 4.3.1 in
 * the gate) is refused before the next hop is connected to, where the next hop's limit as last
 * learned shows that no permanent refusal would follow; a size past the next hop's limit still
 * gets its 552 first. A recording next hop on loopback counts the connections it gets.
 */
class DeclaredSizeRoomTest {
    /** The room the filter has for a message: a larger declared size gets 452 4.3.1, as the gate's full disk gives. */
    static final long ROOM = 50_000;

    @TempDir Path tmp;
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();
    @RegisterExtension final LoopbackGate gates = new LoopbackGate();
    SmtpServer server;

    final MessageFilter filter = new MessageFilter() {
        @Override
        public Optional<Reply> declaredSize(InetAddress client, String reversePath, long declaredSize) {
            return declaredSize > ROOM ? Optional.of(Reply.of(452, "4.3.1 Insufficient system storage")) : Optional.empty();
        }

        @Override
        public FilterResult filter(Envelope env, SpooledMessage m) {
            return new FilterResult.Relay(new byte[0], 0, "ok");
        }
    };

    void start(String sizeKeyword) throws IOException {
        sink = sinks.start();
        sink.sizeKeyword = sizeKeyword;
        server = gates.start(LoopbackGate.settings(sink.address(), 10_000_000, tmp), filter);
    }

    SmtpClient greeted() throws IOException {
        return LoopbackGate.greeted(server);
    }

    /**
     * The gate connected to the next hop (greeting, EHLO) before it asked whether a declared size
     * fits, so each client declaring one it had no room for cost the next hop a connection.
     */
    @Test
    void aDeclaredSizeWithNoRoomIs452WithoutConnectingToTheNextHop() throws IOException {
        start("SIZE 100000000");
        try (SmtpClient c = greeted()) {
            int afterEhlo = sink.sessions; // our EHLO learned what the next hop offers: one connection
            assertThat(c.send("MAIL FROM:<a@x.test> SIZE=" + (ROOM + 1) + "\r\n")).startsWith("452 4.3.1");
            assertThat(sink.sessions).as("connections to the next hop for a MAIL refused for room").isEqualTo(afterEhlo);
            assertThat(c.send("MAIL FROM:<a@x.test> SIZE=" + ROOM + "\r\n")).startsWith("250");
            assertThat(sink.sessions).isEqualTo(afterEhlo + 1);
        }
        assertThat(sink.envelopeLines).containsExactly("MAIL FROM:<a@x.test> SIZE=" + ROOM);
    }

    /** A size past the next hop's limit is refused for good, not 452 for the room it would need: its sender would retry for days. */
    @Test
    void aDeclaredSizePastTheNextHopsLimitIs552EvenWithNoRoomForIt() throws IOException {
        start("SIZE 60000");
        try (SmtpClient c = greeted()) {
            assertThat(c.send("MAIL FROM:<a@x.test> SIZE=" + (60_000 - GateOffer.HOP_SIZE_ROOM + 1) + "\r\n")).startsWith("552 5.3.4");
            assertThat(c.send("MAIL FROM:<a@x.test> SIZE=" + (ROOM + 1) + "\r\n")).startsWith("452 4.3.1");
        }
        assertThat(sink.envelopeLines).isEmpty();
    }

    /**
     * On a connection kept from the last transaction the next hop's own limit is known without a
     * new connection: a size past it is 552 there too, before the room is asked about.
     */
    @Test
    void onAKeptConnectionTheNextHopsLimitStillComesFirst() throws IOException {
        start("SIZE 60000");
        try (SmtpClient c = greeted()) {
            assertThat(c.send("MAIL FROM:<a@x.test> SIZE=100\r\n")).startsWith("250");
            assertThat(c.send("RSET\r\n")).startsWith("250");
            int kept = sink.sessions;
            assertThat(c.send("MAIL FROM:<a@x.test> SIZE=" + (60_000 - GateOffer.HOP_SIZE_ROOM + 1) + "\r\n")).startsWith("552 5.3.4");
            assertThat(c.send("MAIL FROM:<a@x.test> SIZE=" + (ROOM + 1) + "\r\n")).startsWith("452 4.3.1");
            assertThat(sink.sessions).isEqualTo(kept);
        }
    }
}
