package org.bayard.http.wire;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A connection's socket input, under every other reader. While a request body arrives, a read
 * waits in short slices rather than in one long wait, so that a stop that begins meanwhile can
 * end it at its cut-off: a read already waiting when the stop began, with the body stall limit
 * as its timeout, held the drain until the client's next byte, which a slow client sends just
 * often enough never to stall. Each slice's timeout consumes nothing, so the framing above never
 * sees half a read. Outside a body, reads wait as the socket's own timeout says.
 */
final class BodyWaits extends FilterInputStream {
    /** How often a waiting body read looks at the stop's cut-off. */
    private static final long SLICE_MILLIS = 250;

    private final Socket socket;
    private final Http1Server server;
    /** The stall limit of the body arriving now, in nanoseconds; 0 outside a body. */
    private long stall;

    BodyWaits(InputStream in, Socket socket, Http1Server server) {
        super(in);
        this.socket = socket;
        this.server = server;
    }

    /** A body is arriving: each read may wait {@code stall} for its next byte, and no later than a stop's cut-off. */
    void body(Duration stall) {
        this.stall = stall.toNanos();
    }

    /** No body is arriving: reads wait as the socket's timeout, which the caller sets, says. */
    void noBody() {
        this.stall = 0;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (stall == 0) return in.read(b, off, len);
        long stalledAt = System.nanoTime() + stall;
        while (true) {
            long now = System.nanoTime();
            boolean stopping = server.stopping();
            long cutOff = server.arrivalCutOff(); // set before stopping is
            long end = stopping && cutOff - stalledAt < 0 ? cutOff : stalledAt;
            if (now - end >= 0) {
                if (stopping && now - cutOff >= 0) throw new CutAtStop();
                throw new SocketTimeoutException("nothing arrived for " + Duration.ofNanos(stall).toMillis() + " ms");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(SLICE_MILLIS, (end - now) / 1_000_000 + 1)));
            try {
                return in.read(b, off, len);
            } catch (SocketTimeoutException slice) {
                // this slice passed with nothing: look at the limits again
            }
        }
    }

    /** The server is stopping and the body did not arrive whole by the stop's cut-off. */
    static final class CutAtStop extends IOException {
        CutAtStop() {
            super("the body was still arriving at the stop's cut-off");
        }
    }
}
