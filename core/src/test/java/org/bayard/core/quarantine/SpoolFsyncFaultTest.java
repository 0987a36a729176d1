package org.bayard.core.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F3 of RELIABILITY.md with a real fault: a spool whose directory fsync fails (EIO), injected by
 * strace into a JVM that holds one message. The fsync comes after both renames, so the item was
 * already in place when the failure was reported: the gate answered 451, the item stayed held, and
 * the sender's retry held the message a second time (two items, two releases, two copies).
 */
class SpoolFsyncFaultTest {
    @TempDir Path dir;

    /** Holds one message in the spool named by the first argument; prints "held" or "failed: why". */
    public static void main(String[] args) throws Exception {
        Spool s = Spool.open(Path.of(args[0]));
        try {
            s.hold("H.1", new ByteArrayInputStream("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)), "{}".getBytes());
            System.out.println("held");
        } catch (java.io.IOException e) {
            System.out.println("failed: " + e.getMessage());
        }
    }

    @Test
    void aDirectoryFsyncThatFailsLeavesNoItemBehind() throws Exception {
        Path spool = dir.resolve("q");
        Spool.open(spool);
        // -P: only the fsync of the spool directory itself fails; the message and sidecar files
        // are fsynced in tmp/, a path of their own, and succeed
        Path said = dir.resolve("holder.out");
        Process p = new ProcessBuilder("strace", "-f", "-qq", "-o", "/dev/null", "-P", spool.toString(), "-e", "trace=fsync",
                "-e", "inject=fsync:error=EIO", ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), SpoolFsyncFaultTest.class.getName(), spool.toString())
                .redirectErrorStream(true).redirectOutput(said.toFile()).redirectInput(new java.io.File("/dev/null")).start();
        // its output through a file and a bounded wait: a read of the pipe to its end waits for ever
        // should the traced JVM hang; strace and the JVM under it are killed together if they run over
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            List<ProcessHandle> traced = p.descendants().toList();
            p.destroyForcibly();
            traced.forEach(ProcessHandle::destroyForcibly);
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(said, StandardCharsets.UTF_8);
        assertThat(ended).as(out).isTrue();
        assertThat(out).as("the holder's output").contains("failed: Input/output error");
        // a 451 was the answer, so nothing may stay held: the retry will hold it again
        assertThat(Spool.open(spool).ids()).isEmpty();
        try (var files = Files.list(spool)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).isEqualTo(List.of("tmp"));
        }
        assertThat(spool.resolve("tmp")).isEmptyDirectory();
    }
}
