package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bayard.core.quarantine.Spool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A held message larger than the heap, and the quarantine commands that read it. show, export,
 * learn-spam and learn-ham read it whole, so with the launcher's default heap on a small server a
 * held message of a few hundred MB ended them with "out of memory" (or a stack trace); here one of
 * 100 MB in a heap of 48 MB. show prints the header and the start of the text, export copies it
 * as it reads, learning reads what learning reads (limits.max-scan-bytes) and digests the rest.
 */
class LargeHeldMessageTest {
    private static final long MESSAGE_BYTES = 100_000_000;
    private static final byte[] LINE = "cheap offer click here to claim the prize you won, limited time, act now, best price\n"
            .getBytes(StandardCharsets.US_ASCII);
    @TempDir static Path shared;
    static Path held;
    @TempDir Path dir;
    Path spool;

    /** Held once, by the spool's own writer: writing and syncing 100 MB for each test took seconds of each. */
    @BeforeAll
    static void holdALargeMessage() throws Exception {
        held = shared.resolve("spool");
        byte[] sidecar = "{\"received\":\"2026-11-20T00:00:00Z\",\"reason\":\"unsure\",\"from\":\"a@example.net\",\"rcpt\":[\"b@example.org\"]}"
                .getBytes(StandardCharsets.UTF_8);
        Spool.open(held).hold("big1", new LargeMessage(), sidecar);
    }

    /**
     * The held item in a spool of the test's own: the message a second link to the one held (the
     * spool never writes a held message, it only removes it), the sidecar a copy.
     */
    @BeforeEach
    void spoolOfItsOwn() throws Exception {
        spool = Spool.open(dir.resolve("spool")).dir();
        Files.createLink(spool.resolve("big1.eml"), held.resolve("big1.eml"));
        Files.copy(held.resolve("big1.json"), spool.resolve("big1.json"));
    }

    @Test
    void showPrintsTheHeaderAndTheStartOfTheText() throws Exception {
        Run r = bayard("quarantine", "show", "--quarantine", spool.toString(), "big1");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("Subject: a large one").contains("From the start of a line")
                .contains("only the first").doesNotContain("Exception").doesNotContain("out of memory");
        assertThat(r.size()).as("the start of it, not all").isLessThan(10_000_000);
    }

    @Test
    void exportCopiesItWhole() throws Exception {
        Path mbox = dir.resolve("out.mbox");
        Run r = bayard("quarantine", "export", "--quarantine", spool.toString(), "--mbox", mbox.toString(), "big1");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("export: 1 message");
        // the envelope line, the message with its From line escaped, a line end, the blank line after it
        assertThat(Files.size(mbox)).isBetween(MESSAGE_BYTES + 1, MESSAGE_BYTES + 100);
        try (InputStream in = Files.newInputStream(mbox)) {
            String start = new String(in.readNBytes(300), StandardCharsets.US_ASCII);
            assertThat(start).startsWith("From MAILER-DAEMON ").contains("\nFrom: a@example.net\n").contains("\n>From the start of a line\n");
        }
    }

    @Test
    void learnSpamLearnsItAndDiscardsIt() throws Exception {
        Run r = bayard("quarantine", "learn-spam", "--quarantine", spool.toString(), "--db", dir.resolve("db").toString(), "big1");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("big1: learned as spam and discarded");
        assertThat(InterruptedRuns.ledgerSize(dir.resolve("db"))).isEqualTo(1);
        assertThat(Spool.open(spool).contains("big1")).isFalse();
    }

    /**
     * learn-ham learns it before it releases it: here to a next hop that refuses its recipient, so
     * the release fails and says the message was learned all the same, and the item stays held.
     */
    @Test
    void learnHamLearnsItBeforeTheRelease() throws Exception {
        try (org.bayard.smtp.RecordingSink hop = new org.bayard.smtp.RecordingSink()) {
            hop.rcptReplies.put("b@example.org", "550 5.1.1 no such user");
            Run r = bayard("quarantine", "learn-ham", "--quarantine", spool.toString(), "--db", dir.resolve("db").toString(),
                    "--next-hop", "127.0.0.1:" + hop.address().getPort(), "big1");
            assertThat(r.output()).contains("big1 not released (it stays held)").contains("it was learned as ham all the same")
                    .doesNotContain("out of memory");
        }
        assertThat(InterruptedRuns.ledgerSize(dir.resolve("db"))).isEqualTo(1);
        assertThat(Spool.open(spool).contains("big1")).isTrue();
    }

    /**
     * One whose header block is longer than what learning reads cannot be told from its body
     * without reading it whole: refused in one line, the item still held.
     */
    @Test
    void aHeaderBlockLongerThanWhatLearningReadsIsRefusedInOneLine() throws Exception {
        byte[] sidecar = "{\"received\":\"2026-11-20T00:00:00Z\",\"reason\":\"unsure\"}".getBytes(StandardCharsets.UTF_8);
        String message = "Subject: long\n" + "X-Filler: padding padding padding\n".repeat(400) + "\nbody\n";
        Spool.open(spool).hold("hdr1", new java.io.ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)), sidecar);
        Path config = Files.writeString(dir.resolve("bayard.yaml"), "limits:\n  max-scan-bytes: 4096\n");
        Run r = bayard("quarantine", "learn-spam", "-c", config.toString(), "--quarantine", spool.toString(),
                "--db", dir.resolve("db").toString(), "hdr1");
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("header block is longer than limits.max-scan-bytes (4096 bytes)")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Spool.open(spool).contains("hdr1")).isTrue();
    }

    private record Run(int exit, String output, long size) {}

    private Run bayard(String... args) throws Exception {
        Path log = dir.resolve("run.log");
        List<String> jvm = new ArrayList<>(List.of("-Xmx48m", "-XX:+ExitOnOutOfMemoryError"));
        Process p = ChildJvm.bayard(jvm, args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("still running").isTrue();
        } finally {
            ChildJvm.kill(p);
        }
        // its start and its end: what show prints of the message between may be megabytes
        long size = Files.size(log);
        byte[] start = new byte[(int) Math.min(size, 200_000)];
        byte[] end = new byte[(int) Math.min(size, 2_000)];
        try (InputStream in = Files.newInputStream(log)) {
            in.readNBytes(start, 0, start.length);
            in.skipNBytes(size - start.length - end.length > 0 ? size - start.length - end.length : 0);
            in.readNBytes(end, 0, end.length);
        }
        return new Run(p.exitValue(), new String(start, StandardCharsets.ISO_8859_1) + "\n...\n"
                + new String(end, StandardCharsets.ISO_8859_1), size);
    }

    /** A message of {@link #MESSAGE_BYTES}, made as it is read. */
    private static final class LargeMessage extends InputStream {
        private final byte[] header = ("From: a@example.net\nTo: b@example.org\nSubject: a large one\nMessage-ID: <big1@example.net>\n\n"
                + "From the start of a line\n").getBytes(StandardCharsets.US_ASCII);
        private long pos;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= MESSAGE_BYTES) return -1;
            int n = (int) Math.min(len, MESSAGE_BYTES - pos);
            for (int i = 0; i < n; i++) {
                long at = pos + i;
                b[off + i] = at < header.length ? header[(int) at] : LINE[(int) ((at - header.length) % LINE.length)];
            }
            pos += n;
            return n;
        }
    }
}
