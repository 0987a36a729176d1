package org.bayard.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A connection on a Unix domain socket. A channel's reads take no timeout as a socket's do, so a
 * read with one arms a watchdog that shuts the input when it runs out: the read waiting returns
 * end of input, which is reported as the timeout it is, and the output stays open for the door's
 * answer (spamd's "timeout" error).
 */
final class UnixLink implements Link {
    /** One thread for every link's watchdogs: each only shuts a channel's input. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final SocketChannel channel;
    private final String peer;
    private final InputStream input = new Input();
    private final OutputStream output = new Output();
    private volatile int readTimeoutMillis;
    /** Set, to the timeout that ran out, when a read's time ran out: the input is shut, and every read from now on is that timeout. */
    private volatile int expiredAfterMillis;

    UnixLink(SocketChannel channel, String peer) {
        this.channel = channel;
        this.peer = peer;
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().name("bayard-unix-read-timeouts").daemon(true).unstarted(r));
        w.setRemoveOnCancelPolicy(true); // a read that ends in time leaves nothing queued
        return w;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void readTimeout(int millis) {
        if (millis < 0) throw new IllegalArgumentException("a read timeout of " + millis + " ms");
        readTimeoutMillis = millis;
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void expire(int timeoutMillis) {
        expiredAfterMillis = timeoutMillis;
        try {
            channel.shutdownInput(); // the read waiting now returns end of input
        } catch (IOException closed) {
            // the link closed meanwhile: nothing waits
        }
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) return 0;
            int timeout = readTimeoutMillis;
            int n;
            if (timeout == 0) {
                n = channel.read(ByteBuffer.wrap(b, off, len));
            } else {
                ScheduledFuture<?> expiry = WATCHDOG.schedule(() -> expire(timeout), timeout, TimeUnit.MILLISECONDS);
                try {
                    n = channel.read(ByteBuffer.wrap(b, off, len));
                } finally {
                    expiry.cancel(false);
                }
            }
            int expiredAfter = expiredAfterMillis;
            if (n < 0 && expiredAfter > 0) throw new SocketTimeoutException("nothing arrived for " + expiredAfter + " ms");
            return n;
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) channel.write(buffer);
        }
    }
}
