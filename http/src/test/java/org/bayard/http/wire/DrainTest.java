package org.bayard.http.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.http.wire.RawClient.head;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
     * The cut-off is 2 s (serve's at a stop timeout of 24 s) rather than the default 5 s.
     */
    static final Limits LONG = Http1ServerTest.SMALL.withTimes(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60))
            .withBodyStall(Duration.ofSeconds(60)).withAtStop(Duration.ofSeconds(2));

    Http1Server server;
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch letGo = new CountDownLatch(1);
    /** Counted down when /download's write fails (its connection closed under it). */
    final CountDownLatch downloadCut = new CountDownLatch(1);
    /** Counted down once /download's answer has begun. */
    final CountDownLatch downloadBegun = new CountDownLatch(1);
    /** How many bytes /download sends: far more than any socket buffer holds. */
    long downloadSize = 256L << 20;

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
            case "/download" -> {
                ex.sendResponseHeaders(200, downloadSize);
                downloadBegun.countDown();
                byte[] chunk = new byte[64 * 1024];
                try (var out = ex.getResponseBody()) {
                    for (long sent = 0; sent < downloadSize; sent += chunk.length) out.write(chunk, 0, (int) Math.min(chunk.length, downloadSize - sent));
                } catch (IOException e) {
                    downloadCut.countDown();
                    throw e;
                }
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
                assertThat(millis).isBetween(LONG.atStop().toMillis() - 100, 30_000L);
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
            assertThat(millis).isBetween(LONG.atStop().toMillis() - 100, 30_000L);
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

    /**
     * A download whose client stopped reading (its receive window full) held the stop for as long
     * as the stop would wait, and was cut off only at its end. Now a write the client has taken
     * nothing of for {@link Http1Server#atStop} closes the connection, and the stop
     * is over then.
     */
    @Test
    void aDownloadWhoseClientStoppedReadingIsCutAndNoLongerHoldsTheStop() throws Exception {
        InetSocketAddress at = start();
        try (Socket c = new Socket()) {
            c.setReceiveBufferSize(1024); // before connecting: the window it offers stays tiny
            c.connect(at);
            c.getOutputStream().write(head("GET /download").getBytes(StandardCharsets.ISO_8859_1));
            awaitAnswering();
            long t0 = System.nanoTime();
            server.stop(60);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(millis).isBetween(LONG.atStop().toMillis() - 100, 30_000L);
            assertThat(server.stalledAtStop()).isEqualTo(1);
            assertThat(downloadCut.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * A download whose client reads, slowly, goes on through the stop for as long as it keeps
     * reading (past {@link Http1Server#atStop}), and the client gets all of it.
     */
    @Test
    void aDownloadWhoseClientReadsSlowlyGoesOnThroughTheStop() throws Exception {
        // the socket buffers take some 4 MB on loopback; read at 1.6 MB/s at most, the rest keeps the server writing for 7 s and more
        downloadSize = 16L << 20;
        InetSocketAddress at = start();
        try (Socket c = new Socket()) {
            c.connect(at);
            c.setSoTimeout(30_000);
            c.getOutputStream().write(head("GET /download").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(downloadBegun.await(30, TimeUnit.SECONDS)).isTrue();
            long[] got = {0};
            Thread reader = Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[16 * 1024];
                try {
                    InputStream in = c.getInputStream();
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        got[0] += n;
                        Thread.sleep(10);
                    }
                } catch (IOException | InterruptedException e) {
                    // counted as far as it got
                }
            });
            long t0 = System.nanoTime();
            server.stop(60);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            reader.join(60_000);
            assertThat(millis).as("the download held the stop past the stall limit").isGreaterThan(LONG.atStop().toMillis());
            assertThat(server.stalledAtStop()).isZero();
            assertThat(downloadCut.getCount()).isEqualTo(1);
            assertThat(got[0]).isGreaterThan(downloadSize); // the head, and every byte of the body
        }
    }

    /** Waits until a request's answer has begun. */
    private void awaitAnswering() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.answersUnderWay() < 1) {
            assertThat(System.nanoTime()).as("an answer begun within 30 s").isLessThan(end);
            Thread.sleep(10);
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
