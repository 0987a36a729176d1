package org.bayard.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port where nothing listens, kept so while the test holds it: a socket bound to a
 * free port and never connected or listening, so the kernel refuses a connection to it and gives
 * the port to no one else. A port found free and closed again can be taken by any other process
 * before the test connects to it.
 */
final class RefusingPort implements AutoCloseable {
    private final Socket bound = new Socket();

    RefusingPort() throws IOException {
        bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), bound.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        bound.close();
    }
}
