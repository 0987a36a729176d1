package org.bayard.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Postfix's smtp-sink as a next hop on a free loopback port, for the gate's fault and framing tests. */
final class SmtpSink {
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
        int port = GateFaultsTest.freePort();
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/smtp-sink", "-u", "nobody", "-d", dump + "/%H%M%S."));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("127.0.0.1:" + port, "64"));
        Path log = tmp.resolve("sink-" + port + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        for (int i = 0; i < 100; i++) {
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                return port;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("smtp-sink did not start: " + Files.readString(log));
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
