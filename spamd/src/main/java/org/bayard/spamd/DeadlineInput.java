package org.bayard.spamd;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import org.bayard.net.Link;

/**
 * A connection's input whose every read waits at most the read timeout, and all of them together
 * at most until the request's deadline: a client sending an octet every 29 seconds would otherwise
 * keep one of the door's turns for ever.
 */
final class DeadlineInput extends FilterInputStream {
    private final Link link;
    private final long readTimeoutMillis;
    private final long deadlineNanos;

    DeadlineInput(Link link, InputStream in, long readTimeoutMillis, long deadlineNanos) {
        super(in);
        this.link = link;
        this.readTimeoutMillis = readTimeoutMillis;
        this.deadlineNanos = deadlineNanos;
    }

    private void arm() throws IOException {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) throw new SocketTimeoutException("the request was not read whole in time");
        link.readTimeout((int) Math.max(1, Math.min(readTimeoutMillis, left)));
    }

    @Override
    public int read() throws IOException {
        if (in.available() == 0) arm();
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (in.available() == 0) arm();
        return in.read(b, off, len);
    }
}
