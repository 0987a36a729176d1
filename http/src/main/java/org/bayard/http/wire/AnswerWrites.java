package org.bayard.http.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A connection's socket output, under every other writer: says since when a write has been
 * waiting for the client to take it, so that a stop can tell a client that stopped reading (its
 * receive window full, a stalled download) from one that reads slowly. A blocking write shows no
 * progress until it returns, so a large write goes out in slices, and each slice the client takes
 * is progress. It also says whether a write failed while the connection was still open here: the
 * client closed or reset it (it went away), as a write on a socket closed here (by a stop, a
 * deadline, an interrupt) fails too.
 */
final class AnswerWrites extends OutputStream {
    /** The most one write hands the socket: a client reading a few KB a second still shows progress within seconds. */
    private static final int SLICE = 16 * 1024;

    private final OutputStream socket;
    private final BooleanSupplier closedHere;
    /** When the write waiting now began ({@link System#nanoTime}); meaningful while {@link #waiting}. */
    private volatile long since;
    private volatile boolean waiting;
    private volatile boolean clientWentAway;
    /** Bytes the socket has taken; written by one thread at a time (the connection's or its handler's), read by any. */
    private volatile long written;

    /** {@code closedHere}: whether this side has closed the socket. */
    AnswerWrites(OutputStream socket, BooleanSupplier closedHere) {
        this.socket = socket;
        this.closedHere = closedHere;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        for (int done = 0; done < len; ) {
            int n = Math.min(SLICE, len - done);
            since = System.nanoTime();
            waiting = true;
            try {
                socket.write(b, off + done, n);
                written += n;
            } catch (IOException e) {
                if (!closedHere.getAsBoolean()) clientWentAway = true; // asked at once: closing on our side follows the failure
                throw e;
            } finally {
                waiting = false;
            }
            done += n;
        }
    }

    @Override
    public void flush() throws IOException {
        socket.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Bytes the socket has taken so far, of every answer on the connection. */
    long written() {
        return written;
    }

    /** Whether a write failed on a connection still open here: the client closed or reset it. */
    boolean clientWentAway() {
        return clientWentAway;
    }

    /** How long the write under way has waited for the client, in nanoseconds at {@code now}; -1 when none is. */
    long waitingFor(long now) {
        if (!waiting) return -1;
        return Math.max(now - since, 0); // read after waiting: at worst a later slice's start, never an earlier one's
    }
}
