package org.bayard.net;

import java.io.IOException;

/** A door's listening socket, TCP or Unix domain: connections accepted one at a time. */
public interface Listener extends AutoCloseable {
    /** Listens at {@code at}; a failure says why in words a postmaster can act on. */
    static Listener open(ListenAddress at, int backlog) throws IOException {
        return switch (at) {
            case ListenAddress.Tcp tcp -> TcpListener.open(tcp, backlog);
            case ListenAddress.Unix unix -> UnixListener.open(unix, backlog);
        };
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
