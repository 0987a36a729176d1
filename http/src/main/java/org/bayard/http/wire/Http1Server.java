package org.bayard.http.wire;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 server behind the JDK's {@link HttpServer} API, so handlers written for the JDK's
 * server run unchanged. It exists for what the JDK's server cannot do: answer a request head over
 * its limits with 431 or 414 (the JDK's server drops the connection before any handler runs),
 * send "100 Continue" only when the handler reads the body, and put a deadline on each phase of a
 * connection. See {@link Limits}.
 *
 * <p>The executor runs one task per connection, which reads that connection's requests and calls
 * the handler for each in turn; it must not be a small fixed pool. Without one, each connection
 * gets a virtual thread. Handlers answer before they return (the exchange is closed after).
 * Authenticators are not supported.
 */
public final class Http1Server extends HttpServer {
    /** The attribute of an exchange that came over the server's own HTTPS (Boolean.TRUE); absent over plain HTTP. */
    public static final String OVER_TLS = "org.bayard.http.tls";

    /** Told of each request the server answers itself (a head over a limit or unreadable), for logs and metrics. */
    public interface RefusalListener {
        void refused(int status, InetSocketAddress client);
    }

    /** How long a connection refused for being over a cap stays open for its answer to be read. */
    private static final Duration REFUSAL_LINGER = Duration.ofSeconds(1);
    /** How often a stop looks for stalled writes. */
    private static final long STALL_LOOK_MILLIS = 250;

    private final ServerSocket listener;
    private final Limits limits;
    private final List<Context> contexts = new CopyOnWriteArrayList<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile Executor executor;
    private volatile RefusalListener refusals = (status, client) -> {};
    private volatile ConnectionCaps caps = ConnectionCaps.NONE;
    private volatile boolean stopping;
    /** When a stop's {@link #atStop} runs out for a request still arriving ({@link System#nanoTime}); set before {@link #stopping}. */
    private volatile long arrivalCutOff;
    /** When the stop began ({@link System#nanoTime}); set before {@link #stopping}. */
    private volatile long stopBegan;
    /** Connections closed during the stop because their client took nothing of a write for {@link #atStop}. */
    private final java.util.concurrent.atomic.AtomicInteger stalledAtStop = new java.util.concurrent.atomic.AtomicInteger();
    private Thread acceptor;
    /** The certificate HTTPS is spoken with, for each connection from its first byte; null for plain HTTP. Replaced at a reload. */
    private volatile javax.net.ssl.SSLContext tls;

    private Http1Server(ServerSocket listener, Limits limits) {
        this.listener = listener;
        this.limits = limits;
    }

    public static Http1Server bind(InetSocketAddress address, int backlog, Limits limits) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(address, backlog);
        } catch (java.net.BindException e) {
            s.close();
            // the JDK's message names no address: "Address already in use"
            throw new java.net.BindException("cannot listen on " + address.getHostString() + ":" + address.getPort()
                    + ": " + String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT));
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new Http1Server(s, limits);
    }

    public void onRefusal(RefusalListener listener) {
        refusals = listener;
    }

    /**
     * At most {@code total} connections open at once, and {@code perClient} from one address;
     * the addresses in {@code exempt} (a proxy's, written as {@link java.net.InetAddress#getHostAddress()}
     * gives them) count only towards the total. A connection past either gets 503 at once and is
     * closed. Unlimited until set.
     */
    public synchronized void limitConnections(int total, int perClient, Set<String> exempt) {
        if (acceptor != null) throw new IllegalStateException("limit connections before start()");
        caps = new ConnectionCaps(total, perClient, exempt);
    }

    /** Already bound by {@link #bind(InetSocketAddress, int, Limits)}. */
    @Override
    public void bind(InetSocketAddress address, int backlog) throws IOException {
        throw new BindException("already bound to " + getAddress());
    }

    /** Speaks HTTPS with {@code context}'s certificate from now on: the connections accepted later have it. */
    public void tls(javax.net.ssl.SSLContext context) {
        tls = java.util.Objects.requireNonNull(context, "context");
    }

    /** The certificate HTTPS is spoken with now; null for plain HTTP. */
    public javax.net.ssl.SSLContext tls() {
        return tls;
    }

    @Override
    public synchronized void start() {
        if (acceptor != null) throw new IllegalStateException("already started");
        acceptor = Thread.ofPlatform().daemon().name("bayard-http-accept-" + getAddress().getPort()).start(this::accept);
    }

    private void accept() {
        while (!stopping) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (stopping) return;
                pause(); // out of file descriptors, say: retrying at once would only spin
                continue;
            }
            String overCap = caps.admit(socket.getInetAddress());
            if (overCap != null) {
                refuseOverCap(socket, overCap);
                continue;
            }
            Connection c = new Connection(this, socket, limits);
            connections.add(c);
            if (crowded()) connections.forEach(Connection::hurry);
            if (stopping) {
                c.abandon();
                forget(c);
                return;
            }
            try {
                Executor e = executor;
                if (e == null) Thread.ofVirtual().name("bayard-http-connection").start(c);
                else e.execute(c);
            } catch (RejectedExecutionException full) {
                c.abandon();
                forget(c);
            }
        }
    }

    /**
     * Answers 503 on the acceptor's own thread (a short answer to a new connection fits its send
     * buffer, so the write does not wait) and closes a second later: closing at once, with the
     * client's request unread, would reset the connection and could destroy the answer before the
     * client read it. Nothing is read, so the connection costs no heap meanwhile.
     */
    private void refuseOverCap(Socket socket, String message) {
        InetSocketAddress client = (InetSocketAddress) socket.getRemoteSocketAddress();
        try {
            byte[] body = ErrorAnswer.body(message);
            Headers h = ErrorAnswer.headers(body);
            h.set("Retry-After", "1");
            OutputStream out = socket.getOutputStream();
            ResponseHead.write(out, 503, "Service Unavailable", h);
            out.write(body);
            socket.shutdownOutput();
            new Deadline(socket).restart(REFUSAL_LINGER);
        } catch (IOException e) {
            closeQuietly(socket);
        }
        refused(503, client);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that was wanted
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Begins a stop: stops accepting, and from now on a request that begins on a connection already
     * open is answered 503 with {@code Connection: close} (a closed connection told a client
     * nothing: a stopping server and a crash looked the same), a request still arriving gets until
     * {@link #atStop} from now to arrive whole, and a request whose answer starts now
     * closes its connection after it. A request a handler has is answered first: closed at once,
     * a moderator's release under way went on and finished, and the moderator got no answer and
     * could not tell whether the message went. Connections waiting for a request stay open until
     * {@link #stop}, to answer what comes meanwhile; {@link #requestsUnderWay} says when the drain is over.
     */
    public void stopAccepting() {
        beginStop();
        awaitAcceptor();
        connections.forEach(Connection::stopBegins);
    }

    /**
     * Stops accepting, gives exchanges under way up to {@code delay} seconds to finish, then closes
     * every connection.
     */
    @Override
    public void stop(int delay) {
        if (delay < 0) throw new IllegalArgumentException("negative delay");
        beginStop();
        awaitAcceptor();
        connections.forEach(Connection::stopBegins);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(delay);
        while (System.nanoTime() < end && requestsUnderWay() > 0) pause();
        connections.forEach(Connection::abandon);
    }

    private synchronized void beginStop() {
        if (stopping) return;
        int port = getAddress().getPort(); // while the listener is open
        stopBegan = System.nanoTime();
        arrivalCutOff = stopBegan + limits.atStop().toNanos();
        stopping = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing to stop accepting; nothing more to do
        }
        Thread.ofPlatform().daemon().name("bayard-http-stalled-writes-" + port).start(this::cutStalledWrites);
    }

    /** Until the last connection is gone (none opens once stopping), closes those whose client stopped reading. */
    private void cutStalledWrites() {
        while (!connections.isEmpty()) {
            long now = System.nanoTime();
            for (Connection c : connections) {
                if (c.writesStalled(now, stopBegan, limits.atStop())) {
                    // counted before the cut: the cut ends the request, and a stop that was waiting for
                    // that end reads the count at once (CI once read 0 after a cut, counted a moment late)
                    stalledAtStop.incrementAndGet();
                    c.cutAsStalled();
                }
            }
            try {
                Thread.sleep(STALL_LOOK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The listening socket is only really closed once a thread blocked in accept() has left it. */
    private void awaitAcceptor() {
        Thread t;
        synchronized (this) {
            t = acceptor;
        }
        if (t == null) return;
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean stopping() {
        return stopping;
    }

    /**
     * How long after a stop begins a request that began arriving before it (its head or its body
     * still coming) has to arrive whole, past which it gets 503 (or, its head unfinished, a closed
     * connection); and how long during the stop a write may wait with nothing taken before its
     * connection is closed (a client that stopped reading a download). Either held the whole drain.
     */
    public Duration atStop() {
        return limits.atStop();
    }

    /** When a stop's {@link #atStop} runs out for a request still arriving ({@link System#nanoTime}); meaningful once {@link #stopping}. */
    long arrivalCutOff() {
        return arrivalCutOff;
    }

    /** Connections closed during the stop because their client took nothing of a write for {@link #atStop}. */
    public int stalledAtStop() {
        return stalledAtStop.get();
    }

    /** Connections with a request under way whose answer has begun (cut now, their clients get part of one). */
    public int answersUnderWay() {
        return (int) connections.stream().filter(Connection::answering).count();
    }

    /** Connections with a request under way: from its first byte until its answer is out. */
    public int requestsUnderWay() {
        return (int) connections.stream().filter(Connection::busy).count();
    }

    /**
     * Four fifths of the connections allowed or more are open: connections waiting for a request
     * or sending their head are then given {@link Connection#HURRIED} at most, as the SMTP gate
     * cuts idle sessions under load.
     */
    boolean crowded() {
        return caps.crowded(connections.size());
    }

    void forget(Connection c) {
        if (connections.remove(c)) caps.closed(c.clientAddress());
    }

    void refused(int status, InetSocketAddress client) {
        refusals.refused(status, client);
    }

    /** The context with the longest path that the request's path starts with, or null. */
    Context contextFor(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return contexts.stream().filter(c -> path.startsWith(c.getPath()))
                .max(Comparator.comparingInt(c -> c.getPath().length())).orElse(null);
    }

    @Override
    public synchronized void setExecutor(Executor executor) {
        if (acceptor != null) throw new IllegalStateException("set the executor before start()");
        this.executor = executor;
    }

    @Override
    public Executor getExecutor() {
        return executor;
    }

    @Override
    public HttpContext createContext(String path, HttpHandler handler) {
        if (path == null || !path.startsWith("/")) throw new IllegalArgumentException("a context path starts with /");
        synchronized (contexts) {
            if (contexts.stream().anyMatch(c -> c.getPath().equals(path))) {
                throw new IllegalArgumentException("there is already a context for " + path);
            }
            Context c = new Context(path, handler, this);
            contexts.add(c);
            return c;
        }
    }

    @Override
    public HttpContext createContext(String path) {
        return createContext(path, null);
    }

    @Override
    public void removeContext(String path) {
        if (!contexts.removeIf(c -> c.getPath().equals(path))) throw new IllegalArgumentException("no context for " + path);
    }

    @Override
    public void removeContext(HttpContext context) {
        contexts.remove(context);
    }

    @Override
    public InetSocketAddress getAddress() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }
}
