package org.bayard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY P11, a flood: a thousand connections opened at once, within the gate's limits, are
 * all greeted, and the limits still hold with them open: one more from the same address gets
 * 421 4.7.0, one past the total gets 421 4.3.2, each right after its accept. The clients are
 * non-blocking sockets on one selector, so that the test opens them all before reading any
 * greeting, as a flood does. How fast the greetings come is measured by
 * bench/smtp-connection-burst.sh, not here.
 */
class ConnectionBurstTest {
    private static final int BURST = 1000;
    /** Room for the burst and a few more, from other addresses, before the total limit. */
    private static final int MAX_CONNECTIONS = BURST + 5;
    @TempDir Path tmp;
    @RegisterExtension final Sinks sinks = new Sinks();
    SmtpServer server;
    final List<SocketChannel> open = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (SocketChannel c : open) c.close();
        if (server != null) server.close();
    }

    @Test
    void aThousandConnectionsAtOnceAreAllGreetedAndTheLimitsStillHold() throws Exception {
        RecordingSink sink = sinks.start();
        // a command timeout of 300 s: nearly full, an idle session is cut after 30 s (see SmtpServer), past this test's steps
        SmtpSettings s = new SmtpSettings("gate.test", sink.address(), 1000, 100_000, 3, MAX_CONNECTIONS, BURST,
                Duration.ofSeconds(300), Duration.ofSeconds(2), 4096, tmp, new RelayPolicy(List.of("127.0.0.0/8"), List.of("example.test")));
        server = SmtpServer.start(s, new RelayEverything(), Clock.systemUTC(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

        Map<String, Integer> greetings = firstLines(connectAll("127.0.0.2", BURST));
        assertThat(greetings).as("first lines of %d connections opened at once", BURST).containsOnlyKeys("220").containsValue(BURST);

        assertThat(firstLines(connectAll("127.0.0.2", 1))).as("one more from the same address").containsOnlyKeys("421 4.7.0");
        assertThat(firstLines(connectAll("127.0.0.3", MAX_CONNECTIONS - BURST))).as("up to the total").containsOnlyKeys("220");
        assertThat(firstLines(connectAll("127.0.0.4", 1))).as("one past the total").containsOnlyKeys("421 4.3.2");
    }

    /**
     * A client that saw the gate close its connection may open the next one at once: its slot was
     * given back before the close. It was given back after it, and a client quick enough (one
     * that reconnects after a 421, Postfix's smtp client working through its queue) was refused
     * for the slot it had just left; one slot here, so that any such refusal shows.
     */
    @Test
    void aClosedConnectionsSlotIsFreeOnceTheClientSeesTheClose() throws Exception {
        RecordingSink sink = sinks.start();
        SmtpSettings s = new SmtpSettings("gate.test", sink.address(), 1000, 100_000, 3, 1, 1,
                Duration.ofSeconds(300), Duration.ofSeconds(2), 4096, tmp, new RelayPolicy(List.of("127.0.0.0/8"), List.of("example.test")));
        server = SmtpServer.start(s, new RelayEverything(), Clock.systemUTC(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < 300; i++) {
            try (SmtpClient c = new SmtpClient(server.port())) {
                String greeting = String.valueOf(c.reply());
                seen.merge(kind(greeting), 1, Integer::sum);
                if (greeting.startsWith("220")) assertThat(c.send("QUIT\r\n")).startsWith("221");
                assertThat(c.reply()).as("closed by the gate").isNull();
            }
        }
        assertThat(seen).as("first lines of 300 connections one after another").containsOnlyKeys("220");
    }

    /** {@code count} connections from {@code local}, begun without waiting for any to complete. */
    private List<SocketChannel> connectAll(String local, int count) throws IOException {
        List<SocketChannel> made = new ArrayList<>();
        InetSocketAddress gate = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
        for (int i = 0; i < count; i++) {
            SocketChannel c = SocketChannel.open();
            open.add(c);
            c.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            c.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
            c.configureBlocking(false);
            c.connect(gate);
            made.add(c);
        }
        return made;
    }

    /**
     * How many of {@code channels} got each first line (its reply code, with the enhanced code
     * for a 421, counted once the gate closed it), "none" for one that got nothing within a minute,
     * "closed" for one closed unanswered.
     */
    private static Map<String, Integer> firstLines(List<SocketChannel> channels) throws IOException {
        Map<String, Integer> lines = new TreeMap<>();
        Map<SocketChannel, StringBuilder> read = new java.util.HashMap<>();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Selector selector = Selector.open()) {
            for (SocketChannel c : channels) c.register(selector, SelectionKey.OP_CONNECT);
            ByteBuffer buf = ByteBuffer.allocate(512);
            int done = 0;
            while (done < channels.size() && System.nanoTime() < end) {
                selector.select(1000);
                for (SelectionKey k : selector.selectedKeys()) {
                    SocketChannel c = (SocketChannel) k.channel();
                    if (k.isConnectable()) {
                        c.finishConnect();
                        k.interestOps(SelectionKey.OP_READ);
                        continue;
                    }
                    buf.clear();
                    int n = c.read(buf);
                    StringBuilder line = read.computeIfAbsent(c, x -> new StringBuilder());
                    if (n > 0) line.append(new String(buf.array(), 0, n, StandardCharsets.US_ASCII));
                    int eol = line.indexOf("\r\n");
                    // a refusal counts once the gate has closed the connection, and with it given its slot back
                    if (n < 0 || eol >= 0 && line.indexOf("421") != 0) {
                        lines.merge(eol < 0 ? (line.isEmpty() ? "closed" : kind(line.toString())) : kind(line.substring(0, eol)), 1, Integer::sum);
                        k.cancel();
                        done++;
                    }
                }
                selector.selectedKeys().clear();
            }
            if (done < channels.size()) lines.put("none", channels.size() - done);
        }
        return lines;
    }

    /** A greeting's reply code; a refusal's with its enhanced code, which tells the limit that refused. */
    private static String kind(String line) {
        return line.substring(0, Math.min(line.startsWith("421") ? 9 : 3, line.length()));
    }

    /** Relays everything: what a message becomes is not what this test is about. */
    private static final class RelayEverything implements MessageFilter {
        @Override
        public FilterResult filter(Envelope env, SpooledMessage m) {
            return new FilterResult.Relay(new byte[0], 0, "ok");
        }

        @Override
        public void finished(Envelope env, FilterResult result, Reply reply, boolean clientLost, long nanos) {}
    }
}
