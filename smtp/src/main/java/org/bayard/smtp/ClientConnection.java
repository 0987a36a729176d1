package org.bayard.smtp;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A session's connection to its client: the socket, its input, and its output under a deadline on
 * each write ({@link WriteDeadline}); STARTTLS turns it into TLS in place ({@link #secure}), after
 * which the streams are the TLS socket's. The plain socket stays what the server closes or ends,
 * and what a stalled write closes: closing an SSLSocket sends close_notify, which waits for the very
 * write that is stalled.
 */
final class ClientConnection implements Closeable {
    private final Socket plain;
    private final Duration writeLimit;
    private Socket socket;
    private WriteDeadline out;

    /** {@code plain} is the accepted socket with its read timeout set; each write may take at most {@code writeLimit}. */
    ClientConnection(Socket plain, Duration writeLimit) throws IOException {
        this.plain = plain;
        this.writeLimit = writeLimit;
        this.socket = plain;
        this.out = new WriteDeadline(plain, plain.getOutputStream(), writeLimit);
    }

    InputStream input() throws IOException {
        return socket.getInputStream();
    }

    /** Unbuffered: every reply goes out whole in one write, and a buffer here cost 8 KB per connection for nothing. */
    OutputStream output() {
        return out;
    }

    /** Whether STARTTLS has made this connection TLS. */
    boolean secured() {
        return socket != plain;
    }

    /** The protocol and cipher suite in use ({@code TLSv1.3 TLS_AES_256_GCM_SHA384}), empty before STARTTLS. */
    Optional<String> tls() {
        if (!(socket instanceof SSLSocket tls)) return Optional.empty();
        return Optional.of(tls.getSession().getProtocol() + " " + tls.getSession().getCipherSuite());
    }

    /**
     * The server's side of the TLS handshake, over the plain socket: nothing the client sent before it
     * is read by it (the session drops what it had buffered), and its reads wait at most the socket's
     * read timeout. A handshake that fails throws, and the connection is then of no further use.
     */
    void secure(SSLContext context) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        tls.setUseClientMode(false);
        tls.startHandshake();
        WriteDeadline next = new WriteDeadline(plain, tls.getOutputStream(), writeLimit);
        out.close();
        out = next;
        socket = tls;
    }

    /**
     * Stops the write deadline's watch and closes the connection, after TLS's close_notify. Only the
     * session's own thread writes, and it is the one closing, so that alert waits on no stalled write.
     */
    @Override
    public void close() {
        out.close();
        closeQuietly(socket);
        if (socket != plain) closeQuietly(plain);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing is all that was wanted
        }
    }
}
