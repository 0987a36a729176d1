package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * External commands a test runs (mount, chattr, kill, swaks, a child JVM), each waited for with a
 * time limit and killed, with whatever it started, when it runs over. A command's output goes to
 * a file and its input, unless the test gives one, is empty: reading a child's output to its end
 * blocks for as long as anything (a daemon, a grandchild) holds the pipe open, and a command
 * reading a pipe nobody closes waits for ever; no test timeout can interrupt either, and a CI run
 * once hung 77 minutes that way.
 */
public final class Commands {
    /** Long enough for any command the tests run on a loaded machine; far below surefire's 5 minutes. */
    public static final long LIMIT_SECONDS = 60;
    private static final File NO_INPUT = new File("/dev/null");

    private Commands() {}

    /**
     * How a command ended: its exit code (-1 when it ran over its limit and was killed) and the
     * bytes it wrote to its output and, when they were kept apart, to its errors.
     */
    public record Ran(int exit, boolean timedOut, byte[] out, byte[] err) {
        /** Its output (with its errors, when they went together) as UTF-8 text. */
        public String output() {
            return new String(out, StandardCharsets.UTF_8);
        }

        /** What it wrote to its errors, when they were kept apart. */
        public String errors() {
            return new String(err, StandardCharsets.UTF_8);
        }

        /** {@code "exit N"} or {@code "timed out ..."}, then the output, for a message when a test fails. */
        public String said(List<String> command) {
            return (timedOut ? "timed out after its limit: " : "exit " + exit + ": ") + String.join(" ", command) + "\n"
                    + output() + errors();
        }
    }

    /** Runs {@code cmd} with empty input to its end or for {@link #LIMIT_SECONDS} at most, its output and errors together. */
    public static Ran run(String... cmd) throws IOException, InterruptedException {
        return run(new ProcessBuilder(cmd).redirectErrorStream(true), LIMIT_SECONDS);
    }

    /** Runs {@code cmd} and fails the test, with what it said, unless it ends in time with exit code 0. */
    public static String succeeds(String... cmd) throws IOException, InterruptedException {
        Ran ran = run(cmd);
        assertThat(ran.exit()).as(ran.said(List.of(cmd))).isZero();
        return ran.output();
    }

    /**
     * Runs what {@code pb} describes (its folder, environment, input and redirections when given)
     * for {@code seconds} at most. An input left as a pipe becomes empty; an output or error left
     * as a pipe goes through a file, kept in {@link Ran}.
     */
    public static Ran run(ProcessBuilder pb, long seconds) throws IOException, InterruptedException {
        if (pb.redirectInput() == ProcessBuilder.Redirect.PIPE) pb.redirectInput(NO_INPUT);
        Path out = Files.createTempFile("bayard-command-", ".out");
        Path err = Files.createTempFile("bayard-command-", ".err");
        try {
            if (pb.redirectOutput() == ProcessBuilder.Redirect.PIPE) pb.redirectOutput(out.toFile());
            if (!pb.redirectErrorStream() && pb.redirectError() == ProcessBuilder.Redirect.PIPE) pb.redirectError(err.toFile());
            Process p = pb.start();
            boolean ended;
            try {
                ended = p.waitFor(seconds, TimeUnit.SECONDS);
            } finally {
                kill(p); // a no-op when it ended; else it, and what it started, end here even if the test is interrupted
            }
            return new Ran(ended ? p.exitValue() : -1, !ended, Files.readAllBytes(out), Files.readAllBytes(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * As {@link #run(ProcessBuilder, long)}, but with its output a pipe, read as it comes, for a
     * test of how a command writes to a pipe (as a mail system gives it one). The read is waited
     * for a little after the command ended; something it left holding the pipe fails the test
     * rather than keep it waiting.
     */
    public static Ran runPiped(ProcessBuilder pb, long seconds) throws IOException, InterruptedException {
        if (pb.redirectInput() == ProcessBuilder.Redirect.PIPE) pb.redirectInput(NO_INPUT);
        Path err = Files.createTempFile("bayard-command-", ".err");
        try {
            if (!pb.redirectErrorStream() && pb.redirectError() == ProcessBuilder.Redirect.PIPE) pb.redirectError(err.toFile());
            Ran ran = outputOf(pb.redirectOutput(ProcessBuilder.Redirect.PIPE).start(), seconds);
            return new Ran(ran.exit(), ran.timedOut(), ran.out(), Files.readAllBytes(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /**
     * Reads the output of a started process (its pipe) as it comes while waiting at most
     * {@code seconds} for it to end; one that runs over is killed with its descendants. The read
     * is waited for a little after the process ended; something it left holding the pipe fails
     * the test rather than keep it waiting. Its errors, if a pipe, are for the caller to take.
     */
    public static Ran outputOf(Process p, long seconds) throws IOException, InterruptedException {
        String what = p.info().commandLine().orElse("process " + p.pid());
        FutureTask<byte[]> reading = new FutureTask<>(() -> p.getInputStream().readAllBytes());
        Thread reader = new Thread(reading, "output of " + p.pid());
        reader.setDaemon(true); // left blocked, should the pipe never end, it keeps no JVM up
        reader.start();
        try {
            // read to its end before the kill: destroying a Process closes the pipe its output is
            // read from, and a reader not yet at the end failed with "Stream closed"
            if (p.waitFor(seconds, TimeUnit.SECONDS)) return new Ran(p.exitValue(), false, readOutput(reading, what), new byte[0]);
        } finally {
            kill(p);
        }
        return new Ran(-1, true, readOutput(reading, what), new byte[0]);
    }

    private static byte[] readOutput(FutureTask<byte[]> reading, String what) throws IOException, InterruptedException {
        try {
            return reading.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " ended, but something it started still holds its output open");
        } catch (ExecutionException e) {
            throw new IOException("reading the output of " + what, e.getCause());
        }
    }

    /** The lines {@code p} prints on its output, each to be waited for with a limit. */
    public static Lines linesOf(Process p) {
        return new Lines(p);
    }

    /**
     * A process's output line by line, read by a thread of its own, so that a test waiting for a
     * line its child never prints (a child that hangs, or waits itself) fails in time instead of
     * blocking in a read nothing can interrupt.
     */
    public static final class Lines {
        private static final String END = new String("end of output"); // compared by identity
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final long pid;

        private Lines(Process p) {
            pid = p.pid();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) lines.add(line);
                } catch (IOException e) {
                    // the pipe closed under the reader: its end, as far as the test is concerned
                } finally {
                    lines.add(END);
                }
            }, "lines of " + pid);
            reader.setDaemon(true);
            reader.start();
        }

        /** The next line, or null at the end of the output; fails the test when none comes within {@code seconds}. */
        public String next(long seconds) throws InterruptedException {
            String line = lines.poll(seconds, TimeUnit.SECONDS);
            if (line == null) throw new AssertionError("process " + pid + " printed no line within " + seconds + " s");
            if (line == END) lines.add(END);
            return line == END ? null : line;
        }
    }

    /**
     * Kills {@code p} (if any) and every process it started, and waits a little for it: a test's
     * cleanup, whatever state the test left it in. The descendants are listed before the kill, as
     * they are no longer its descendants once it is gone (a JVM under strace, say, would live on).
     */
    public static void kill(Process p) throws InterruptedException {
        if (p == null) return;
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        p.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle d : descendants) {
            try {
                d.onExit().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // not ours to wait for any longer: SIGKILL cannot be refused, so it is on its way out
            }
        }
    }
}
