package org.bayard.http.wire;

import com.sun.net.httpserver.Headers;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.time.Duration;

/**
 * One client connection: reads requests one after another (pipelined ones wait in the buffer),
 * hands each to its context's handler, and answers itself what no handler should see: heads over
 * a limit (414, 431) or unreadable (400, 501, 505). Every phase runs under a {@link Deadline}.
 */
final class Connection implements Runnable {
    /**
     * After a response that ends the connection the client may still be sending (the rest of a
     * refused 1 MB header or body). Closing with unread input makes TCP reset the connection, and
     * a reset can destroy the response before the client reads it, so input is read and dropped
     * for a while first.
     */
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final long LINGER_BYTES = 4L << 20;
    /**
     * How much of a body whose length the client declared is read off and dropped after a refusal
     * (413, 401): all of it, up to this. A client that writes its whole body before it reads the
     * answer (rspamc does, over HTTP/1.0) otherwise gets a reset on its write and shows "Broken
     * pipe" instead of the refusal. Nothing read off is kept, and no worker slot is held meanwhile;
     * a client that stops sending is closed on after {@link #LINGER}.
     */
    private static final long DRAIN_BYTES = 128L << 20;

    /**
     * How long a connection may wait for a request, or take to send its head, while the server is
     * crowded: a real client sends its head at once, and silent or trickling connections must not
     * keep the MTA's checks out when they fill the server.
     */
    static final Duration HURRIED = Duration.ofSeconds(5);

    private final Http1Server server;
    private final Socket socket;
    private final Limits limits;
    private final Deadline deadline;
    private BodyWaits waits;
    /** Set once the connection runs; read by a stop looking for stalled writes. */
    private volatile AnswerWrites writes;
    private volatile boolean busy;
    /** Whether the connection speaks HTTPS: its requests say so to their handlers ({@link Http1Server#OVER_TLS}). */
    private boolean overTls;
    /** The request under way has begun its answer: cut now, its client gets part of one. */
    private volatile boolean answering;
    /** The deadline phase of the answer under way (or the last one): its running out cut the answer. */
    private volatile long answerPhase;
    /** A stop closed the connection because its client took nothing of a write for a while: the answer was cut part-way. */
    private volatile boolean cutAsWritesStalled;
    /** What the connection is doing, for a stop to bound what a client may still hold (under this object's lock). */
    private Phase phase = Phase.WAITING;

    private enum Phase {
        /** For a request: a stop leaves it open, to answer 503 whatever comes before the connection is closed. */
        WAITING,
        /** Reading a request's head: a stop gives it until its cut-off to arrive whole. */
        HEAD,
        /** The head is in and a handler has the request; its body, if still arriving, is held to the cut-off by {@link BodyWaits}. */
        HANDLING,
        /** Reading off and dropping what the client still sends before the close. */
        LINGERING
    }

    Connection(Http1Server server, Socket socket, Limits limits) {
        this.server = server;
        this.socket = socket;
        this.limits = limits;
        this.deadline = new Deadline(socket);
    }

    @Override
    public void run() {
        try (socket) {
            socket.setTcpNoDelay(true); // a response is flushed whole; waiting to merge packets only adds latency
            Socket io = secured();
            waits = new BodyWaits(io.getInputStream(), socket, server);
            InputStream in = new BufferedInputStream(waits, 16 * 1024);
            writes = new AnswerWrites(io.getOutputStream(), socket::isClosed);
            OutputStream out = new ResponseBuffer(writes, 16 * 1024);
            LineReader lines = new LineReader(in);
            HeadReader heads = new HeadReader(limits);
            boolean open = true;
            while (open) {
                waits.noBody();
                socket.setSoTimeout(0); // waiting for a request and reading its head: the deadline alone bounds them
                deadline.restart(server.crowded() ? shorter(limits.idle(), HURRIED) : limits.idle(), true);
                enter(Phase.WAITING);
                if (!requestBegins(in)) break;
                // settled as its first bytes are in, before it counts as busy: a stop that begins from
                // here on finds a request arriving (given the cut-off), not one to refuse
                boolean beganAfterStop = server.stopping();
                busy = true;
                try {
                    long began = System.nanoTime();
                    deadline.restart(server.crowded() ? shorter(limits.requestTime(), HURRIED) : limits.requestTime(), true);
                    enter(Phase.HEAD);
                    if (beganAfterStop) {
                        // it began after the stop did: nothing of it is done, and the client may send it elsewhere
                        refuseAtStop(out);
                        linger(in, -1);
                        break;
                    }
                    open = serve(heads, lines, in, out, began);
                } finally {
                    answering = false;
                    busy = false;
                }
            }
        } catch (IOException e) {
            // the client went away, or a deadline closed the socket: there is no one left to answer
        } finally {
            deadline.cancel();
            server.forget(this);
        }
    }

    /**
     * The connection to speak over: the socket itself, or, when the server speaks HTTPS, TLS over
     * it, its handshake bounded as a request's head is (a client that starts one and stalls is cut
     * off). The socket stays what deadlines and stops close, and what the timeouts are set on: an
     * SSLSocket's close would first wait to send its alert behind a stalled write.
     */
    private Socket secured() throws IOException {
        SSLContext tls = server.tls();
        if (tls == null) return socket;
        deadline.restart(limits.requestTime(), true);
        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), false);
        secure.setUseClientMode(false);
        secure.startHandshake();
        overTls = true;
        return secure;
    }

    /** Reads and answers one request; false when the connection is to close. */
    private boolean serve(HeadReader heads, LineReader lines, InputStream in, OutputStream out, long began) throws IOException {
        RequestHead head;
        try {
            head = heads.read(lines);
        } catch (Refusal r) {
            refuse(out, r.status, r.getMessage());
            linger(in, -1);
            return false;
        }
        if (head == null) return false;
        // The head is in: no longer a head arriving, which a stop bounds by closing at its cut-off.
        // Entered before the restart below, so that a stop beginning now cannot shorten the new
        // deadline to the cut-off: closed by it there, a body still arriving got no answer where
        // its reads give it a 503 (BodyWaits.CutAtStop).
        enter(Phase.HANDLING);
        // the rest of the request's time, which a crowd no longer shortens
        deadline.restart(limits.requestTime().minusNanos(System.nanoTime() - began));
        Context context = server.contextFor(head.uri());
        if (context == null) {
            refuse(out, 404, "not found");
            linger(in, head.bodyLength() == RequestHead.CHUNKED ? -1 : head.bodyLength());
            return false;
        }
        // from here until the answer starts, reads are of the body: each may wait so long for its next byte
        waits.body(limits.bodyStall());
        RequestBody body = RequestBody.of(head, in);
        Exchange exchange = new Exchange(this, head, context, body, out);
        if (overTls) exchange.setAttribute(Http1Server.OVER_TLS, Boolean.TRUE);
        try {
            context.handle(exchange);
        } catch (IOException | RuntimeException e) {
            exchange.fail(); // close() below still answers 500 if the handler never answered
        }
        exchange.close();
        if (!exchange.closesConnection()) return true;
        linger(in, body.knownRest());
        return false;
    }

    /** Waits for the first byte of the next request without taking it; false when the client closed instead. */
    private static boolean requestBegins(InputStream in) throws IOException {
        in.mark(1);
        if (in.read() < 0) return false;
        in.reset();
        return true;
    }

    /** A request that began once the server was stopping: 503, and the client may send it again, to this server or another. */
    private void refuseAtStop(OutputStream out) throws IOException {
        refuse(out, 503, "the server is stopping; send the request again", "1");
    }

    private void refuse(OutputStream out, int status, String message) throws IOException {
        refuse(out, status, message, null);
    }

    private void refuse(OutputStream out, int status, String message, String retryAfter) throws IOException {
        server.refused(status, remote()); // before the answer, so the log has it by the time the client reads it
        byte[] body = ErrorAnswer.body(message);
        Headers h = ErrorAnswer.headers(body);
        if (retryAfter != null) h.set("Retry-After", retryAfter);
        deadline.restart(limits.responseTime());
        ResponseHead.write(out, status, Reason.phrase(status, message), h);
        out.write(body);
        out.flush();
    }

    /**
     * Sends our FIN, then reads and drops input until the client closes too: for {@link #LINGER} and
     * {@link #LINGER_BYTES} at most, or when the client declared {@code declaredRest} more bytes of
     * body, for as long as it keeps sending them (a pause of {@link #LINGER} ends it), up to
     * {@link #DRAIN_BYTES} and the time a whole request may take.
     */
    private void linger(InputStream in, long declaredRest) {
        long budget = Math.max(LINGER_BYTES, Math.min(declaredRest, DRAIN_BYTES));
        // a stopping server reads off no whole body: the client has its answer, and the stop must not wait for the rest
        deadline.restart(declaredRest > 0 && !server.stopping() ? limits.requestTime() : LINGER);
        enter(Phase.LINGERING);
        try {
            waits.noBody();
            socket.shutdownOutput();
            socket.setSoTimeout((int) LINGER.toMillis());
            byte[] buf = new byte[16 * 1024];
            for (long dropped = 0; dropped < budget; ) {
                int n = in.read(buf);
                if (n < 0) return;
                dropped += n;
            }
        } catch (IOException e) {
            // the client reset the connection or the deadline closed it: either way it ends here
        }
    }

    /** The exchange's response has started: from now on the response time limit applies. */
    void responding() throws IOException {
        answering = true;
        deadline.restart(limits.responseTime());
        answerPhase = deadline.phase();
        waits.noBody();
        socket.setSoTimeout(0); // what is read off after the answer is the linger's or the drain's to bound
    }

    /** The answer is out and the rest of a small body is read off: each read waits as a body's do. */
    void readingBodyRest() {
        waits.body(limits.bodyStall());
    }

    /** How long a read of the request body may wait for its next byte. */
    Duration bodyStall() {
        return limits.bodyStall();
    }

    /** How long a request still arriving at a stop has to arrive whole (see {@link Http1Server#atStop}). */
    Duration atStop() {
        return limits.atStop();
    }

    boolean stopping() {
        return server.stopping();
    }

    /** The server is crowded: a phase in which the client has sent no whole head yet is cut to {@link #HURRIED}. */
    void hurry() {
        deadline.hurry(HURRIED);
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Whether a request is being read or answered; a stopping server gives these time to finish. */
    boolean busy() {
        return busy;
    }

    /** Whether a request is under way and its answer has begun. */
    boolean answering() {
        return busy && answering;
    }

    /**
     * During a stop: whether a write to the client has waited {@code limit} (counted from the stop
     * at the earliest, at {@code stopBegan}) with nothing taken, the client having stopped reading.
     * A response only being written to a client that does not read is no work worth holding the
     * stop for, where one the client takes, however slowly, goes on: {@link #cutAsStalled} it.
     */
    boolean writesStalled(long now, long stopBegan, Duration limit) {
        AnswerWrites w = writes;
        if (w == null) return false;
        long waited = w.waitingFor(now);
        return waited >= 0 && Math.min(waited, now - stopBegan) >= limit.toNanos();
    }

    /** Closes the connection whose {@link #writesStalled}, cutting the answer under way. */
    void cutAsStalled() {
        cutAsWritesStalled = true; // before the close: the handler's failed write then finds it said
        abandon();
    }

    /** Whether {@link #cutAsStalled} closed the connection, cutting the answer under way. */
    boolean cutAsWritesStalled() {
        return cutAsWritesStalled;
    }

    /** Whether the answer under way ran out of {@link Limits#responseTime}, which closed the connection under it. */
    boolean answerRanOutOfTime() {
        return deadline.ranOut(answerPhase);
    }

    /** Bytes of answers the socket has taken so far. */
    long written() {
        AnswerWrites w = writes;
        return w == null ? 0 : w.written();
    }

    /** Whether the socket was closed on this side (by a stop, a deadline, an interrupt). */
    boolean closedHere() {
        return socket.isClosed();
    }

    /** Whether a write of an answer failed as the client had closed or reset the connection. */
    boolean clientWentAway() {
        AnswerWrites w = writes;
        return w != null && w.clientWentAway();
    }

    InetSocketAddress remote() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    /** The client's address; still known after the socket has closed. */
    java.net.InetAddress clientAddress() {
        return socket.getInetAddress();
    }

    InetSocketAddress local() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /**
     * Enters {@code next}. A stop that began before is applied
     * here, one that begins after by {@link #stopBegins}: under this object's lock, so that no
     * phase misses it.
     */
    private synchronized void enter(Phase next) {
        phase = next;
        if (server.stopping()) bound();
    }

    /**
     * A stop begins: a head still arriving, and lingering, get until the stop's cut-off; the
     * connection otherwise stays as it is (waiting: to answer 503 to what comes; handling: to
     * answer the request it has).
     */
    synchronized void stopBegins() {
        bound();
    }

    private void bound() {
        if (phase == Phase.HEAD) deadline.shorten(Duration.ofNanos(Math.max(server.arrivalCutOff() - System.nanoTime(), 0)));
        if (phase == Phase.LINGERING) deadline.shorten(LINGER);
    }

    /** Closes the socket from outside (the server is stopping); the connection's own thread then ends. */
    void abandon() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
