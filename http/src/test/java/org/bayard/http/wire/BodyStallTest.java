package org.bayard.http.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.http.wire.RawClient.head;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Limits.bodyStall, over real loopback sockets: a read of the body that waits longer than it for
 * the next byte ends the request with 408 and closes the connection, long before the request's
 * own time runs out; a body that keeps coming, however slowly, is not cut by it, since the limit
 * is between two reads (nginx's client_body_timeout), not on the whole body.
 */
class BodyStallTest {
    /** One second's stall against thirty for the request: which limit acted is plain from the time. */
    static final Limits LIMITS = Http1ServerTest.SMALL.withTimes(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30))
            .withBodyStall(Duration.ofSeconds(1));

    Http1Server server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    InetSocketAddress start() throws IOException {
        server = Http1Server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64, LIMITS);
        server.createContext("/", Http1ServerTest::handle);
        server.start();
        return server.getAddress();
    }

    @Test
    void aBodyThatStopsComingGets408AndTheConnectionCloses() throws Exception {
        InetSocketAddress at = start();
        try (RawClient c = new RawClient(at)) {
            long t0 = System.nanoTime();
            c.send(head("POST /echo", "Content-Length: 100000") + "x".repeat(40_000));
            RawClient.Response r = c.read();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.closes()).isTrue();
            assertThat(millis).isBetween(900L, 10_000L);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aChunkedBodyThatStopsInsideAChunkGets408() throws Exception {
        InetSocketAddress at = start();
        try (RawClient c = new RawClient(at)) {
            c.send(head("POST /echo", "Transfer-Encoding: chunked") + "400\r\n" + "y".repeat(100));
            RawClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.closes()).isTrue();
        }
    }

    @Test
    void aSlowBodyThatKeepsComingIsNotCutByTheStallLimit() throws Exception {
        InetSocketAddress at = start();
        try (RawClient c = new RawClient(at)) {
            c.send(head("POST /echo", "Content-Length: 80"));
            for (int i = 0; i < 8; i++) { // 2.8 s in all, never more than 0.4 s between two pieces
                Thread.sleep(400);
                c.send("0123456789");
            }
            RawClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).startsWith("POST 80 0123456789");
        }
    }

    @Test
    void aConnectionWaitingForItsNextRequestIsNotCutByTheStallLimit() throws Exception {
        InetSocketAddress at = start();
        try (RawClient c = new RawClient(at)) {
            c.send(head("POST /echo", "Content-Length: 2") + "ab");
            assertThat(c.read().status()).isEqualTo(200);
            Thread.sleep(1_500); // past the stall limit, within the idle time
            c.send(head("POST /echo", "Content-Length: 2") + "cd");
            assertThat(c.read().body()).isEqualTo("POST 2 cd");
        }
    }
}
