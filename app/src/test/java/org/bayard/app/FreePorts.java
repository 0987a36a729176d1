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
 * <p>Picked outside the kernel's ephemeral range (below it, or above where there is no room
 * below), from which every bind to port 0 and every outgoing connection takes its port, and
 * from a band of its own for each of the suite's test JVMs (Surefire's fork number). A port
 * found by binding to port 0 and closing again could be handed by the kernel to another server,
 * of the suite's other JVM, between that close and the other process's bind: Postfix then could
 * not listen, and swaks talked to that server instead, which never greeted. Within a band the ports are taken in turn, so a port is not handed out
 * again before the band's other {@value #BAND} - 1 were.
 */
final class FreePorts {
    private static final int BAND = 1000;
    private static final int FORK = Integer.getInteger("bayard.test.fork", 1);
    private static final int LOWEST = bandStart();
    private static int handed;

    private FreePorts() {}

    /** A port that nothing listens on now, on loopback, not handed out by this JVM lately. */
    static synchronized int next() throws IOException {
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

    /**
     * This JVM's band: below the ephemeral range when there is room for every fork's band there
     * (Linux's default range starts at 32768), else above it (a range from 1024 leaves only the top).
     */
    private static int bandStart() {
        int[] range = ephemeralRange();
        if (range[0] - BAND * FORK >= 1024) return range[0] - BAND * FORK;
        if (range[1] + BAND * FORK <= 65535) return range[1] + 1 + BAND * (FORK - 1);
        throw new IllegalStateException("no room for fork " + FORK + "'s band of " + BAND + " ports outside the ephemeral range "
                + range[0] + " to " + range[1] + " (/proc/sys/net/ipv4/ip_local_port_range)");
    }

    /** The kernel's ephemeral range, first and last port; Linux's default when it cannot be read. */
    private static int[] ephemeralRange() {
        try {
            // read by lines: Files.readString gave "3" alone of this proc file's "32768\t60999"
            String[] ports = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+");
            return new int[] {Integer.parseInt(ports[0]), Integer.parseInt(ports[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32768, 60999};
        }
    }
}
