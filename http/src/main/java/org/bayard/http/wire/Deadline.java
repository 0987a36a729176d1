package org.bayard.http.wire;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection's socket when its current phase (waiting, reading a request, answering)
 * runs out of time. A read timeout alone would not do: it bounds each read, and a client sending
 * a byte a second never trips it. Closing the socket from outside ends whatever blocking read or
 * write the connection is in.
 */
final class Deadline {
    /** One daemon thread for every server in the process; cancelled phases leave its queue at once. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final Closeable socket;
    // the connection's own thread starts and cancels phases; the acceptor may shorten one (hurry)
    private ScheduledFuture<?> pending;
    private long endsAt;
    private boolean mayHurry;
    /** Counts the phases begun, so that a phase's expiry can be told from an earlier or later one's. */
    private long phase;
    /** The phase that ran out and closed the socket; 0 while none has. */
    private volatile long expiredPhase;

    Deadline(Closeable socket) {
        this.socket = socket;
    }

    /** Ends the current phase and starts one that must end within {@code limit}, or the socket is closed. */
    void restart(Duration limit) {
        restart(limit, false);
    }

    /**
     * As {@link #restart(Duration)}; {@code mayHurry} for a phase in which the client has sent
     * nothing the server has begun to work on (waiting for a request, reading its head), which
     * {@link #hurry} may shorten.
     */
    synchronized void restart(Duration limit, boolean mayHurry) {
        cancel();
        this.mayHurry = mayHurry;
        endsAt = System.nanoTime() + limit.toNanos();
        long p = ++phase;
        pending = TIMER.schedule(() -> expire(p), limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The phase under way, as {@link #ranOut} takes it; a shortened or hurried phase is a new one. */
    synchronized long phase() {
        return phase;
    }

    /** Whether phase {@code p} ran out and closed the socket. */
    boolean ranOut(long p) {
        return p > 0 && expiredPhase == p;
    }

    /** Makes a phase that may be hurried end within {@code limit} if it would end later. */
    synchronized void hurry(Duration limit) {
        if (pending == null || !mayHurry || endsAt - System.nanoTime() <= limit.toNanos()) return;
        restart(limit, true);
    }

    /** Makes the current phase, whatever it is, end within {@code limit} if it would end later (a stop bounds it). */
    synchronized void shorten(Duration limit) {
        if (pending == null || endsAt - System.nanoTime() <= limit.toNanos()) return;
        restart(limit, mayHurry);
    }

    synchronized void cancel() {
        if (pending != null) pending.cancel(false);
        pending = null;
    }

    private void expire(long p) {
        expiredPhase = p; // before the close: a write failing on it then finds what closed it
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted; the connection's thread sees the socket closed
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().daemon().name("bayard-http-deadlines").unstarted(r));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }
}
