package org.bayard.http.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.http.wire.RawClient.head;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The caps on open connections, in all and per address, over real loopback sockets. */
class ConnectionCapsTest {
    Http1Server server;
    final List<Socket> open = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : open) s.close();
        if (server != null) server.stop(0);
    }

    @Test
    void connectionsPastTheCapsGet503AndClosedOnesMakeRoom() throws Exception {
        server = Http1Server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64, Http1ServerTest.SMALL
                .withTimes(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30)));
        server.createContext("/", Http1ServerTest::handle);
        server.limitConnections(4, 2, Set.of("127.0.0.3"));
        server.start();

        Socket first = held("127.0.0.2");
        held("127.0.0.2");
        assertThat(answer("127.0.0.2")).startsWith("HTTP/1.1 503 ").containsIgnoringCase("Retry-After: 1\r\n")
                .containsIgnoringCase("Connection: close\r\n").endsWith("{\"error\":\"too many connections from your address; try again\"}");
        // a trusted proxy carries many clients: only the total counts for it
        held("127.0.0.3");
        held("127.0.0.3");
        assertThat(answer("127.0.0.3")).startsWith("HTTP/1.1 503 ").endsWith("{\"error\":\"too many connections; try again\"}");
        first.close();
        String again = "";
        for (int tries = 0; tries < 50 && !again.startsWith("HTTP/1.1 200"); tries++) {
            Thread.sleep(50); // the server sees the close a moment later
            again = answer("127.0.0.2");
        }
        assertThat(again).startsWith("HTTP/1.1 200 ").endsWith("127.0.0.2");
    }

    /**
     * Silent connections, or ones trickling their heads, filled the server up to its cap and
     * kept everyone else (the MTA's checks) out for the whole idle or request time (30 and 60 s
     * by default), again as soon as the client opened new ones. Once four fifths of the cap are
     * open, a connection that has not sent its whole head gets 5 s at most.
     */
    @Test
    void whenCrowdedSilentAndTricklingConnectionsAreCutWithinSeconds() throws Exception {
        Duration minute = Duration.ofSeconds(60);
        server = Http1Server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64,
                Http1ServerTest.SMALL.withTimes(minute, minute, minute));
        server.createContext("/", Http1ServerTest::handle);
        server.limitConnections(10, 10, Set.of());
        server.start();
        Socket served = held("127.0.0.2"); // answered, and now waiting for its next request
        Socket trickling = connect("127.0.0.2");
        open.add(trickling);
        Thread.ofVirtual().start(() -> {
            try {
                for (byte b : "GET /client HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)) {
                    trickling.getOutputStream().write(b);
                    Thread.sleep(500);
                }
            } catch (IOException | InterruptedException e) {
                // cut off, as it should be
            }
        });
        List<Socket> silent = new ArrayList<>();
        for (int i = 0; i < 6; i++) silent.add(connect("127.0.0.2")); // 8 open: four fifths of 10
        open.addAll(silent);
        long start = System.nanoTime();
        List<Socket> all = new ArrayList<>(silent);
        all.add(served);
        all.add(trickling);
        for (Socket s : all) {
            s.setSoTimeout(20_000);
            assertThat(s.getInputStream().readAllBytes()).as("closed by the server").isEmpty();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(12));
        String again = "";
        for (int tries = 0; tries < 50 && !again.startsWith("HTTP/1.1 200"); tries++) {
            Thread.sleep(50);
            again = answer("127.0.0.2");
        }
        assertThat(again).as("served again once the crowd is gone").startsWith("HTTP/1.1 200 ");
    }

    /** A connection from {@code from} that was served once and stays open. */
    private Socket held(String from) throws IOException {
        Socket s = connect(from);
        open.add(s);
        s.getOutputStream().write(head("GET /client").getBytes(StandardCharsets.US_ASCII));
        byte[] buf = new byte[4096];
        assertThat(new String(buf, 0, s.getInputStream().read(buf), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 ");
        return s;
    }

    /** The whole answer to one request from {@code from} that closes its connection. */
    private String answer(String from) throws IOException {
        try (Socket s = connect(from)) {
            s.getOutputStream().write(head("GET /client", "Connection: close").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private Socket connect(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(server.getAddress(), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }
}
