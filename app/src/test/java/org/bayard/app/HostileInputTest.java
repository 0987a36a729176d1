package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Inputs that break naive filters: each gets a score (or a one-line error naming the file)
 * within a few seconds, through the command a user runs. The time bound is a hang detector,
 * not a speed target.
 */
class HostileInputTest {
    private static final Duration HANG = Duration.ofSeconds(30);
    @TempDir Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir.resolve("db"));
        cli.run("learn", "--ham", "../samples/held-out/ham-1.eml");
        cli.run("learn", "--spam", "../samples/held-out/spam-1.eml");
    }

    private void scoresWithoutTrouble(Path file) {
        assertThat(scored(file).err()).isEmpty();
    }

    /** Scored as bogofilter scores any bytes, with one line that says it is no mail message (as learn refuses it). */
    private void scoresNoMailWithAWarning(Path file) {
        assertThat(scored(file).err()).startsWith("bayard: warning: " + file + ": ").contains("not a mail message").hasLineCount(1);
    }

    private Cli.Result scored(Path file) {
        Cli.Result r = assertTimeoutPreemptively(HANG, () -> cli.run("score", file.toString()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith(file.toString()).containsPattern("p=[01]\\.\\d{6}");
        return r;
    }

    @Test
    void emptyFile() throws IOException {
        scoresNoMailWithAWarning(Files.write(dir.resolve("empty"), new byte[0]));
    }

    @Test
    void randomBinary() throws IOException {
        byte[] junk = new byte[1 << 20];
        new Random(7).nextBytes(junk);
        scoresNoMailWithAWarning(Files.write(dir.resolve("binary"), junk));
    }

    @Test
    void truncatedBase64() throws IOException {
        scoresWithoutTrouble(Files.writeString(dir.resolve("b64"), """
                Subject: truncated
                MIME-Version: 1.0
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                SGVsbG8gd29ybGQsIHRoaXMgaXMgYSB0cnVuY2F0ZWQgbWVzc2Fn=ZS=B"""));
    }

    @Test
    void fiftyMegabyteMessage() throws IOException {
        Path big = dir.resolve("big");
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write("Subject: big\nContent-Type: text/plain\n\n".getBytes(StandardCharsets.US_ASCII));
            byte[] line = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod\n".getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written < 50L << 20; written += line.length) out.write(line);
        }
        scoresWithoutTrouble(big);
    }

    @Test
    void tenThousandNestedMultiparts() throws IOException {
        StringBuilder b = new StringBuilder("Subject: nested\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n");
        for (int i = 1; i <= 10_000; i++) {
            b.append("--b").append(i - 1).append("\nContent-Type: multipart/mixed; boundary=\"b").append(i).append("\"\n\n");
        }
        b.append("--b10000\nContent-Type: text/plain\n\ndeep text\n");
        scoresWithoutTrouble(Files.writeString(dir.resolve("nested"), b));
    }

    @Test
    void fiveMegabyteHeaderLine() throws IOException {
        String header = "X-Junk: " + "a".repeat(5 << 20) + "\nSubject: long header\n\nbody\n";
        scoresWithoutTrouble(Files.writeString(dir.resolve("longheader"), header));
    }

    @Test
    void unreadablePathIsOneLineNamingIt() {
        Cli.Result r = cli.run("score", dir.resolve("missing").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("bayard: cannot read " + dir.resolve("missing") + ": no such file");
    }
}
