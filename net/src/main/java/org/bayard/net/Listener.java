package org.bayard.net;

import java.io.IOException;
import javax.net.ssl.SSLContext;

/** A door's listening socket, TCP or Unix domain: connections accepted one at a time. */
public interface Listener extends AutoCloseable {
    /** Listens at {@code at}; a failure says why in words a postmaster can act on. */
    static Listener open(ListenAddress at, int backlog) throws IOException {
        return switch (at) {
            case ListenAddress.Tcp tcp -> TcpListener.open(tcp, backlog, null);
            case ListenAddress.Unix unix -> UnixListener.open(unix, backlog);
        };
    }

    /**
     * Listens at {@code at} and speaks TLS with {@code tls} on every connection from its first byte
     * (as spamd --ssl does). The handshake is made at the connection's first read, on its own thread
     * and within its read timeout, so a client that stalls in it holds up no one else.
     */
    static Listener openOverTls(ListenAddress.Tcp at, int backlog, SSLContext tls) throws IOException {
        return TcpListener.open(at, backlog, java.util.Objects.requireNonNull(tls, "tls"));
    }

    /** The next connection; an IOException once {@link #isClosed} (the stop closed it) or when accepting one failed. */
    Link accept() throws IOException;

    boolean isClosed();

    /** Where it listens, the port chosen filled in. */
    ListenAddress bound();

    /** Stops listening; a Unix socket's file is removed with it. */
    @Override
    void close();
}
