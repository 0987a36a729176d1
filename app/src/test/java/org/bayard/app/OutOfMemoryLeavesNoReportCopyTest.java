package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trap address's pipe hands {@code bayard trap --spam -} its report on standard input, and a
 * long one (over 4 MiB) is copied to the temporary folder to be learned from a stream. Out of
 * heap, the command halts (see OutOfMemoryEndsTheCommandTest) without the finally block that
 * deletes the copy: each report stayed there in full, and the mail system, told 75, tried again,
 * leaving one more copy of the report at each retry for days.
 */
class OutOfMemoryLeavesNoReportCopyTest {
    /** Over the 4 MiB a trap holds of standard input before it copies it to a file. */
    private static final int REPORT_BYTES = 5 << 20;
    @TempDir Path dir;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    @Test
    void aTrapOutOfHeapLeavesNoCopyOfItsReportInTheTemporaryFolder() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path db = dir.resolve("db");
        ProcessBuilder pb = HeapHogThenBayard.command(List.of("-Xmx64m", "-Djava.io.tmpdir=" + tmp, "-Dbayard.test.db=" + db,
                "-Dbayard.test.hog-when-open=" + tmp.resolve("bayard-stdin-"), "-Dbayard.test.hog-after-ms=100"),
                "trap", "--spam", "--db", db.toString(), "-");
        Path printed = dir.resolve("printed");
        Process child = pb.redirectErrorStream(true).redirectOutput(printed.toFile()).start();
        processes.add(child);

        // the report, its end not yet come (the copy is being written) when the heap runs out
        OutputStream stdin = child.getOutputStream();
        try {
            stdin.write(longReport());
            stdin.flush();
        } catch (IOException ended) {
            // the command ended before it read it all: what it says and leaves is checked below
        }
        boolean ended = child.waitFor(60, TimeUnit.SECONDS);
        if (!ended) child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        try {
            stdin.close();
        } catch (IOException gone) {
            // the command has ended
        }
        String said = Files.readString(printed, StandardCharsets.UTF_8);

        assertThat(ended).as("ended by itself; said: " + said).isTrue();
        assertThat(child.exitValue()).as("75, for the mail system to try again; said: " + said).isEqualTo(75);
        assertThat(said.lines().findFirst()).as(said).get().asString().startsWith(HeapHogThenBayard.ADVICE);
        try (Stream<Path> left = Files.list(tmp)) {
            // bayard-native-USER, the store's native library, stays there by design
            assertThat(left.filter(f -> f.getFileName().toString().startsWith("bayard-stdin-")).toList())
                    .as("no copy of the report left in the temporary folder").isEmpty();
        }
    }

    /** A spam report of {@value #REPORT_BYTES} bytes: headers, then lines of text. */
    private static byte[] longReport() {
        StringBuilder m = new StringBuilder("From: reporter@example.net\r\nTo: trap@example.org\r\nSubject: cheap pills\r\n"
                + "Message-ID: <long-report@example.net>\r\n\r\n");
        while (m.length() < REPORT_BYTES) m.append("buy cheap pills now from our online pharmacy, limited offer\r\n");
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
