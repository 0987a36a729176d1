package org.bayard.app;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bayard serve} in a JVM of its own, for what only a real process shows: SIGKILL, a crash,
 * system calls traced or made to fail by strace. Its output is appended to a log file, where
 * {@link GateFaultsTest#listeningPort} finds the port it listens on.
 */
final class ServeProcess {
    private ServeProcess() {}

    /** The command: {@code wrapper} (e.g. strace and its options, or nothing), then java and serve's arguments. */
    static List<String> command(List<String> wrapper, Path db, Path quarantine, int nextHopPort, String... extra) {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--enable-native-access") || a.startsWith("--sun-misc")) cmd.add(a);
        }
        // a crash report goes next to the test's files, not into the module folder
        cmd.add("-XX:ErrorFile=" + quarantine.resolveSibling("hs_err_%p.log"));
        cmd.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.bayard.app.Main", "serve",
                "--db", db.toString(), "--listen", "127.0.0.1:0", "--next-hop", "127.0.0.1:" + nextHopPort,
                "--quarantine", quarantine.toString()));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** Starts the command with its output appended to {@code log}; the process is added to {@code processes}. */
    static Process start(List<String> command, Path log, List<Process> processes) throws java.io.IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().remove("BAYARD_CONFIG");
        pb.environment().remove("BAYARD_DB");
        Process p = pb.start();
        processes.add(p);
        return p;
    }
}
