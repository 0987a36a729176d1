package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ctrl-C or SIGTERM to a real {@code trap} or {@code learn} reading a long standard input: past
 * 4 MiB it is copied to a temporary file, which was deleted only when the run ended normally, so
 * a trap address's pipe stopped by a mail system's shutdown left a copy of a user's report in
 * /tmp each time. The standard input here stays open after 5 MiB, as a slow sender's does, so
 * the signal comes while the copy is being made.
 */
class InterruptedStdinCopyTest {
    @TempDir Path dir;

    @ParameterizedTest
    @CsvSource({"trap,TERM", "trap,INT", "learn,TERM", "learn,INT"})
    void theCopyOfStandardInputIsDeleted(String command, String signal) throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Process child = ChildJvm.bayard(List.of("-Djava.io.tmpdir=" + tmp), command, "--spam", "--db", dir.resolve("db").toString(), "-")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = child.getOutputStream()) {
            in.write("From: a@example.org\nSubject: long\n\n".getBytes(StandardCharsets.US_ASCII));
            byte[] line = "some words of a long report\n".getBytes(StandardCharsets.US_ASCII);
            for (int written = 0; written < 5 << 20; written += line.length) in.write(line);
            in.flush();
            Await.until(() -> copies(tmp).size() == 1);
            InterruptedRuns.stop(child, signal);
            assertThat(copies(tmp)).as("left behind after SIG" + signal).isEmpty();
        } finally {
            ChildJvm.kill(child);
        }
        assertThat(copies(tmp)).isEmpty();
    }

    private static List<Path> copies(Path tmp) throws java.io.IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("bayard-stdin-")).toList(); // not the native library's copy
        }
    }
}
