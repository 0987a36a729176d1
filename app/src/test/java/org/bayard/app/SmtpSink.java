package org.bayard.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bayard.net.testing.FreePorts;

/** Postfix's smtp-sink as a next hop on a free loopback port, for the gate's fault and framing tests. */
final class SmtpSink {
    /** The running smtp-sink of each dump folder, whose open files {@link #awaitSettled} looks at. */
    private static final Map<Path, Process> RUNNING = new ConcurrentHashMap<>();

    private SmtpSink() {}

    /**
     * Starts smtp-sink dumping each message it accepted into {@code dump}; extra flags play faults.
     * It runs as nobody (it refuses root) and opens the dump file at RCPT, so the folder must be
     * writable for nobody, and the folders above it searchable. The process is added to
     * {@code processes}, for the test to kill.
     */
    static int start(Path tmp, Path dump, List<Process> processes, String... flags) throws Exception {
        Files.createDirectories(dump);
        for (Path p = dump; p != null && p.startsWith(tmp.getParent()); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(p.equals(dump) ? "rwxrwxrwx" : "rwxr-xr-x"));
        }
        int port = FreePorts.next();
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/smtp-sink", "-u", "nobody", "-d", dump + "/%H%M%S."));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("127.0.0.1:" + port, "64"));
        Path log = tmp.resolve("sink-" + port + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        RUNNING.values().removeIf(earlier -> !earlier.isAlive());
        RUNNING.put(dump.toAbsolutePath().normalize(), p);
        for (int i = 0; i < 100; i++) {
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                return port;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("smtp-sink did not start: " + Files.readString(log));
    }

    /**
     * Waits until smtp-sink has no dump in {@code dump} open, so every transaction it began there
     * is over: it opens a dump at MAIL and either closes it at the final dot, before it answers
     * the dot, or removes it when the transaction is aborted (RSET, a new MAIL or HELO, a lost
     * connection). A settled folder therefore holds only whole messages, and one the sink was
     * still to remove is gone. Polls every 20 ms; 30 s without is a failure.
     */
    static void awaitSettled(Path dump) throws Exception {
        Process sink = RUNNING.get(dump.toAbsolutePath().normalize());
        if (sink == null) throw new IllegalStateException("no smtp-sink started for " + dump);
        Path real = dump.toRealPath();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> open = openDumps(sink, real);
        while (!open.isEmpty()) {
            if (System.nanoTime() > deadline) throw new AssertionError("smtp-sink still has dumps open after 30 s: " + open);
            Thread.sleep(20);
            open = openDumps(sink, real);
        }
    }

    /** {@link #awaitSettled}, then {@link #dumps}. */
    static List<String> settledDumps(Path dump) throws Exception {
        awaitSettled(dump);
        return dumps(dump);
    }

    /** The files under {@code real} the sink holds open, removed ones included (their link ends in " (deleted)"). */
    private static List<String> openDumps(Process sink, Path real) throws IOException {
        if (!sink.isAlive()) return List.of();
        List<String> open = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc", String.valueOf(sink.pid()), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(real + "/")) open.add(target);
                } catch (java.nio.file.NoSuchFileException closedMeanwhile) {
                    // the sink closed this descriptor between the listing and the look
                }
            }
        } catch (java.nio.file.NoSuchFileException exited) {
            return List.of();
        }
        return open;
    }

    /** The text of every message smtp-sink dumped in {@code dump}, in no particular order. */
    static List<String> dumps(Path dump) throws IOException {
        List<String> all = new ArrayList<>();
        try (var files = Files.list(dump)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.add(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return all;
    }
}
