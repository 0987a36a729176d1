package org.bayard.smtp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A socket's output with a deadline on each write: a write blocked longer than the limit closes
 * the socket, so the writer gets an {@link IOException}. A blocking socket write has no timeout
 * of its own (SO_TIMEOUT covers reads only), so a peer that stops reading, a next hop stalled in
 * the middle of DATA or a client that pipelines without reading our replies, would otherwise hold
 * the writer, its connection and its slot forever. {@link #close()} stops the watch.
 */
final class WriteDeadline extends FilterOutputStream {
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "smtp-write-deadline");
        t.setDaemon(true);
        return t;
    });

    private final Socket socket;
    private final long limitNanos;
    private final ScheduledFuture<?> watch;
    private volatile long writingSince; // 0 when no write is under way
    private volatile long until; // a moment no write may last past ({@link System#nanoTime}), or 0

    WriteDeadline(Socket socket, OutputStream out, Duration limit) {
        super(out);
        this.socket = socket;
        this.limitNanos = limit.toNanos();
        long period = Math.clamp(limit.toMillis() / 4, 10, 1000);
        this.watch = WATCH.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** A moment ({@link System#nanoTime}) past which a write is cut off whatever the limit; 0 for none. */
    void until(long nanoTime) {
        until = nanoTime;
    }

    private void check() {
        long since = writingSince;
        long now = System.nanoTime();
        long end = until;
        if (since != 0 && (now - since > limitNanos || (end != 0 && now - end > 0))) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all we can do
            }
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        writingSince = System.nanoTime() | 1;
        try {
            out.write(b, off, len);
        } finally {
            writingSince = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        writingSince = System.nanoTime() | 1;
        try {
            out.flush();
        } finally {
            writingSince = 0;
        }
    }

    /** Stops the watch; the socket is left to its owner. */
    @Override
    public void close() {
        watch.cancel(false);
    }
}
