package org.bayard.smtp;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The listening socket: one virtual thread per connection, connection limits in total and per
 * client address enforced at accept (421 and close at once, never a queue), command timeouts on
 * every socket.
 */
public final class SmtpServer implements Closeable {
    private static final int BACKLOG = 1024;

    private volatile SmtpSettings settings;
    private final MessageFilter filter;
    private final Clock clock;
    private final HopCapabilities capabilities;
    private final LoopMarks marks;
    private final ServerSocket listener;
    private final ExecutorService sessions = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger open = new AtomicInteger();
    /**
     * Open connections by client address, counted up and down inside the map's own atomic
     * updates: a counter object taken out of the map, dropped at zero by one thread while another
     * counted a new connection on it, left that connection uncounted and the limit one too high.
     */
    private final Map<InetAddress, Integer> perClient = new ConcurrentHashMap<>();
    /** The ids of this server's messages. */
    private final QueueIds queueIds;
    private final Thread acceptor;
    /** Cuts idle sessions short while the server is nearly full ({@link #cutIdleUnderLoad}). */
    private final java.util.concurrent.ScheduledExecutorService idleWatch =
            Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("smtp-idle-watch").daemon(true).unstarted(r));
    /** Each running session with its socket, for a stop that lets transactions finish. */
    private final Map<SmtpSession, Socket> live = new ConcurrentHashMap<>();
    /** The heap the messages of all sessions may hold at once (see {@link MessageMemory}). */
    private final MessageMemory memory = MessageMemory.forHeap(Runtime.getRuntime().maxMemory());
    private volatile boolean stopping;
    /** Sessions the stop's drain ran out on, still inside their transaction: their clients got no reply to the message. */
    private volatile int cutAtStop;
    /** When the server stopped taking mail ({@link System#nanoTime}), 0 until then: the drain counts from it. */
    private long drainFrom;
    /** How long a stop waits for sessions inside a transaction by default: half of serve's default minute to stop. */
    static final java.time.Duration DRAIN = java.time.Duration.ofSeconds(30);
    /** How long a stop waits for sessions inside a transaction (serve's is half its smtp.stop-timeout-seconds). */
    private volatile java.time.Duration drainAtStop = DRAIN;
    /**
     * How long the sessions a stop cut off have to end. Fixed, not a share of serve's stop timeout:
     * the interrupt closes their sockets, so it bounds their own last steps, not a client's or a next hop's pace.
     */
    static final java.time.Duration INTERRUPTED_EXIT = java.time.Duration.ofSeconds(5);

    private SmtpServer(SmtpSettings settings, MessageFilter filter, Clock clock, InetSocketAddress bind) throws IOException {
        this.settings = settings;
        this.filter = filter;
        this.clock = clock;
        this.marks = LoopMarks.random();
        this.capabilities = new HopCapabilities(clock, marks);
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        try {
            listener.bind(bind, BACKLOG);
        } catch (java.net.BindException e) {
            listener.close();
            // the JDK's message names no address: "Address already in use"
            throw new java.net.BindException("cannot listen on " + bind.getHostString() + ":" + bind.getPort() + ": "
                    + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT));
        }
        this.queueIds = new QueueIds(clock);
        this.acceptor = Thread.ofPlatform().name("smtp-accept").daemon(true).start(this::acceptLoop);
        idleWatch.scheduleWithFixedDelay(this::cutIdleUnderLoad, 250, 250, TimeUnit.MILLISECONDS);
    }

    /**
     * While four fifths of max-connections or more are open, a session waiting for a command
     * longer than {@link #busyIdleTimeout} is told 421 and closed, as Postfix cuts smtpd_timeout
     * under stress: idle connections, opened on purpose or left by a careless client, otherwise
     * held their slots for the whole command timeout while everyone else got 421 at once.
     */
    private void cutIdleUnderLoad() {
        SmtpSettings s = settings;
        if (open.get() * 5L < s.maxConnections() * 4L) return;
        long limit = busyIdleTimeout(s).toNanos();
        long now = System.nanoTime();
        live.forEach((session, socket) -> {
            if (session.cutIfIdleLongerThan(limit, now)) endInputQuietly(socket);
        });
    }

    /** How long a session may wait for a command while the server is nearly full: a tenth of the command timeout, 1 to 30 s. */
    static java.time.Duration busyIdleTimeout(SmtpSettings s) {
        long ms = Math.clamp(s.commandTimeout().toMillis() / 10, 1_000, 30_000);
        return java.time.Duration.ofMillis(ms);
    }

    /** Binds (port 0 picks a free one) and starts accepting. */
    public static SmtpServer start(SmtpSettings settings, MessageFilter filter, Clock clock, InetSocketAddress bind) throws IOException {
        return new SmtpServer(settings, filter, clock, bind);
    }

    /**
     * This gate's own loop mark, the first its greeting shows: a release checks its next hop
     * against it ({@link NextHop#connectForRelease}).
     */
    public String loopMark() {
        return marks.own();
    }

    /** The settings new sessions get: the start's, or the last {@link #settings(SmtpSettings)}'s. */
    public SmtpSettings settings() {
        return settings;
    }

    /** New sessions use these settings; sessions already open keep theirs. */
    public void settings(SmtpSettings next) {
        settings = next;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Why the next hop could not be had when last probed, in words without its address (the
     * sessions' MAIL then gets 451, or 554 for a loop); empty when it was reached or is not known
     * yet. Never waits: a stale answer is refreshed in the background (see {@link HopCapabilities#unreachable}).
     */
    public java.util.Optional<String> nextHopUnreachable() {
        return capabilities.unreachable(settings);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (listener.isClosed()) return;
                continue;
            }
            sessions.execute(() -> serve(s));
        }
    }

    private void serve(Socket s) {
        SmtpSettings settings = this.settings;
        InetAddress client = s.getInetAddress();
        int total = open.incrementAndGet();
        int fromClient = perClient.merge(client, 1, Integer::sum);
        ClientConnection connection = null;
        try {
            s.setSoTimeout((int) settings.commandTimeout().toMillis());
            s.setTcpNoDelay(true);
            // a client that sends without reading our replies must not hold the session forever
            connection = new ClientConnection(s, settings.commandTimeout());
            OutputStream out = connection.output();
            if (total > settings.maxConnections()) {
                refuse(out, "421 4.3.2 too many connections; try again later");
                return;
            }
            if (fromClient > settings.maxConnectionsPerClient()) {
                refuse(out, "421 4.7.0 too many connections from your address; try again later");
                return;
            }
            SmtpSession session = new SmtpSession(settings, filter, client, connection, clock, this::nextQueueId, capabilities,
                    marks, () -> stopping, memory);
            live.put(session, s);
            try {
                if (!stopping) session.run();
            } finally {
                live.remove(session);
            }
        } catch (IOException e) {
            // the client went away; any open transaction was aborted by the session
        } finally {
            open.decrementAndGet();
            perClient.computeIfPresent(client, (k, n) -> n == 1 ? null : n - 1);
            // closed once counted down: a client that saw the close of one connection (a 421, say)
            // and opened the next at once was refused again for a slot not yet given back
            if (connection != null) connection.close();
            else closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing is all that was wanted
        }
    }

    /**
     * Ends a waiting session's input: its read returns the end of the stream, and the session
     * itself says 421 (RFC 5321 4.1.1.10's "closing"). Writing the 421 from this thread instead
     * would race the session's own replies on the same stream.
     */
    private static void endInputQuietly(Socket s) {
        try {
            s.shutdownInput();
        } catch (IOException e) {
            closeQuietly(s); // not connected any more: closing is all there is to do
        }
    }

    private static void refuse(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private String nextQueueId() {
        return queueIds.next();
    }

    /**
     * Sessions inside a transaction now (or handling a command): those a stop waits for, up to
     * {@link #drainAtStop}. Said in serve's stop line, so that a postmaster knows what a stop waited on.
     */
    public int messagesInHand() {
        int n = 0;
        for (SmtpSession session : live.keySet()) {
            if (!session.closableNow()) n++;
        }
        return n;
    }

    /**
     * After {@link #close}: the sessions still inside a transaction when the drain ran out, cut
     * off without a reply to their message (their clients keep it and send it again).
     */
    public int cutAtStop() {
        return cutAtStop;
    }

    /**
     * How long a stop waits for the sessions inside a transaction, counted from when the server
     * stops taking mail (30 s unless set); the command timeout, if shorter, bounds it too.
     */
    public void drainAtStop(java.time.Duration drain) {
        if (!drain.isPositive()) throw new IllegalArgumentException("the drain at stop must be positive, got " + drain);
        drainAtStop = drain;
    }

    /** How long a stop waits for the sessions inside a transaction: the drain set, or the command timeout if shorter. */
    public java.time.Duration drainAtStop() {
        java.time.Duration commandTimeout = settings.commandTimeout();
        return commandTimeout.compareTo(drainAtStop) < 0 ? commandTimeout : drainAtStop;
    }

    /**
     * Stops taking mail, at once: no new connections; a session waiting for a command outside a
     * transaction gets 421 and is closed, and one inside a transaction may finish it (its client
     * gets the reply to its message, then 421), which {@link #close} waits for. Apart from it so that
     * serve stops taking mail when its stop begins, not after its HTTP side's drain: the gate went on
     * accepting sessions for up to 20 s while a moderator's release waited for its next hop. Once only.
     */
    public synchronized void stopTaking() {
        if (drainFrom != 0) return;
        drainFrom = System.nanoTime();
        idleWatch.shutdownNow();
        try {
            listener.close();
        } catch (IOException e) {
            // closed all the same: nothing more can be accepted
        }
        stopping = true;
        live.forEach((session, socket) -> {
            if (session.closableNow()) endInputQuietly(socket);
        });
        sessions.shutdown();
    }

    /**
     * Stops ({@link #stopTaking}, if not yet) and waits for the sessions inside a transaction, for
     * at most {@link #drainAtStop} or the command timeout, whichever is shorter, counted from when the
     * server stopped taking mail. Cutting them all at once (as before) broke a message off after the
     * next hop had taken it, and its sender, seeing no reply, sent it again: delivered twice.
     */
    @Override
    public void close() throws IOException {
        stopTaking();
        try {
            long drain = drainAtStop().toNanos();
            long left = Math.max(0, drainFrom + drain - System.nanoTime());
            if (!sessions.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                cutAtStop = messagesInHand();
                sessions.shutdownNow();
                sessions.awaitTermination(INTERRUPTED_EXIT.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            sessions.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
