package org.bayard.spamd;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.bayard.net.Link;
import org.bayard.net.ListenAddress;
import org.bayard.net.Listener;
import org.bayard.net.OpenLinks;

/**
 * The spamd door's listener: each connection on a virtual thread of its own, at most
 * {@link SpamdSettings#maxConnections} served at once. A connection past them waits for a turn as
 * long as a read may wait, then is answered {@code 75 EX_TEMPFAIL}, which spamc and Exim take as
 * "try again later", never as a verdict; past {@link #WAITING_PER_TURN} waiting for each turn, it
 * is answered so at once, so that a flood of connections cannot hold the process's descriptors.
 */
public final class SpamdService implements AutoCloseable {
    private final Listener server;
    private final SpamdSettings settings;
    private final SpamdBackend backend;
    private final PrintStream log;
    private final Semaphore turns;
    /** The connections open now, closed by a stop that has waited long enough for them. */
    private final OpenLinks open = new OpenLinks();
    private final Thread acceptor;
    private final java.util.concurrent.atomic.AtomicLong turnedAway = new java.util.concurrent.atomic.AtomicLong();
    /** Connections that may wait for a turn, for each turn. */
    static final int WAITING_PER_TURN = 4;

    private SpamdService(Listener server, SpamdSettings settings, SpamdBackend backend, PrintStream log) {
        this.server = server;
        this.settings = settings;
        this.backend = backend;
        this.log = log;
        this.turns = new Semaphore(settings.maxConnections());
        this.acceptor = Thread.ofPlatform().name("bayard-spamd-accept").daemon(true).unstarted(this::accept);
    }

    /** Listens at the settings' address (port 0: any free port; or a Unix link) and serves until closed. */
    public static SpamdService start(SpamdSettings settings, SpamdBackend backend, PrintStream log) throws IOException {
        Listener server = settings.tls().isPresent()
                ? Listener.openOverTls((ListenAddress.Tcp) settings.listen(), 128, settings.tls().get())
                : Listener.open(settings.listen(), 128);
        SpamdService service = new SpamdService(server, settings, backend, log);
        service.acceptor.start();
        return service;
    }

    /** Where it listens, the port chosen filled in. */
    public ListenAddress bound() {
        return server.bound();
    }

    /** The TCP port it listens on; for tests, which listen on a free one. */
    public int port() {
        return ((ListenAddress.Tcp) server.bound()).address().getPort();
    }

    /** The connections accepted and not yet closed. */
    public int openConnections() {
        return open.size();
    }

    /** Connections answered 75 for want of a turn since the start (spamd.max-connections all busy). */
    public long turnedAway() {
        return turnedAway.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            Link link;
            try {
                link = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) return; // the stop closed the listener
                log.println("bayard serve: spamd: accepting a connection failed: " + e.getMessage());
                continue;
            }
            open.add(link);
            Thread.ofVirtual().name("bayard-spamd").start(() -> serve(link));
        }
    }

    private void serve(Link link) {
        try {
            boolean tooMany = open.size() > settings.maxConnections() * (1L + WAITING_PER_TURN);
            if (tooMany || !turns.tryAcquire(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                busy(link);
                return;
            }
            try {
                new Exchange(link, backend, settings, log).run();
            } finally {
                turns.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.close(link);
        }
    }

    private void busy(Link link) {
        turnedAway.incrementAndGet();
        try (link) {
            Exchange.send(link, Answers.error(Status.EX_TEMPFAIL, "Service Unavailable: all " + settings.maxConnections()
                    + " turns busy (spamd.max-connections); try again later"));
        } catch (IOException e) {
            // gone already
        }
    }

    /**
     * Stops listening, then waits up to the drain time for the requests under way to be answered,
     * and closes the connections still open after it.
     */
    @Override
    public void close() {
        server.close();
        open.closeAfter(settings.drainTime(), open::isEmpty);
    }
}
