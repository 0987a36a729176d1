package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * External commands these tests run (mount, umount, stat), each waited for with a time limit and
 * killed, with what it started, when it runs over. The output goes to a file and the input is
 * empty: a read of a child's output to its end blocks for as long as anything holds the pipe
 * open, and a command reading a pipe nobody closes waits for ever; no test timeout interrupts
 * either. (The app module's tests have the same utility, org.bayard.app.Commands.)
 */
final class Commands {
    static final long LIMIT_SECONDS = 60;

    private Commands() {}

    /** How a command ended: its exit code (-1 when it ran over its limit and was killed) and its output and errors. */
    record Ran(int exit, String output) {}

    /** Runs {@code cmd} with empty input to its end or for {@link #LIMIT_SECONDS} at most. */
    static Ran run(String... cmd) throws IOException, InterruptedException {
        Path output = Files.createTempFile("bayard-command-", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(new File("/dev/null")).start();
            boolean ended;
            try {
                ended = p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
            } finally {
                List<ProcessHandle> descendants = p.descendants().toList(); // listed before it goes, as they are reparented then
                p.destroyForcibly();
                descendants.forEach(ProcessHandle::destroyForcibly);
                p.waitFor(10, TimeUnit.SECONDS);
            }
            String said = Files.readString(output, StandardCharsets.UTF_8);
            return new Ran(ended ? p.exitValue() : -1, ended ? said : "timed out after " + LIMIT_SECONDS + " s\n" + said);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Runs {@code cmd} and fails the test, with what it said, unless it ends in time with exit code 0. */
    static String succeeds(String... cmd) throws IOException, InterruptedException {
        Ran ran = run(cmd);
        assertThat(ran.exit()).as(String.join(" ", cmd) + ": " + ran.output()).isZero();
        return ran.output();
    }
}
