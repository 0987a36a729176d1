package org.bayard.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A listening TCP socket. */
final class TcpListener implements Listener {
    private final ServerSocket server;
    private final ListenAddress.Tcp bound;

    private TcpListener(ServerSocket server, ListenAddress.Tcp bound) {
        this.server = server;
        this.bound = bound;
    }

    static TcpListener open(ListenAddress.Tcp at, int backlog) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(at.address(), backlog);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return new TcpListener(server, new ListenAddress.Tcp(new InetSocketAddress(at.address().getHostString(), server.getLocalPort())));
    }

    @Override
    public Link accept() throws IOException {
        return new TcpLink(server.accept());
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
            socket.close();
        }
    }
}
