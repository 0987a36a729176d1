package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import org.bayard.smtp.Sinks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.SmtpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate on a filesystem with less free space than smtp.min-free-mb: it answers MAIL with
 * {@code 452 4.3.1}, so the sender keeps the message and retries, instead of taking mail it may
 * not be able to spool, hold or learn from. It took every message until a write failed. The
 * threshold is set above what the test's own folder has free, rather than a disk filled.
 */
class LowDiskTest {
    @TempDir Path tmp;
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();
    TestGate gate;

    private void start(long minFreeMb) throws IOException {
        sink = sinks.start();
        gate = gates.start(tmp, "", "  min-free-mb: " + minFreeMb + "\n", sink.address().getPort(), log);
    }

    private long freeMb() throws IOException {
        return Files.getFileStore(tmp).getUsableSpace() >> 20;
    }

    @Test
    void mailIsRefusedWith452WhileTheQuarantineHasLessFreeSpaceThanTheThreshold() throws Exception {
        start(freeMb() + 100_000);
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.send("EHLO client.test\r\n")).startsWith("250");
            assertThat(c.send("MAIL FROM:<a@example.org>\r\n")).isEqualTo("452 4.3.1 Insufficient system storage");
            // nothing was asked of the next hop, and the session goes on: the client may QUIT and retry later
            assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("503");
            assertThat(c.send("QUIT\r\n")).startsWith("221");
        }
        assertThat(sink.envelopeLines).isEmpty();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"event\":\"mail-refused\"").contains("min-free-mb");
    }

    @Test
    void mailIsTakenWhenTheFreeSpaceIsAboveTheThreshold() throws Exception {
        long free = freeMb();
        assertThat(free).as("the test needs a little free space in its folder").isGreaterThan(20);
        start(free / 2);
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.send("EHLO client.test\r\n")).startsWith("250");
            assertThat(c.send("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send("Subject: hello\r\n\r\nhello\r\n.\r\n")).startsWith("250");
        }
    }

    /**
     * A client that declares at MAIL a SIZE the spool cannot take above min-free-mb gets 452 4.3.1
     * there, as Postfix answers when a declared size would not fit its queue: the gate took such a
     * message until its disk fell below the threshold and then answered 452 after every byte had
     * crossed the network. A SIZE that fits is taken. Here the threshold leaves 500 MiB of room.
     */
    @Test
    void aDeclaredSizeThatWouldNotFitAboveTheThresholdIsRefusedAtMail() throws Exception {
        long free = freeMb();
        assertThat(free).as("the test needs some free space in its folder").isGreaterThan(2000);
        sink = sinks.start();
        sink.sizeKeyword = "SIZE"; // no limit of its own
        gate = gates.start(tmp, "", "  min-free-mb: " + (free - 500) + "\n  max-message-bytes: 2000000000\n",
                sink.address().getPort(), log);
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.send("EHLO client.test\r\n")).startsWith("250");
            assertThat(c.send("MAIL FROM:<a@example.org> SIZE=" + (1000L << 20) + "\r\n"))
                    .isEqualTo("452 4.3.1 Insufficient system storage");
            assertThat(c.send("MAIL FROM:<a@example.org> SIZE=" + (10L << 20) + "\r\n")).startsWith("250");
            assertThat(c.send("RSET\r\n")).startsWith("250");
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"event\":\"mail-refused\"")
                .contains("SIZE=" + (1000L << 20)).contains("min-free-mb");
    }

    /**
     * After the queue too (Postfix defers the message and tries again), and with no threshold at
     * all: a declared size larger than the spool's free space cannot be spooled.
     */
    @Test
    void afterTheQueueADeclaredSizeLargerThanTheFreeSpaceIsRefusedAtMail() throws Exception {
        long free = freeMb();
        sink = sinks.start();
        sink.sizeKeyword = "SIZE";
        gate = gates.start(tmp, "", "  mode: after-queue\n", sink.address().getPort(), log);
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.send("EHLO client.test\r\n")).startsWith("250");
            assertThat(c.send("MAIL FROM:<a@example.org> SIZE=" + ((free + 100_000) << 20) + "\r\n"))
                    .isEqualTo("452 4.3.1 Insufficient system storage");
            assertThat(c.send("MAIL FROM:<a@example.org> SIZE=1000\r\n")).startsWith("250");
            assertThat(c.send("RSET\r\n")).startsWith("250");
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"event\":\"mail-refused\"").contains("SIZE=");
    }

    /**
     * A declared size past the next hop's limit is 552, for good, before its room on the disk is
     * asked about, as Postfix checks message_size_limit before its queue's free space: a 452 for
     * it made the sender retry for days a message that could never be taken.
     */
    @Test
    void aDeclaredSizePastTheNextHopsLimitIs552EvenWhereItWouldNotFitOnTheDisk() throws Exception {
        long free = freeMb();
        sink = sinks.start(); // SIZE 100000000
        gate = gates.start(tmp, "", "  mode: after-queue\n", sink.address().getPort(), log);
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.send("EHLO client.test\r\n")).startsWith("250");
            assertThat(c.send("MAIL FROM:<a@example.org> SIZE=" + ((free + 100_000) << 20) + "\r\n")).startsWith("552 5.3.4");
        }
    }

    /**
     * Harvest mode left on (a flag file forgotten) fills the disk it shares with the store and the
     * quarantine by default, and then the gate answers 452 to all mail. So harvest stops saving
     * while its folder's file system has less than twice min-free-mb free: the mail still flows,
     * and each copy not saved is logged. Here min-free-mb is three quarters of what is free, so the
     * gate takes mail while harvest is already below its floor.
     */
    @Test
    void harvestStopsSavingBeforeItsCopiesWouldMakeTheGateRefuseMail() throws Exception {
        long free = freeMb();
        assertThat(free).as("the test needs a little free space in its folder").isGreaterThan(20);
        Path harvest = tmp.resolve("h");
        sink = sinks.start();
        gate = gates.start(tmp, "", "  min-free-mb: " + (free * 3 / 4) + "\n  harvest: true\n  harvest-dir: \"" + harvest + "\"\n",
                sink.address().getPort(), log);
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.send("EHLO client.test\r\n")).startsWith("250");
            assertThat(c.send("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send("Subject: hello\r\nMessage-ID: <h1@example.org>\r\n\r\nhello\r\n.\r\n")).startsWith("250");
        }
        try (var saved = Files.walk(harvest)) {
            assertThat(saved.filter(Files::isRegularFile)).as("copies saved below the floor").isEmpty();
        } catch (java.nio.file.NoSuchFileException none) {
            // nothing saved, not even a folder: as it should be
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"event\":\"harvest-failed\"").contains("smtp.min-free-mb");
    }

    @Test
    void aThresholdBelowZeroIsRefusedByConfigCheck() throws IOException {
        Path file = Files.writeString(tmp.resolve("bayard.yaml"), "smtp:\n  min-free-mb: -1\n");
        Cli.Result r = new Cli(tmp.resolve("db")).run("config", "check", file.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("smtp.min-free-mb must be at least 0, got -1").hasLineCount(1);
        Files.writeString(file, "smtp:\n  min-free-mb: 0\n");
        assertThat(new Cli(tmp.resolve("db")).run("config", "check", file.toString()).exitCode()).isZero();
    }
}
