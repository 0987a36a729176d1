package org.bayard.http.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The head reader on its own, where the bytes it takes from the stream can be counted exactly. */
class HeadReaderTest {
    static final HeadReader READER = new HeadReader(Http1ServerTest.SMALL);

    /** Counts the bytes taken from a stream. */
    static final class Counting extends FilterInputStream {
        long taken;

        Counting(String text) {
            super(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) taken++;
            return b;
        }
    }

    @Test
    void aHugeHeaderIsReadNoFurtherThanTheCap() throws Exception {
        String requestLine = "GET / HTTP/1.1\r\n";
        Counting in = new Counting(requestLine + "X-Big: " + "a".repeat(1 << 20) + "\r\n\r\n");
        Refusal r = catchThrowableOfType(Refusal.class, () -> READER.read(new LineReader(in)));
        assertThat(r.status).isEqualTo(431);
        assertThat(in.taken).isEqualTo(requestLine.length() + 1024 + 1); // the first byte over the cap ends it
    }

    @Test
    void aLongRequestLineIsReadNoFurtherThanItsCap() throws Exception {
        Counting in = new Counting("GET /" + "a".repeat(1 << 20) + " HTTP/1.1\r\n\r\n");
        Refusal r = catchThrowableOfType(Refusal.class, () -> READER.read(new LineReader(in)));
        assertThat(r.status).isEqualTo(414);
        assertThat(in.taken).isEqualTo(256 + 1);
    }

    @Test
    void toleratesWhatHttpAllowsAndLeavesTheBodyInTheStream() throws Exception {
        InputStream in = new ByteArrayInputStream(("\r\n\nPOST /p?q=1 HTTP/1.1\nHost:  x \t\nx-note: y\r\nX-Note: z\r\nContent-Length: 4\r\n\r\nbody")
                .getBytes(StandardCharsets.ISO_8859_1));
        RequestHead head = READER.read(new LineReader(in));
        assertThat(head.method()).isEqualTo("POST");
        assertThat(head.uri().getRawQuery()).isEqualTo("q=1");
        assertThat(head.headers().get("HOST")).containsExactly("x");
        assertThat(head.headers().get("X-NOTE")).containsExactly("y", "z");
        assertThat(head.bodyLength()).isEqualTo(4);
        assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("body");
    }

    /**
     * Two Host fields, even of one value, are refused (RFC 9112 3.2): a proxy in front may route by
     * one while the page's same-origin check compares the Origin with the other.
     */
    @Test
    void twoHostFieldsAreRefused() throws Exception {
        for (String hosts : new String[] {"Host: a\r\nHost: b\r\n", "Host: a\r\nhost: a\r\n"}) {
            InputStream in = new ByteArrayInputStream(("GET / HTTP/1.1\r\n" + hosts + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Refusal r = catchThrowableOfType(Refusal.class, () -> READER.read(new LineReader(in)));
            assertThat(r).as(hosts).isNotNull();
            assertThat(r.status).isEqualTo(400);
        }
    }

    /**
     * An HTTP/1.1 request must carry Host (RFC 9112 3.2: a server MUST answer 400 when it lacks
     * one); an HTTP/1.0 request need not, and rspamc sends none. An empty Host is allowed.
     */
    @Test
    void anHttp11RequestWithoutHostIsRefusedAndAnHttp10OneIsNot() throws Exception {
        for (String request : new String[] {"GET / HTTP/1.1\r\n\r\n", "POST /checkv2 HTTP/1.1\r\nContent-Length: 0\r\n\r\n"}) {
            InputStream in = new ByteArrayInputStream(request.getBytes(StandardCharsets.ISO_8859_1));
            Refusal r = catchThrowableOfType(Refusal.class, () -> READER.read(new LineReader(in)));
            assertThat(r).as(request).isNotNull();
            assertThat(r.status).isEqualTo(400);
            assertThat(r.getMessage()).isEqualTo("no Host field");
        }
        for (String request : new String[] {"POST /checkv2 HTTP/1.0\r\nContent-Length: 0\r\n\r\n", "GET / HTTP/1.1\r\nHost:\r\n\r\n"}) {
            RequestHead head = READER.read(new LineReader(new ByteArrayInputStream(request.getBytes(StandardCharsets.ISO_8859_1))));
            assertThat(head).as(request).isNotNull();
        }
    }

    /**
     * An origin-form target is a path and a query, nothing else (RFC 9112 3.2.1). Java's URI reads
     * "//evil/api/stats" as host "evil" and path "/api/stats", so the service routed it as
     * /api/stats while a proxy in front, matching its rules on the path "//evil/api/stats", did
     * not see a request for /api/. A fragment is no part of a target either.
     */
    @Test
    void anOriginFormTargetThatJavaWouldReadAsAHostOrAFragmentIsRefused() throws Exception {
        for (String target : new String[] {"//evil/api/stats", "//evil", "/api/stats#x", "/#"}) {
            InputStream in = new ByteArrayInputStream(("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Refusal r = catchThrowableOfType(Refusal.class, () -> READER.read(new LineReader(in)));
            assertThat(r).as(target).isNotNull();
            assertThat(r.status).isEqualTo(400);
        }
        RequestHead head = READER.read(new LineReader(new ByteArrayInputStream("GET /a/b?c=//d HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1))));
        assertThat(head.uri().getRawPath()).isEqualTo("/a/b");
        assertThat(head.uri().getRawQuery()).isEqualTo("c=//d");
    }

    /**
     * A Host that is no host and port (RFC 9112 3.2: a server MUST answer 400 to one): a proxy in
     * front may route by one part of "good.example@evil.example" or "a b" while the page's
     * same-origin check compares the Origin with the whole.
     */
    @Test
    void aHostFieldThatIsNoHostAndPortIsRefused() throws Exception {
        for (String host : new String[] {"a b", "good.example@evil.example", "good.example/evil", "a:b", "a:1:2", "[::1", "x\"y", "caf\u00e9.example"}) {
            InputStream in = new ByteArrayInputStream(("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Refusal r = catchThrowableOfType(Refusal.class, () -> READER.read(new LineReader(in)));
            assertThat(r).as(host).isNotNull();
            assertThat(r.status).isEqualTo(400);
        }
        for (String host : new String[] {"", "bayard.example.org", "bayard.example.org:11334", "127.0.0.1:8080", "[::1]:11334", "xn--caf-dma.example"}) {
            RequestHead head = READER.read(new LineReader(new ByteArrayInputStream(("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1))));
            assertThat(head.headers().getFirst("Host")).as(host).isEqualTo(host);
        }
    }

    /**
     * An absolute-form target's host is the request's host (RFC 9112 3.2.2: the server MUST ignore
     * Host then), as a proxy in front takes it; the same-origin check compared the Origin with the
     * Host field instead. Only http and https targets with a host and no user name are taken.
     */
    @Test
    void anAbsoluteFormTargetGivesTheHostAndOtherSchemesOrUserNamesAreRefused() throws Exception {
        RequestHead head = READER.read(new LineReader(new ByteArrayInputStream(
                "GET http://bayard.example:11334/api/stats?x=1 HTTP/1.1\r\nHost: evil.example\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))));
        assertThat(head.headers().get("Host")).containsExactly("bayard.example:11334");
        assertThat(head.uri().getRawPath()).isEqualTo("/api/stats");
        for (String target : new String[] {"ftp://bayard.example/x", "http://user:pw@bayard.example/x", "http:///x", "http:/x", "HTTPS:x"}) {
            InputStream in = new ByteArrayInputStream(("GET " + target + " HTTP/1.1\r\nHost: bayard.example\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Refusal r = catchThrowableOfType(Refusal.class, () -> READER.read(new LineReader(in)));
            assertThat(r).as(target).isNotNull();
            assertThat(r.status).isEqualTo(400);
        }
    }

    @Test
    void aClosedConnectionBetweenRequestsIsNoRequest() throws Exception {
        assertThat(READER.read(new LineReader(new ByteArrayInputStream(new byte[0])))).isNull();
    }
}
