package org.bayard.http.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.http.wire.RawClient.head;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a kept-alive connection waiting for its next request costs in heap. Each held a 16 KB
 * output buffer for its whole life, though it writes only while answering: with the input buffer
 * that came to about 36 KB a connection, 18 MB for the 512 the server lets in.
 */
class IdleConnectionCostTest {
    private static final int CONNECTIONS = 400;
    Http1Server server;
    final List<Socket> open = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : open) s.close();
        if (server != null) server.stop(0);
    }

    @Test
    void aKeptAliveConnectionWaitingForItsNextRequestHoldsNoResponseBuffer() throws Exception {
        server = Http1Server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512,
                Limits.withHeaderCap(32 * 1024).withTimes(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60)));
        server.createContext("/", Http1ServerTest::handle);
        server.start();
        served(20); // warm up: classes loaded, threads made
        long before = usedAfterGc();
        served(CONNECTIONS);
        long perConnection = (usedAfterGc() - before) / CONNECTIONS;
        // 36 KB each with the output buffer kept; about 20 KB without it
        assertThat(perConnection).as("bytes per idle connection").isLessThan(28 * 1024);
    }

    /** Opens {@code n} connections, each served one request and kept open. */
    private void served(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Socket s = new Socket(server.getAddress().getAddress(), server.getAddress().getPort());
            s.setSoTimeout(10_000);
            open.add(s);
            s.getOutputStream().write(head("GET /client").getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[1024];
            while (!got.toString(StandardCharsets.ISO_8859_1).endsWith("127.0.0.1")) got.write(buf, 0, s.getInputStream().read(buf));
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
