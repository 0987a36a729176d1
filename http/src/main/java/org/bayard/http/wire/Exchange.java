package org.bayard.http.wire;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One request and its response, as the JDK's HttpExchange contract describes them: the handler
 * reads the body, calls {@link #sendResponseHeaders} (length &gt; 0 fixed, 0 chunked, -1 none),
 * writes the body and closes.
 *
 * <p>Two decisions are made here rather than in the handler. "100 Continue" goes out only when
 * the handler first reads the body, so a request refused on its head (401, 413) never invites the
 * upload. And whether the connection can carry another request is settled when the response
 * starts, so a {@code Connection: close} header is sent whenever the server will close: when the
 * client or the handler asked for it, or when the unread rest of the body is unknown or too big to
 * read off.
 */
final class Exchange extends HttpExchange {
    /** An unread request body at most this big is read off after the response, to keep the connection. */
    static final long DRAIN_LIMIT = 64 * 1024;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final Connection connection;
    private final RequestHead head;
    private final Context context;
    private final RequestBody body;
    private final OutputStream out;
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private InputStream handlerIn = new BodyReader();
    private OutputStream handlerOut = new BodyWriter();
    private boolean continueSent;
    private int responseCode = -1;
    /** {@link Connection#written} when the response head began: what the socket takes past it is this answer's. */
    private long answerFrom = -1;
    private ResponseBody responseBody;
    private boolean closeConnection;
    private boolean closed;
    private boolean failed;
    /** The body made no progress for the stall limit: the answer is 408 and the connection closes. */
    private boolean stalled;
    /** The body was still arriving at a stop's cut-off: the answer is 503 and the connection closes. */
    private boolean cutAtStop;
    /** What failed sending the last of an answer the handler had written whole, in {@link #close}; null while nothing has. */
    private IOException endFailed;

    Exchange(Connection connection, RequestHead head, Context context, RequestBody body, OutputStream out) {
        this.connection = connection;
        this.head = head;
        this.context = context;
        this.body = body;
        this.out = out;
    }

    /** Whether a stop cut this exchange's answer part-way, its client having taken nothing of it for a while. */
    boolean cutAsWritesStalled() {
        return connection.cutAsWritesStalled();
    }

    /** Whether this exchange's answer failed part-way as its client closed or reset the connection. */
    boolean clientWentAway() {
        return connection.clientWentAway();
    }

    /** Whether this exchange's answer, begun, was cut as it took longer to send than the response time limit. */
    boolean answerRanOutOfTime() {
        return responseCode >= 0 && connection.answerRanOutOfTime();
    }

    /**
     * Whether none of this exchange's answer reached the client and none can: the connection was
     * closed on this side (a stop's end) before the socket took any of it.
     */
    boolean nothingSent() {
        return connection.closedHere() && (responseCode < 0 || connection.written() <= answerFrom);
    }

    /**
     * What failed sending the last of the answer once its handler had written it whole (what the
     * buffer held, a chunked body's end; all of an answer without a body), null when nothing did.
     */
    IOException endFailed() {
        return endFailed;
    }

    /** Whether this exchange's answer began and the socket took none of it. */
    boolean noneTaken() {
        return responseCode >= 0 && connection.written() <= answerFrom;
    }

    /** Whether the connection must close after this exchange rather than read another request. */
    boolean closesConnection() {
        return closeConnection;
    }

    /**
     * The handler failed: whatever it sent, the connection is not to be trusted with another
     * request, and a body already started is left unended, so that the client sees it cut short.
     */
    void fail() {
        closeConnection = true;
        failed = true;
    }

    @Override
    public void sendResponseHeaders(int status, long length) throws IOException {
        if (responseCode >= 0) throw new IOException("response headers already sent");
        if (status < 200 || status > 999) throw new IllegalArgumentException("not a final status: " + status);
        responseHeaders.remove("Content-Length");
        responseHeaders.remove("Transfer-Encoding");
        ResponseBody framed = frame(status, length);
        closeConnection |= !head.keepAlive() || RequestHead.hasToken(responseHeaders, "Connection", "close")
                || !bodyCanBeReadOff() || connection.stopping();
        if (closeConnection) responseHeaders.set("Connection", "close");
        if (!responseHeaders.containsKey("Date")) responseHeaders.set("Date", ResponseHead.date());
        connection.responding();
        answerFrom = connection.written();
        responseCode = status;
        responseBody = framed;
        ResponseHead.write(out, status, Reason.phrase(status, attributes.get(Reason.ATTRIBUTE)), responseHeaders);
    }

    /** Picks the body's framing and sets the header that announces it. */
    private ResponseBody frame(int status, long length) {
        boolean headRequest = head.method().equals("HEAD");
        if (status == 204 || status == 304) return new FixedLengthResponse(out, 0); // never a body, never a length
        if (headRequest || length < 0) {
            // HEAD reports the length a GET would get, when the handler gave one; other bodiless answers say 0
            if (!headRequest || length > 0) responseHeaders.set("Content-Length", String.valueOf(Math.max(length, 0)));
            return new FixedLengthResponse(out, 0);
        }
        if (length > 0) {
            responseHeaders.set("Content-Length", String.valueOf(length));
            return new FixedLengthResponse(out, length);
        }
        if (head.http11()) {
            responseHeaders.set("Transfer-Encoding", "chunked");
            return new ChunkedResponse(out);
        }
        closeConnection = true;
        return new UntilCloseResponse(out);
    }

    private boolean bodyCanBeReadOff() {
        if (body.finished()) return true;
        // a client still waiting for "100 Continue" may or may not send the body now: only closing is unambiguous
        return !(head.expectsContinue() && !continueSent) && body.restAtMost(DRAIN_LIMIT);
    }

    /**
     * Ends the exchange: answers 500 if the handler never answered, ends the response body, sends
     * what is buffered, then reads off a small unread request body to keep the connection. Errors
     * here only mean the connection closes.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        boolean answered = responseCode >= 0 && !failed;
        try {
            if (responseCode < 0) {
                closeConnection = true;
                if (cutAtStop) responseHeaders.set("Retry-After", "1");
                sendResponseHeaders(cutAtStop ? 503 : stalled ? 408 : 500, -1);
            } else if (failed) {
                out.flush(); // no last chunk, no padding: the connection's close tells the client it is incomplete
                return;
            }
            responseBody.close();
            if (!responseBody.complete()) closeConnection = true;
            // the answer first: a client slow with the rest of its body must not wait for it
            out.flush();
            if (!closeConnection) {
                connection.readingBodyRest(); // bounded as the body was: a client trickling it must not hold a stop
                body.discardRest();
            }
        } catch (IOException e) {
            closeConnection = true;
            if (answered) endFailed = e; // the handler, done, never sees it: its log line asks here
        } catch (RuntimeException e) {
            closeConnection = true;
        }
    }

    /** The body as the handler reads it: the first read sends "100 Continue" to a client waiting for it. */
    private final class BodyReader extends InputStream {
        @Override
        public int read() throws IOException {
            invite();
            try {
                return body.read();
            } catch (java.net.SocketTimeoutException e) {
                throw stall();
            } catch (BodyWaits.CutAtStop e) {
                throw cut();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            invite();
            try {
                return body.read(b, off, len);
            } catch (java.net.SocketTimeoutException e) {
                throw stall();
            } catch (BodyWaits.CutAtStop e) {
                throw cut();
            }
        }

        /** The client stopped sending: what is left of the body will not come, and nothing after it can be read. */
        private BodyStalled stall() {
            stalled = true;
            closeConnection = true;
            return new BodyStalled("request body stalled: nothing arrived for " + connection.bodyStall().toSeconds() + " s");
        }

        /** The server is stopping and the body did not arrive by the stop's cut-off: the client may send the request again. */
        private BodyCutAtStop cut() {
            cutAtStop = true;
            closeConnection = true;
            return new BodyCutAtStop("the server is stopping and the request body did not arrive within "
                    + Seconds.of(connection.atStop()) + "; send the request again");
        }

        @Override
        public int available() throws IOException {
            return body.available();
        }

        private void invite() throws IOException {
            if (continueSent || !head.expectsContinue() || responseCode >= 0) return;
            continueSent = true;
            out.write(CONTINUE);
            out.flush();
        }
    }

    /** The response body as the handler writes it: usable once the headers are sent. */
    private final class BodyWriter extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            started().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            started().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (responseBody != null) out.flush();
        }

        @Override
        public void close() throws IOException {
            if (responseBody != null) responseBody.close();
        }

        private ResponseBody started() throws IOException {
            if (responseBody == null) throw new IOException("send the response headers before the body");
            return responseBody;
        }
    }

    // ---------------------------------------------------------------- the rest of the HttpExchange contract

    @Override
    public Headers getRequestHeaders() {
        return head.headers();
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return head.uri();
    }

    @Override
    public String getRequestMethod() {
        return head.method();
    }

    @Override
    public HttpContext getHttpContext() {
        return context;
    }

    @Override
    public InputStream getRequestBody() {
        return handlerIn;
    }

    @Override
    public OutputStream getResponseBody() {
        return handlerOut;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return connection.remote();
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return connection.local();
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    @Override
    public String getProtocol() {
        return head.protocol();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream in, OutputStream out) {
        if (in != null) handlerIn = in;
        if (out != null) handlerOut = out;
    }

    /** Always null: there are no authenticators (see {@link Context#setAuthenticator}). */
    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }
}
