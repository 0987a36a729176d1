package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * External commands a test runs (mount, chattr, kill, swaks, a child JVM), each waited for with a
 * time limit and killed, with whatever it started, when it runs over. A command's output goes to
 * a file and its input, unless the test gives one, is empty: reading a child's output to its end
 * blocks for as long as anything (a daemon, a grandchild) holds the pipe open, and a command
 * reading a pipe nobody closes waits for ever; no test timeout can interrupt either, and a CI run
 * once hung 77 minutes that way.
 */
final class Commands {
    /** Long enough for any command the tests run on a loaded machine; far below surefire's 5 minutes. */
    static final long LIMIT_SECONDS = 60;
    private static final File NO_INPUT = new File("/dev/null");

    private Commands() {}

    /** How a command ended: its exit code (-1 when it ran over its limit and was killed) and what it wrote. */
    record Ran(int exit, boolean timedOut, String output) {
        /** {@code "exit N"} or {@code "timed out ..."}, then the output, for a message when a test fails. */
        String said(List<String> command) {
            return (timedOut ? "timed out after its limit: " : "exit " + exit + ": ") + String.join(" ", command) + "\n" + output;
        }
    }

    /** Runs {@code cmd} with empty input to its end or for {@link #LIMIT_SECONDS} at most, its output and errors together. */
    static Ran run(String... cmd) throws IOException, InterruptedException {
        return run(new ProcessBuilder(cmd), LIMIT_SECONDS);
    }

    /** Runs {@code cmd} and fails the test, with what it said, unless it ends in time with exit code 0. */
    static String succeeds(String... cmd) throws IOException, InterruptedException {
        Ran ran = run(cmd);
        assertThat(ran.exit()).as(ran.said(List.of(cmd))).isZero();
        return ran.output();
    }

    /**
     * Runs what {@code pb} describes (its folder, environment and input when given; an input left
     * as a pipe becomes empty) for {@code seconds} at most, its output and errors together.
     */
    static Ran run(ProcessBuilder pb, long seconds) throws IOException, InterruptedException {
        if (pb.redirectInput() == ProcessBuilder.Redirect.PIPE) pb.redirectInput(NO_INPUT);
        Path output = Files.createTempFile("bayard-command-", ".out");
        try {
            Process p = pb.redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean ended;
            try {
                ended = p.waitFor(seconds, TimeUnit.SECONDS);
            } finally {
                kill(p); // a no-op when it ended; else it, and what it started, end here even if the test is interrupted
            }
            return new Ran(ended ? p.exitValue() : -1, !ended, Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * Waits at most {@code seconds} for {@code p} to end and returns its exit code; a process that
     * runs over is killed with its descendants and fails the test, named by {@code what}.
     */
    static int exitOf(Process p, long seconds, String what) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            kill(p);
            throw new AssertionError(what + " did not end within " + seconds + " s; killed");
        }
        return p.exitValue();
    }

    /**
     * Kills {@code p} (if any) and every process it started, and waits a little for it: a test's
     * cleanup, whatever state the test left it in. The descendants are listed before the kill, as
     * they are no longer its descendants once it is gone (a JVM under strace, say, would live on).
     */
    static void kill(Process p) throws InterruptedException {
        if (p == null) return;
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        p.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle d : descendants) {
            try {
                d.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // not ours to wait for any longer: SIGKILL cannot be refused, so it is on its way out
            }
        }
    }

    /**
     * Asks {@code p} to stop (SIGTERM), as a service manager does, and kills it and its descendants
     * when it has not ended within {@code seconds}; returns whether it stopped on its own.
     */
    static boolean stop(Process p, long seconds) throws InterruptedException {
        if (p == null) return true;
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroy();
        boolean stopped = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!stopped) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        return stopped;
    }
}
