package org.bayard.net.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports for a server that a test starts in another process and must name the port of beforehand
 * (Postfix, smtp-sink, serve given its next hop), or a port where nothing listens.
 *
 * <p>Picked outside the kernel's ephemeral range (just below it, or above where there is no room
 * below), from which every bind to port 0 and every outgoing connection takes its port: a port
 * found by binding to port 0 and closing again could be handed by the kernel to another server
 * between that close and the other process's bind. Postfix then could not listen, and swaks
 * talked to that other server instead, which never greeted.
 *
 * <p>A port is this JVM's once it holds the lock of the port's file in {@value #LOCKS} of the
 * temporary folder, until it ends: no other test JVM hands it out meanwhile, neither the suite's
 * other fork nor another checkout's suite run at the same time (a CI run beside a developer's
 * tests). A band per fork, the scheme before, kept the forks apart but not two suites: their forks
 * of the same number hand out the same ports in the same order.
 */
public final class FreePorts {
    private static final int SPAN = 4000;
    private static final String LOCKS = "bayard-test-ports";
    private static final int LOWEST = spanStart();
    /** Locks held to the JVM's end, which releases them. */
    private static final List<FileChannel> HELD = new ArrayList<>();
    /** Ports of the span tried so far: each is tried once, so none is handed out twice. */
    private static int tried;

    private FreePorts() {}

    /** A port that nothing listens on now, on loopback, that no other test JVM has or will hand out while this one runs. */
    public static synchronized int next() throws IOException {
        Path locks = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), LOCKS));
        while (tried < SPAN) {
            int port = LOWEST + tried++;
            if (claimed(locks.resolve(port + ".lock")) && free(port)) return port;
        }
        throw new IOException("no free port from " + LOWEST + " to " + (LOWEST + SPAN - 1) + " that another test JVM had not (locks in " + locks + ")");
    }

    /** Whether this JVM now holds {@code lock}; false when another JVM does. */
    private static boolean claimed(Path lock) throws IOException {
        FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (channel.tryLock() == null) {
            channel.close();
            return false;
        }
        HELD.add(channel);
        return true;
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
     * The first of the ports handed out: just below the ephemeral range when there is room
     * (Linux's default range starts at 32768), else just above it (a range from 1024 leaves only the top).
     */
    private static int spanStart() {
        int[] range = ephemeralRange();
        if (range[0] - SPAN >= 1024) return range[0] - SPAN;
        if (range[1] + SPAN <= 65535) return range[1] + 1;
        throw new IllegalStateException("no room for " + SPAN + " ports outside the ephemeral range " + range[0] + " to " + range[1]
                + " (/proc/sys/net/ipv4/ip_local_port_range)");
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
