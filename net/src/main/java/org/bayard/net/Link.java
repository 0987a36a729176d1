package org.bayard.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** One accepted connection, over TCP or a Unix domain socket: what a door reads, writes and times out. */
public interface Link extends AutoCloseable {
    InputStream input() throws IOException;

    OutputStream output() throws IOException;

    /**
     * Each read from {@link #input} waits at most {@code millis} (0: as long as it takes), then
     * throws {@link java.net.SocketTimeoutException}, as a socket's read timeout does.
     */
    void readTimeout(int millis) throws IOException;

    /** Ends what is sent (the peer reads end of input), input still open. */
    void shutdownOutput() throws IOException;

    /** Who is at the other end, for the log: {@code host:port}, or {@code unix:PATH} for a local socket. */
    String peer();

    @Override
    void close() throws IOException;
}
