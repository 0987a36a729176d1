package org.bayard.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code bayard} command in a JVM of its own, for what only a real process shows: a heap limit,
 * a signal. It gets no configuration or store from the environment the tests run in.
 */
final class ChildJvm {
    private ChildJvm() {}

    /** Kills {@code process} (if any) and what it started, and waits for it: a test's cleanup, whatever state the test left it in. */
    static void kill(Process process) throws InterruptedException {
        Commands.kill(process);
    }

    /**
     * {@code bayard ARGS} as the launcher runs it (its flags for LMDB: without the last, on JDK 23
     * and later, lmdbjava's use of sun.misc.Unsafe draws four lines of warning), with {@code jvmOptions}.
     */
    static ProcessBuilder bayard(List<String> jvmOptions, String... args) {
        return java(Main.class, jvmOptions, args);
    }

    /** {@code main} of the tests' class path run as {@link #bayard} runs Main: for a program that runs Main among other things, or uses the store. */
    static ProcessBuilder java(Class<?> main, List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("BAYARD_CONFIG");
        pb.environment().remove("BAYARD_DB");
        return pb;
    }

    /** What a finished command said (its standard output and error, in order) and its exit code. */
    record Run(int exit, String said) {}

    /**
     * Runs {@code bayard ARGS} with {@code jvmOptions} to its end (five minutes at most), its
     * output going through {@code printed} so that a large one costs the test no heap while it
     * runs, and {@code stdin} (when not null) as its standard input; the process is added to
     * {@code processes}, which kills it should the test fail first.
     */
    static Run run(ChildProcesses processes, Path printed, Path stdin, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder pb = bayard(jvmOptions, args).redirectErrorStream(true).redirectOutput(printed.toFile());
        pb.redirectInput(stdin != null ? stdin.toFile() : new java.io.File("/dev/null")); // never a pipe it could wait on
        Process child = pb.start();
        processes.add(child);
        assertThat(child.waitFor(300, TimeUnit.SECONDS)).as("bayard " + String.join(" ", args) + " ends").isTrue();
        return new Run(child.exitValue(), Files.readString(printed));
    }
}
