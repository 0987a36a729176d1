package org.bayard.store.lmdb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@link StoreWorker} in a second JVM: same java binary, test classpath and LMDB flags. */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader stdout;
    private final Path stderr;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stderr = stderr;
    }

    static ChildJvm start(Path scratch, String... args) throws IOException {
        return start(scratch, List.of(), args);
    }

    /** With JVM options of its own, such as {@code -Djava.io.tmpdir=DIR}. */
    static ChildJvm start(Path scratch, List<String> jvmOptions, String... args) throws IOException {
        return startUnder(List.of(), scratch, jvmOptions, args);
    }

    /** Run by {@code wrapper} (a command that runs the rest of its arguments, such as setpriv with its options). */
    static ChildJvm startUnder(List<String> wrapper, Path scratch, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(lmdbFlags());
        command.addAll(jvmOptions);
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StoreWorker.class.getName());
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(scratch, "child-", ".err");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new ChildJvm(process, stderr);
    }

    /** The flags this JVM got that lmdbjava needs (or that keep its warnings quiet). */
    private static List<String> lmdbFlags() {
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--enable-native-access")
                    || arg.startsWith("--sun-misc-unsafe-memory-access")) {
                flags.add(arg);
            }
        }
        return flags;
    }

    /** Waits for the next line on the child's stdout; null at end of stream or timeout. */
    String readLine(long timeoutSeconds) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                return null;
            }
        }, Thread::startVirtualThread);
        return line.completeOnTimeout(null, timeoutSeconds, TimeUnit.SECONDS).get();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int waitFor(long timeoutSeconds) throws Exception {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child did not finish in " + timeoutSeconds + " s; stderr: " + stderr());
        }
        return process.exitValue();
    }

    /** SIGKILL on Linux: no shutdown hooks, no finally blocks, no chance to abort a transaction. */
    int kill() throws Exception {
        process.destroyForcibly();
        return waitFor(30);
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() {
        if (!process.isAlive()) return;
        List<ProcessHandle> descendants = process.descendants().toList(); // a wrapper's child, if it did not exec
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS); // gone, its locks and maps with it, before the next test opens the store
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
