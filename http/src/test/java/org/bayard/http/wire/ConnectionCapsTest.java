package org.bayard.http.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
                .withTimes(java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(30)));
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

    /** A connection from {@code from} that was served once and stays open. */
    private Socket held(String from) throws IOException {
        Socket s = connect(from);
        open.add(s);
        s.getOutputStream().write("GET /client HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] buf = new byte[4096];
        assertThat(new String(buf, 0, s.getInputStream().read(buf), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 ");
        return s;
    }

    /** The whole answer to one request from {@code from} that closes its connection. */
    private String answer(String from) throws IOException {
        try (Socket s = connect(from)) {
            s.getOutputStream().write("GET /client HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
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
