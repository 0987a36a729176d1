package org.bayard.http.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.http.wire.RawClient.head;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server over real loopback sockets, byte by byte where framing matters. */
class Http1ServerTest {
    /**
     * Small caps and short deadlines, so the tests can reach them quickly. The body stall limit is
     * long, so that what cuts a slow body off here is the request's time; BodyStallTest has its own.
     */
    static final Limits SMALL = new Limits(256, 1024, 20, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(60), Limits.DEFAULT_AT_STOP);

    Http1Server server;
    final List<String> refusals = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    InetSocketAddress start(Limits limits) throws IOException {
        server = Http1Server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64, limits);
        server.createContext("/", Http1ServerTest::handle);
        server.onRefusal((status, client) -> refusals.add(status + " " + client.getAddress().getHostAddress()));
        server.start();
        return server.getAddress();
    }

    /** Test routes: echo the body, ignore it, refuse it unread, stream an answer, or never answer. */
    static void handle(HttpExchange ex) throws IOException {
        switch (ex.getRequestURI().getPath()) {
            case "/echo" -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                reply(ex, 200, ex.getRequestMethod() + " " + body.length + (body.length <= 100 ? " " + new String(body, StandardCharsets.ISO_8859_1) : ""));
            }
            case "/ignore" -> reply(ex, 200, "ignored");
            case "/refuse" -> {
                ex.getResponseHeaders().set("Connection", "close");
                reply(ex, 413, "too big");
            }
            case "/stream" -> {
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write("ab".getBytes(StandardCharsets.ISO_8859_1));
                    out.write("cd".getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            case "/broken-stream" -> {
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                out.write("ab".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                throw new IOException("the rest of the body could not be read");
            }
            case "/client" -> reply(ex, 200, ex.getRemoteAddress().getAddress().getHostAddress());
            case "/reason" -> {
                Reason.set(ex, ex.getRequestHeaders().getFirst("X-Reason"));
                reply(ex, 400, "refused");
            }
            case "/silent" -> {
                // returns without answering
            }
            default -> reply(ex, 404, "no such route");
        }
        ex.close();
    }

    static void reply(HttpExchange ex, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.ISO_8859_1);
        ex.sendResponseHeaders(status, body.length);
        if (!ex.getRequestMethod().equals("HEAD")) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A header block of exactly {@code bytes}: Host, one X-Pad field and the empty line that ends the block. */
    static String headerBlock(int bytes) {
        String prefix = "Host: x\r\nX-Pad: ";
        return prefix + "p".repeat(bytes - prefix.length() - 4) + "\r\n\r\n";
    }

    /**
     * A handler that fails part way through a chunked body: the server ended the body with its
     * last chunk all the same, so a cut-short mbox export looked whole to the client.
     */
    @Test
    void aChunkedBodyCutShortByTheHandlerIsNotEndedAsIfWhole() throws Exception {
        InetSocketAddress at = start(SMALL);
        try (java.net.Socket s = new java.net.Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(head("GET /broken-stream").getBytes(StandardCharsets.ISO_8859_1));
            String got = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1); // until the server closes
            assertThat(got).startsWith("HTTP/1.1 200").containsIgnoringCase("Transfer-Encoding: chunked").endsWith("2\r\nab\r\n");
        }
    }

    // ---------------------------------------------------------------- request head limits

    @Test
    void aOneMegabyteHeaderGets431WithAJsonBodyAndTheConnectionCloses() throws Exception {
        InetSocketAddress at = start(Limits.withHeaderCap(32 * 1024));
        try (RawClient c = new RawClient(at)) {
            RawClient.Response r = c.send(head("GET /echo", "X-Big: " + "a".repeat(1 << 20))).read();
            assertThat(r.status()).isEqualTo(431);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.body()).isEqualTo("{\"error\":\"request header fields too large\"}");
            assertThat(r.closes()).isTrue();
            assertThat(r.header("Date")).matches("[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(refusals).containsExactly("431 127.0.0.1");
    }

    @Test
    void aHeaderBlockAtTheCapIsServedAndOneByteMoreGets431() throws Exception {
        InetSocketAddress at = start(SMALL);
        try (RawClient c = new RawClient(at)) {
            RawClient.Response r = c.send("GET /echo HTTP/1.1\r\n" + headerBlock(1024)).read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.closes()).isFalse();
        }
        try (RawClient c = new RawClient(at)) {
            assertThat(c.send("GET /echo HTTP/1.1\r\n" + headerBlock(1025)).read().status()).isEqualTo(431);
        }
    }

    @Test
    void tooManyHeaderFieldsGet431() throws Exception {
        InetSocketAddress at = start(SMALL);
        try (RawClient c = new RawClient(at)) {
            assertThat(c.send("GET /echo HTTP/1.1\r\n" + "Host: x\r\n" + "A: b\r\n".repeat(19) + "\r\n").read().status()).isEqualTo(200);
            assertThat(c.send("GET /echo HTTP/1.1\r\n" + "Host: x\r\n" + "A: b\r\n".repeat(20) + "\r\n").read().status()).isEqualTo(431);
        }
    }

    @Test
    void aLongRequestLineGets414() throws Exception {
        InetSocketAddress at = start(SMALL);
        String atCap = "GET /echo?" + "q".repeat(256 - "GET /echo? HTTP/1.1\r\n".length()) + " HTTP/1.1\r\n";
        assertThat(atCap).hasSize(256);
        try (RawClient c = new RawClient(at)) {
            assertThat(c.send(atCap + "Host: x\r\n\r\n").read().status()).isEqualTo(200);
        }
        try (RawClient c = new RawClient(at)) {
            RawClient.Response r = c.send(head("GET /echo?" + "q".repeat(100_000))).read();
            assertThat(r.status()).isEqualTo(414);
            assertThat(r.body()).isEqualTo("{\"error\":\"request line too long\"}");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void headsThatTwoParsersCouldReadDifferentlyAreRefused() throws Exception {
        InetSocketAddress at = start(SMALL);
        String[][] cases = {
            {head("POST /echo", "Content-Length: 3", "Transfer-Encoding: chunked"), "400"},
            {head("POST /echo", "Content-Length: 3", "Content-Length: 4"), "400"},
            {head("POST /echo", "Content-Length: -1"), "400"},
            {head("POST /echo", "Content-Length: 1e3"), "400"},
            {head("POST /echo", "Transfer-Encoding: gzip, chunked"), "501"},
            {"POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", "400"},
            {head("GET /echo", "X-Note : x"), "400"},
            {head("GET /echo", "A: b", "  folded"), "400"},
            {head("GET /echo", "A: b\u0000c"), "400"},
            {head("GET /echo", "A: b\rc"), "400"},
            {head("GET  /echo"), "400"},
            {head("GET /a|b"), "400"},
            {head("GET echo"), "400"},
            {head("G(T /echo"), "400"},
            {"GET /echo HTTP/1.1\r\nX-Note: no Host\r\n\r\n", "400"},
            {"GET /echo HTTP/2.0\r\n\r\n", "505"},
            {"GET /echo SPDY/3\r\n\r\n", "400"},
        };
        for (String[] c : cases) {
            try (RawClient client = new RawClient(at)) {
                RawClient.Response r = client.send(c[0]).read();
                assertThat(r.status()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
                assertThat(r.closes()).as(c[0]).isTrue();
                assertThat(r.body()).as(c[0]).startsWith("{\"error\":\"");
            }
        }
    }

    // ---------------------------------------------------------------- keep-alive, pipelining, framing

    @Test
    void pipelinedRequestsOnOneConnectionAreAnsweredInOrder() throws Exception {
        // an idle limit far above the pause below: with SMALL's 1 s, a test thread held back 0.7 s
        // on a loaded machine found the connection closed, as it should have been by then
        InetSocketAddress at = start(SMALL.withTimes(Duration.ofSeconds(30), SMALL.requestTime(), SMALL.responseTime()));
        try (RawClient c = new RawClient(at)) {
            c.send(head("GET /echo")
                    + head("POST /echo", "Content-Length: 5") + "hello"
                    + head("POST /echo", "Transfer-Encoding: chunked") + "3\r\nabc\r\n0\r\n\r\n"
                    + head("HEAD /echo")
                    + head("GET /stream"));
            assertThat(c.read().body()).isEqualTo("GET 0 ");
            assertThat(c.read().body()).isEqualTo("POST 5 hello");
            assertThat(c.read().body()).isEqualTo("POST 3 abc");
            RawClient.Response head = c.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("7"); // the length the handler gave, with no body after it
            RawClient.Response stream = c.read();
            assertThat(stream.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(stream.body()).isEqualTo("abcd");
            // the connection is still usable after a pause shorter than the idle limit
            Thread.sleep(300);
            RawClient.Response last = c.send(head("GET /client")).read();
            assertThat(last.body()).isEqualTo("127.0.0.1");
            assertThat(last.closes()).isFalse();
        }
    }

    @Test
    void connectionCloseHttp10AndAnUnansweredRequestEndTheConnection() throws Exception {
        InetSocketAddress at = start(SMALL);
        try (RawClient c = new RawClient(at)) {
            RawClient.Response r = c.send(head("GET /echo", "Connection: close")).read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.closes()).isTrue();
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = new RawClient(at)) {
            // an HTTP/1.0 client cannot read chunks: a body of unknown length ends with the connection
            RawClient.Response r = c.send("GET /stream HTTP/1.0\r\n\r\n").read();
            assertThat(r.header("Transfer-Encoding")).isNull();
            assertThat(r.body()).isEqualTo("abcd");
        }
        try (RawClient c = new RawClient(at)) {
            RawClient.Response r = c.send(head("GET /silent")).read();
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.closes()).isTrue();
        }
    }

    /**
     * A handler's reason phrase goes out in the status line (rspamc shows nothing else of a
     * refusal), made safe: a line break in it cannot end the line and add a header field, bytes
     * past ASCII become '?', and a long one is cut. Without one, the usual phrase.
     */
    @Test
    void aHandlersReasonPhraseIsSentMadeSafe() throws Exception {
        InetSocketAddress at = start(SMALL);
        try (RawClient c = new RawClient(at)) {
            RawClient.Response r = c.send(head("GET /reason", "X-Reason: message too large: the limit is 10 bytes")).read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.reason()).isEqualTo("message too large: the limit is 10 bytes");
            assertThat(r.body()).isEqualTo("refused");
            // obs-fold is refused by the head reader, so the line break comes from the handler's own text here
            assertThat(Reason.phrase(400, "one\r\nX-Injected: yes, j\u00f6rg\u202e")).isEqualTo("one??X-Injected: yes, j?rg?");
            assertThat(Reason.phrase(400, "x".repeat(500))).hasSize(Reason.MAX_LENGTH + 3).endsWith("...");
            assertThat(Reason.phrase(400, " \r\n")).isEqualTo("??");
            assertThat(Reason.phrase(400, "")).isEqualTo("Bad Request");
            assertThat(Reason.phrase(413, null)).isEqualTo("Content Too Large");
        }
        try (RawClient c = new RawClient(at)) {
            RawClient.Response r = c.send(head("GET /echo", "X-Reason: ignored")).read();
            assertThat(r.reason()).isEqualTo("OK");
        }
    }

    /**
     * A client that writes its whole body before it reads (rspamc) sees the refusal of an upload
     * only if the server reads the body off: closing on unread input makes TCP reset the
     * connection, and the client's write fails with "Broken pipe" before it reads a word. So the
     * rest of a declared body is read and dropped, also past the 4 MB linger (here 20 MB), but
     * never kept; a client that stops sending is closed on within the linger's 2 s.
     */
    @Test
    void aRefusedUploadIsReadOffToItsDeclaredEndAndAStalledOneIsClosedOn() throws Exception {
        InetSocketAddress at = start(SMALL.withTimes(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(5)));
        long size = 20L << 20;
        try (RawClient c = new RawClient(at)) {
            c.send("POST /refuse HTTP/1.0\r\nContent-Length: " + size + "\r\n\r\n");
            byte[] chunk = new byte[64 * 1024];
            for (long sent = 0; sent < size; sent += chunk.length) c.send(chunk);
            RawClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).isEqualTo("too big");
        }
        try (RawClient c = new RawClient(at)) {
            RawClient.Response r = c.send(head("POST /refuse", "Content-Length: 100000000") + "x".repeat(1000)).read();
            assertThat(r.status()).isEqualTo(413);
            long t0 = System.nanoTime();
            assertThat(c.closedByServer()).isTrue();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000L);
        }
    }

    @Test
    void anUnreadBodyIsReadOffWhenSmallAndClosesTheConnectionWhenNot() throws Exception {
        InetSocketAddress at = start(SMALL);
        try (RawClient c = new RawClient(at)) {
            String small = "x".repeat(1000);
            RawClient.Response r = c.send(head("POST /ignore", "Content-Length: 1000") + small).read();
            assertThat(r.closes()).isFalse();
            assertThat(c.send(head("GET /echo")).read().body()).isEqualTo("GET 0 ");
        }
        try (RawClient c = new RawClient(at)) {
            RawClient.Response r = c.send(head("POST /ignore", "Content-Length: 10000000")).read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.closes()).isTrue();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    /**
     * A small body the handler left unread is read off to keep the connection, and the answer was
     * sent only after it: a client slow with the rest of its body (or sending less than it
     * declared) got no answer at all, and the connection was closed at the deadline with the
     * answer still unsent.
     */
    @Test
    void theAnswerGoesOutBeforeAnUnreadBodyIsReadOff() throws Exception {
        InetSocketAddress at = start(SMALL.withTimes(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5)));
        try (RawClient c = new RawClient(at)) {
            long start = System.nanoTime();
            RawClient.Response r = c.send(head("POST /ignore", "Content-Length: 1000") + "the first part").read();
            assertThat(r.body()).isEqualTo("ignored");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered at once").isLessThan(Duration.ofSeconds(3));
            // the rest then comes, and the connection carries the next request
            c.send("x".repeat(1000 - "the first part".length()));
            assertThat(c.send(head("GET /echo")).read().body()).isEqualTo("GET 0 ");
        }
    }

    @Test
    void chunkedUploadsWithExtensionsAndTrailersAreReadAndBadOnesEndTheConnection() throws Exception {
        InetSocketAddress at = start(SMALL);
        try (RawClient c = new RawClient(at)) {
            RawClient.Response r = c.send(head("POST /echo", "Transfer-Encoding: chunked")
                    + "5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Checksum: 1\r\n\r\n").read();
            assertThat(r.body()).isEqualTo("POST 16 hello 0123456789");
            assertThat(c.send(head("GET /echo")).read().body()).isEqualTo("GET 0 ");
        }
        for (String bad : List.of("zz\r\nhello\r\n0\r\n\r\n", "5\r\nhelloXX0\r\n\r\n", "ffffffffffffffff\r\n")) {
            try (RawClient c = new RawClient(at)) {
                RawClient.Response r = c.send(head("POST /echo", "Transfer-Encoding: chunked") + bad).read();
                assertThat(r.status()).as(bad).isEqualTo(500);
                assertThat(r.closes()).as(bad).isTrue();
            }
        }
    }

    /**
     * Chunked framing is CRLF only: bare LFs in it (and blanks before a chunk size) were taken,
     * so a proxy in front that reads them as data, as some do, saw other chunks than this server,
     * and a request hidden in one body could be answered as a request of its own. So were bare
     * CRs in a chunk extension or a trailer field, which a proxy that ends lines at a CR reads as
     * the end of a line (RFC 9112 2.2: a bare CR is invalid).
     */
    @Test
    void chunkFramingWithBareLineFeedsOrBlanksBeforeASizeEndsTheConnection() throws Exception {
        InetSocketAddress at = start(SMALL);
        for (String bad : List.of("5\nhello\r\n0\r\n\r\n", "5\r\nhello\n0\r\n\r\n", "5\r\nhello\r\n0\n\r\n",
                "5\r\nhello\r\n0\r\nX-Checksum: 1\n\r\n", "5\r\nhello\r\n0\r\n\n", " 5\r\nhello\r\n0\r\n\r\n",
                // a bare CR (or another control character) in an extension or a trailer: a proxy may end the line there
                "5;a=b\rc\r\nhello\r\n0\r\n\r\n", "5\r\nhello\r\n0;x\r\r\n\r\n", "5\r\nhello\r\n0\r\nX: a\r\r\n\r\n",
                "5;a=\u0000\r\nhello\r\n0\r\n\r\n")) {
            try (RawClient c = new RawClient(at)) {
                RawClient.Response r = c.send(head("POST /echo", "Transfer-Encoding: chunked") + bad
                        + head("GET /echo")).read();
                assertThat(r.status()).as(bad).isEqualTo(500); // the handler's read failed; the service answers 400
                assertThat(r.closes()).as(bad).isTrue();
                assertThat(c.closedByServer()).as(bad).isTrue();
            }
        }
        try (RawClient c = new RawClient(at)) {
            // blanks after a size, before its extension or the line's end, are what HTTP allows
            RawClient.Response r = c.send(head("POST /echo", "Transfer-Encoding: chunked") + "5 ;a=b\r\nhello\r\n0\t\r\n\r\n").read();
            assertThat(r.body()).isEqualTo("POST 5 hello");
        }
    }

    // ---------------------------------------------------------------- Expect: 100-continue

    @Test
    void continueIsSentWhenTheHandlerReadsTheBodyAndNeverForARefusal() throws Exception {
        InetSocketAddress at = start(SMALL);
        try (RawClient c = new RawClient(at)) {
            // curl's form for a big upload: it waits (up to a second) for 100 before sending the body
            c.send(head("POST /echo", "Content-Length: 5", "Expect: 100-continue"));
            assertThat(c.read().status()).isEqualTo(100);
            RawClient.Response r = c.send("hello").read();
            assertThat(r.body()).isEqualTo("POST 5 hello");
            assertThat(r.closes()).isFalse();
        }
        try (RawClient c = new RawClient(at)) {
            RawClient.Response r = c.send(head("POST /refuse", "Content-Length: 100000000", "Expect: 100-continue")).read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.closes()).isTrue();
        }
        try (RawClient c = new RawClient(at)) {
            // not invited, the client may or may not send the body: only closing the connection is unambiguous
            RawClient.Response r = c.send(head("POST /ignore", "Content-Length: 5", "Expect: 100-continue")).read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.closes()).isTrue();
        }
    }

    @Test
    void theJdkClientUploadsAMegabyteWithExpectContinue() throws Exception {
        InetSocketAddress at = start(SMALL.withTimes(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10)));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + "/echo"))
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1 << 20])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("POST " + (1 << 20));
    }

    // ---------------------------------------------------------------- deadlines

    @Test
    void aClientTricklingItsHeadIsCutOffAtTheRequestTimeLimit() throws Exception {
        InetSocketAddress at = start(SMALL);
        // taken before the connection: the server's clock for the head starts after it, so a test
        // thread that the machine's load held back before it read the time does not count short
        long t0 = System.nanoTime();
        try (RawClient slow = new RawClient(at)) {
            slow.send("GET /echo HTTP/1.1\r\nHost: x\r\n");
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        slow.send("X" + i + ": y\r\n");
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException cutOff) {
                    // the server closed the connection: expected
                }
            });
            // meanwhile others are served at once
            try (RawClient other = new RawClient(at)) {
                assertThat(other.send(head("GET /echo")).read().status()).isEqualTo(200);
            }
            assertThat(slow.closedByServer()).isTrue();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(millis).isBetween(800L, 5000L); // 1 s, and the head alone would have taken 10
            trickle.join();
        }
    }

    @Test
    void idleConnectionsAreClosedAfterTheIdleLimit() throws Exception {
        InetSocketAddress at = start(SMALL);
        try (RawClient c = new RawClient(at)) {
            // taken before the request: the idle time starts once the answer is sent, and reading the
            // clock after reading the answer counted short when the test thread was held back
            long t0 = System.nanoTime();
            assertThat(c.send(head("GET /echo")).read().status()).isEqualTo(200);
            assertThat(c.closedByServer()).isTrue();
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(800L, 5000L);
        }
    }

    @Test
    void manySlowUploadsAreAllCutOffWhileOthersAreServed() throws Exception {
        InetSocketAddress at = start(SMALL.withTimes(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3)));
        List<RawClient> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) { // S5: 1,000 slow uploads
                slow.add(new RawClient(at).send(head("POST /echo", "Content-Length: 1000") + "only a start"));
            }
            long t0 = System.nanoTime();
            try (RawClient c = new RawClient(at)) {
                assertThat(c.send(head("GET /echo")).read().status()).isEqualTo(200);
            }
            // served while the slow ones still wait for their bodies, judged by the server's own clock:
            // the newest slow upload's 3 s began after it was sent, just before this request, so it is
            // cut off only if answering this one took 3 s. A server that serves others only as slow
            // ones are cut off answers after that. (A time read here on the test's clock also counted
            // whatever held the test thread back on a loaded machine.)
            assertThat(slow.getLast().stillOpen()).as("the newest slow upload is still being read").isTrue();
            for (RawClient s : slow) assertThat(s.closedByServer()).isTrue();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(9000);
        } finally {
            for (RawClient s : slow) s.close();
        }
    }

    @Test
    void stopClosesConnectionsAndRefusesNewOnes() throws Exception {
        InetSocketAddress at = start(SMALL.withTimes(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30)));
        try (RawClient c = new RawClient(at)) {
            assertThat(c.send(head("GET /echo")).read().status()).isEqualTo(200);
            server.stop(0);
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new RawClient(at).close())).isInstanceOf(IOException.class);
    }
}
