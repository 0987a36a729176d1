package org.bayard.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A listening TCP socket, speaking TLS on each connection when given a context for it. */
final class TcpListener implements Listener {
    private final ServerSocket server;
    private final ListenAddress.Tcp bound;
    /** Null: plain TCP. */
    private final SSLContext tls;

    private TcpListener(ServerSocket server, ListenAddress.Tcp bound, SSLContext tls) {
        this.server = server;
        this.bound = bound;
        this.tls = tls;
    }

    static TcpListener open(ListenAddress.Tcp at, int backlog, SSLContext tls) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(at.address(), backlog);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return new TcpListener(server, new ListenAddress.Tcp(new InetSocketAddress(at.address().getHostString(), server.getLocalPort())), tls);
    }

    @Override
    public Link accept() throws IOException {
        Socket socket = server.accept();
        if (tls == null) return new TcpLink(socket);
        try {
            // no handshake here: it happens at the first read, on the connection's own thread
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
            secure.setUseClientMode(false);
            return new TcpLink(secure);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public boolean isClosed() {
        return server.isClosed();
    }

    @Override
    public ListenAddress bound() {
        return bound;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing what is closing anyway
        }
    }

    /** A TCP connection: the socket's own streams and read timeout. */
    private record TcpLink(Socket socket) implements Link {
        @Override
        public InputStream input() throws IOException {
            return socket.getInputStream();
        }

        @Override
        public OutputStream output() throws IOException {
            return socket.getOutputStream();
        }

        @Override
        public void readTimeout(int millis) throws IOException {
            socket.setSoTimeout(millis);
        }

        @Override
        public void shutdownOutput() throws IOException {
            socket.shutdownOutput();
        }

        @Override
        public String peer() {
            return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        }

        @Override
        public void close() throws IOException {
            if (socket instanceof SSLSocket && !socket.isClosed()) {
                // a TLS socket's close sends close_notify and then waits, up to the read timeout, for the
                // client's; a client that reads to the end before it closes (spamc) would wait for ours
                try {
                    socket.setSoTimeout(1);
                } catch (java.net.SocketException closedMeanwhile) {
                    // closed by another thread (a stop): the close below has nothing to wait for
                }
            }
            socket.close();
        }
    }
}
