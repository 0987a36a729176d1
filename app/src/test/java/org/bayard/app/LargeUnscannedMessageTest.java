package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import org.bayard.smtp.Sinks;
import static org.bayard.app.SmtpClients.command;
import static org.bayard.app.SmtpClients.reply;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.List;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.SmtpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * After the queue, a message far larger than the gate's heap and than smtp.max-message-bytes is
 * passed on to the next hop unscanned, whole: the gate keeps it on disk while it arrives and
 * streams it from there, so its size costs no heap.
 */
class LargeUnscannedMessageTest {
    private static final long MESSAGE_BYTES = 200L << 20;
    @TempDir Path tmp;
    Process serve;
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();
    TestGate gate;

    @AfterEach
    void stop() throws Exception {
        ChildJvm.kill(serve);
        if (gate != null) gate.close();
    }

    @Test
    void twoHundredMegabytesPassAfterTheQueueInASixtyFourMegabyteHeap() throws Exception {
        sink = sinks.start();
        sink.sizeKeyword = "SIZE 1000000000";
        sink.keptBytes = 4096;
        Path db = SampleStore.copy(SampleStore.trained(tmp.resolve("trained")), tmp);
        Path config = Files.writeString(tmp.resolve("bayard.yaml"), "smtp:\n  mode: after-queue\n  max-message-bytes: 1048576\n");
        Path log = tmp.resolve("serve.log");
        serve = ServeChild.command(List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"), db, tmp.resolve("q"),
                sink.address().getPort(), log, "-c", config.toString()).start();
        int port = ServeChild.ports(log).smtp();

        byte[] line = "the minutes of the meeting, with the figures for the quarter and the plans for the next\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        String answer;
        long sent = 0;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(300_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 65536);
            reply(in);
            for (String c : List.of("EHLO postfix.example", "MAIL FROM:<sender@example.net>", "RCPT TO:<list@example.org>", "DATA")) {
                assertThat(command(in, out, c)).matches("[23].*");
            }
            byte[] head = ("From: sender@example.net\r\nTo: list@example.org\r\nSubject: the archive\r\n"
                    + "Message-ID: <archive@example.net>\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            out.write(head);
            sent += head.length;
            while (sent < MESSAGE_BYTES) {
                out.write(line);
                sent += line.length;
            }
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            answer = reply(in);
        }
        String said = Files.readString(log);
        assertThat(serve.isAlive()).as(said).isTrue();
        assertThat(said).doesNotContain("OutOfMemoryError");
        assertThat(answer).as(said).startsWith("250 2.0.0 Ok: queued");
        assertThat(sink.delivered).hasSize(1);
        RecordingSink.Delivered d = sink.delivered.get(0);
        String field = "X-Bayard-Classification: unscanned; too large (" + sent
                + " bytes, smtp.max-message-bytes 1048576)\r\n";
        assertThat(d.text()).startsWith("From: sender@example.net\r\n").contains(field);
        assertThat(d.size()).isEqualTo(sent + field.length());
        ServeReloadTest.waitForLog(log, "not scanned: " + sent + " bytes", 1); // the decision line, written after the reply
    }

    /**
     * A large message to a trap and to a person: the person gets it unscanned, and the trap learns
     * it, as a trap learns any report, from the spool. To traps alone it is learned and goes
     * nowhere, answered 250: a 552 there was a bounce to the spam's forged sender.
     */
    @Test
    void aLargeMessageToATrapIsLearnedAndOnlyThePersonGetsIt() throws Exception {
        sink = sinks.start();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        gate = TestGate.start("", "  mode: after-queue\n  max-message-bytes: 2048\n  spam-traps: [trap@example.test]\n",
                SampleStore.copy(SampleStore.trained(tmp.resolve("trained")), tmp), tmp.resolve("q"), sink.address().getPort(),
                Clock.systemUTC(), log);
        String message = "From: spammer@example.net\r\nSubject: offer\r\n\r\n" + "buy now, cheap pills\r\n".repeat(300);
        String other = message.replace("Subject: offer", "Subject: another offer");

        assertThat(send(message, "trap@example.test", "list@example.test")).startsWith("250 2.0.0 Ok: queued");
        assertThat(send(other, "trap@example.test")).startsWith("250 2.0.0 Ok");
        assertThat(sink.delivered).hasSize(1);
        assertThat(sink.delivered.get(0).recipients()).containsExactly("list@example.test");
        assertThat(sink.delivered.get(0).text()).startsWith("From: spammer@example.net\r\nSubject: offer\r\n"
                + "X-Bayard-Classification: unscanned; too large (" + message.length() + " bytes, smtp.max-message-bytes 2048)\r\n\r\n");
        String decisions = log.toString(StandardCharsets.UTF_8);
        assertThat(decisions.lines().filter(l -> l.contains("trap spam: 1 learned; not scanned: ")).count()).as(decisions).isEqualTo(2);
        assertThat(gate.gate().quarantine().ids()).isEmpty();
    }

    private String send(String message, String... recipients) throws Exception {
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            c.reply();
            c.send("EHLO postfix.test\r\n");
            c.send("MAIL FROM:<spammer@example.net>\r\n");
            for (String r : recipients) assertThat(c.send("RCPT TO:<" + r + ">\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            String reply = c.send(message + ".\r\n");
            c.send("QUIT\r\n");
            return reply;
        }
    }
}
