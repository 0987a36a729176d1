package org.bayard.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ports for a server that a test starts in another process and must name the port of beforehand
 * (Postfix, smtp-sink, serve given its next hop), or a port where nothing listens.
 *
 * <p>Picked below the kernel's ephemeral range, from which every bind to port 0 and every
 * outgoing connection takes its port, and from a band of its own for each of the suite's test
 * JVMs (Surefire's fork number). A port found by binding to port 0 and closing again could be
 * handed by the kernel to another server, of the suite's other JVM, between that close and the
 * other process's bind: Postfix then could not listen, and swaks talked to that server instead,
 * which never greeted. Within a band the ports are taken in turn, so a port is not handed out
 * again before the band's other {@value #BAND} - 1 were.
 */
final class FreePorts {
    private static final int BAND = 2000;
    private static final int FIRST_EPHEMERAL = firstEphemeral();
    private static final int FORK = Integer.getInteger("bayard.test.fork", 1);
    private static final int LOWEST = FIRST_EPHEMERAL - BAND * FORK;
    private static int handed;

    private FreePorts() {}

    /** A port that nothing listens on now, on loopback, not handed out by this JVM lately. */
    static synchronized int next() throws IOException {
        if (LOWEST < 1024) throw new IllegalStateException("no room for a band of ports below " + FIRST_EPHEMERAL + " for fork " + FORK);
        for (int tried = 0; tried < BAND; tried++) {
            int port = LOWEST + handed++ % BAND;
            if (free(port)) return port;
        }
        throw new IOException("no free port from " + LOWEST + " to " + (LOWEST + BAND - 1));
    }

    private static boolean free(int port) {
        try {
            new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range; Linux's default when it cannot be read. */
    private static int firstEphemeral() {
        try {
            // read by lines: Files.readString gave "3" alone of this proc file's "32768\t60999"
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
