package org.bayard.http.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.http.wire.RawClient.head;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stopping server's drain ({@link Http1Server#stopAccepting}), over real loopback sockets: what a
 * client gets on a connection open when the stop begins. A request under way holds the drain
 * open here (a handler waiting on a latch, as a moderator's release waits for its next hop).
 */
class DrainTest {
    /**
     * Every limit of the connection's own far beyond the stop's cut-off, so that what ends a wait
     * here is the stop, and a test that waits for it fails rather than passes should it not act.
     */
    static final Limits LONG = Http1ServerTest.SMALL.withTimes(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60))
            .withBodyStall(Duration.ofSeconds(60));

    Http1Server server;
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch letGo = new CountDownLatch(1);

    @AfterEach
    void stop() {
        letGo.countDown();
        if (server != null) server.stop(0);
    }

    InetSocketAddress start() throws IOException {
        server = Http1Server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64, LONG);
        server.createContext("/", this::handle);
        server.start();
        return server.getAddress();
    }

    /**
     * /hold answers once the test lets it go; /answer-then-hold answers at once and returns once the
     * test lets it go; the rest as Http1ServerTest's routes.
     */
    void handle(HttpExchange ex) throws IOException {
        switch (ex.getRequestURI().getPath()) {
            case "/hold" -> {
                held.countDown();
                awaitLetGo();
                Http1ServerTest.reply(ex, 200, "held");
                ex.close();
            }
            case "/answer-then-hold" -> {
                Http1ServerTest.reply(ex, 200, "answered");
                held.countDown();
                awaitLetGo();
                ex.close();
            }
            default -> Http1ServerTest.handle(ex);
        }
    }

    private void awaitLetGo() {
        try {
            letGo.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A client of its own holds the drain open with a request under way; returns it. */
    RawClient holdTheDrain(InetSocketAddress at) throws Exception {
        RawClient c = new RawClient(at);
        c.send(head("GET /hold"));
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
        return c;
    }

    /**
     * A request on a keep-alive connection that was idle when the stop began: it got a closed
     * connection, and a client (rspamc, a proxy) could not tell a stopping server from a crash.
     * Now it gets 503 with Retry-After and the connection closes; the request under way is answered.
     */
    @Test
    void aRequestOnAnIdleConnectionDuringTheDrainGets503AndTheRequestUnderWayIsAnswered() throws Exception {
        InetSocketAddress at = start();
        try (RawClient idle = new RawClient(at); RawClient busy = holdTheDrain(at)) {
            assertThat(idle.send(head("GET /echo")).read().closes()).isFalse();
            server.stopAccepting();
            RawClient.Response r = idle.send(head("POST /echo", "Content-Length: 5") + "hello").read();
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.closes()).isTrue();
            assertThat(r.header("Retry-After")).isEqualTo("1");
            assertThat(r.body()).contains("stopping");
            assertThat(idle.closedByServer()).isTrue();
            letGo.countDown();
            RawClient.Response answered = busy.read();
            assertThat(answered.status()).isEqualTo(200);
            assertThat(answered.body()).isEqualTo("held");
            assertThat(answered.closes()).isTrue();
        }
    }

    /**
     * A body still arriving when the stop begins gets the stop's cut-off to arrive whole, then 503:
     * a client sending a byte now and then held the drain for as long as its request's own time.
     */
    @Test
    void aBodyStillArrivingAtTheStopIsCutWith503AtTheCutOff() throws Exception {
        InetSocketAddress at = start();
        try (RawClient c = new RawClient(at)) {
            c.send(head("POST /echo", "Content-Length: 1000") + "x".repeat(10));
            awaitBusy();
            long t0 = System.nanoTime();
            server.stopAccepting();
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 60; i++) { // a byte a second: never a stall, never the whole body
                        c.send("x");
                        Thread.sleep(1000);
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed: the trickle is over
                }
            });
            try {
                c.socketTimeout(30_000);
                RawClient.Response r = c.read();
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.closes()).isTrue();
                assertThat(r.header("Retry-After")).isEqualTo("1");
                // the cut-off, not the request's own 60 s
                assertThat(millis).isBetween(Http1Server.ARRIVAL_AT_STOP.toMillis() - 100, 30_000L);
            } finally {
                trickle.interrupt();
            }
        }
    }

    /** A body that arrives whole within the cut-off is served as if no stop had begun, and the connection closes after it. */
    @Test
    void aBodyThatArrivesWithinTheCutOffIsServed() throws Exception {
        InetSocketAddress at = start();
        try (RawClient c = new RawClient(at)) {
            c.send(head("POST /echo", "Content-Length: 10") + "01234");
            awaitBusy();
            server.stopAccepting();
            RawClient.Response r = c.send("56789").read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("POST 10 0123456789");
            assertThat(r.closes()).isTrue();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    /**
     * A request line split across packets, the stop beginning between them: the request began
     * before the stop and is served (it got a closed connection).
     */
    @Test
    void aRequestLineSplitAcrossTheStopIsServed() throws Exception {
        InetSocketAddress at = start();
        try (RawClient c = new RawClient(at); RawClient busy = holdTheDrain(at)) {
            c.send("GET /echo HT");
            awaitBusy(2);
            server.stopAccepting();
            RawClient.Response r = c.send("TP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("GET 0 ");
            assertThat(r.closes()).isTrue();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    /** A head still arriving past the cut-off no longer holds the stop: the connection is closed on, not after the request's own 60 s. */
    @Test
    void aHeadStillArrivingPastTheCutOffIsClosedOn() throws Exception {
        InetSocketAddress at = start();
        try (RawClient c = new RawClient(at)) {
            c.send("GET /echo HT");
            awaitBusy();
            long t0 = System.nanoTime();
            server.stopAccepting();
            c.socketTimeout(30_000);
            assertThat(c.closedByServer()).isTrue();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(millis).isBetween(Http1Server.ARRIVAL_AT_STOP.toMillis() - 100, 30_000L);
        }
    }

    /**
     * Requests pipelined behind one under way at the stop: the one under way is answered with
     * {@code Connection: close} (RFC 9112: the client knows those after it were not worked on and
     * may send them again) and the connection closes without a reset, so the answer is read.
     */
    @Test
    void requestsPipelinedBehindOneUnderWayAreLeftForTheClientToSendAgain() throws Exception {
        InetSocketAddress at = start();
        try (RawClient c = new RawClient(at)) {
            c.send(head("GET /hold") + head("POST /echo", "Content-Length: 3") + "abc" + head("GET /echo"));
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            server.stopAccepting();
            letGo.countDown();
            RawClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("held");
            assertThat(r.closes()).isTrue();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    /**
     * A request pipelined behind one whose answer began before the stop (and so promised to keep
     * the connection): the stop ended the connection with it unread, and the client got a reset
     * where it waited for its answer. Now it gets 503, and the connection closes.
     */
    @Test
    void aRequestPipelinedBehindOneAnsweredBeforeTheStopGets503() throws Exception {
        InetSocketAddress at = start();
        try (RawClient c = new RawClient(at)) {
            c.send(head("GET /answer-then-hold") + head("GET /echo"));
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            server.stopAccepting();
            letGo.countDown();
            RawClient.Response first = c.read();
            assertThat(first.body()).isEqualTo("answered");
            assertThat(first.closes()).isFalse();
            RawClient.Response second = c.read();
            assertThat(second.status()).isEqualTo(503);
            assertThat(second.closes()).isTrue();
            assertThat(second.header("Retry-After")).isEqualTo("1");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    /** Waits until {@code n} connections have a request under way. */
    private void awaitBusy(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.requestsUnderWay() < n) {
            assertThat(System.nanoTime()).as("a request under way within 30 s").isLessThan(end);
            Thread.sleep(10);
        }
    }

    private void awaitBusy() throws InterruptedException {
        awaitBusy(1);
    }
}
