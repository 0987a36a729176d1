package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder of large messages (each well under the 64 MiB message size limit) learned in a small
 * heap: the messages waiting to be prepared were bounded only in number (8 per thread), so a
 * handful of large ones filled the heap, and learn and train stopped with "out of memory".
 */
class LargeMessagesLearnTest {
    private static final int FILES = 6;
    private static final int FILE_BYTES = 20_000_000;
    @TempDir Path tmp;

    @Test
    void learnTakesAFolderOfLargeMessagesInASmallHeap() throws Exception {
        Path folder = largeMessages();
        Run run = bayard("learn", "--spam", "--db", tmp.resolve("learn-db").toString(), folder.toString());
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains(FILES + " messages (" + FILES + " learned)");
    }

    @Test
    void trainTakesAFolderOfLargeMessagesInASmallHeap() throws Exception {
        Path folder = largeMessages();
        Run run = bayard("train", "--spam", folder.toString(), "--db", tmp.resolve("train-db").toString());
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains(FILES + " messages (" + FILES + " learned)");
    }

    private record Run(int exit, String output) {}

    /** The command in a JVM whose heap (96 MB) holds two or three of the messages, not all of them. */
    private Run bayard(String... args) throws Exception {
        Path log = tmp.resolve("run.log");
        Process p = ChildJvm.bayard(List.of("-Xmx96m"), args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("still running").isTrue();
        } finally {
            ChildJvm.kill(p);
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    /** {@link #FILES} distinct messages of {@link #FILE_BYTES} each, written a line at a time. */
    private Path largeMessages() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("large"));
        byte[] line = "a long newsletter with many words about offers and meetings and other things\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < FILES; i++) {
            try (OutputStream out = Files.newOutputStream(folder.resolve("m" + i + ".eml"))) {
                out.write(("From: sender@example.net\r\nSubject: large " + i + "\r\nMessage-ID: <large-" + i + "@example.net>\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                for (long written = 0; written < FILE_BYTES; written += line.length) out.write(line);
            }
        }
        return folder;
    }
}
