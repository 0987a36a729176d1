package org.bayard.milter;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import org.bayard.net.Link;
import org.bayard.net.ListenAddress;
import org.bayard.net.Listener;
import org.bayard.net.OpenLinks;
import org.bayard.smtp.MessageFilter;

/**
 * The milter door's listener: each MTA connection on a virtual thread of its own, at most
 * {@link MilterSettings#maxConnections} at once; one past them is closed at once, and the MTA
 * applies its {@code milter_default_action} (tempfail, as the README recommends) to that session.
 */
public final class MilterServer implements AutoCloseable {
    private final Listener server;
    private final MessageFilter filter;
    private final MilterSettings settings;
    private final Clock clock;
    private final PrintStream log;
    private final OpenLinks open = new OpenLinks();
    private final java.util.concurrent.atomic.AtomicLong turnedAway = new java.util.concurrent.atomic.AtomicLong();
    /** The ids of the messages this door hands the gate, unique among every door sharing its quarantine. */
    private final org.bayard.smtp.QueueIds ids;
    /** Messages being decided now: what a stop waits for (a connection between messages has nothing in hand). */
    private final java.util.concurrent.atomic.AtomicInteger deciding = new java.util.concurrent.atomic.AtomicInteger();

    private MilterServer(Listener server, MessageFilter filter, MilterSettings settings, Clock clock, PrintStream log) {
        this.server = server;
        this.filter = filter;
        this.settings = settings;
        this.clock = clock;
        this.log = log;
        this.ids = new org.bayard.smtp.QueueIds(clock);
    }

    /** Listens at the settings' address (port 0: any free port; or a Unix socket) and serves until closed. */
    public static MilterServer start(MilterSettings settings, MessageFilter filter, Clock clock, PrintStream log) throws IOException {
        Listener server = Listener.open(settings.listen(), 128);
        MilterServer m = new MilterServer(server, filter, settings, clock, log);
        Thread.ofPlatform().name("bayard-milter-accept").daemon(true).start(m::accept);
        return m;
    }

    /** MTA connections open now, one per SMTP session of the MTA's. */
    public int openConnections() {
        return open.size();
    }

    /** Connections closed at once since the start, milter.max-connections being open: their sessions got milter_default_action. */
    public long turnedAway() {
        return turnedAway.get();
    }

    /** Where it listens, the port chosen filled in. */
    public ListenAddress bound() {
        return server.bound();
    }

    /** The TCP port it listens on; for tests, which listen on a free one. */
    public int port() {
        return ((ListenAddress.Tcp) server.bound()).address().getPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            Link link;
            try {
                link = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) return; // the stop closed it
                log.println("bayard serve: milter: accepting a connection failed: " + e.getMessage());
                continue;
            }
            if (open.size() >= settings.maxConnections()) {
                turnedAway.incrementAndGet();
                log.println("bayard serve: milter: " + settings.maxConnections() + " connections open (milter.max-connections):"
                        + " one more closed, its MTA applies milter_default_action");
                open.close(link);
                continue;
            }
            open.add(link);
            Thread.ofVirtual().name("bayard-milter").start(() -> serve(link));
        }
    }

    private void serve(Link link) {
        try {
            new MilterConnection(link, filter, settings, clock, log, deciding, ids).run();
        } catch (IOException e) {
            // gone before it began
        } finally {
            open.close(link);
        }
    }

    /**
     * Stops listening, then waits up to the drain time for the messages being decided to get their
     * answers, and closes every connection: the MTA applies its default action to a message it
     * had no answer for, and opens a new connection for its next one.
     */
    @Override
    public void close() {
        server.close();
        open.closeAfter(settings.drainTime(), () -> deciding.get() == 0);
    }
}
