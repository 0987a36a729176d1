package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.bayard.app.config.ConfigLoader;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.bayard.smtp.SmtpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload that switches smtp.mode applies to the sessions that start after it: a session open
 * at the reload (in its DATA phase, or between two messages of a reused connection) keeps the
 * mode it started under. Otherwise spam sent by Postfix's content_filter (after the queue) was
 * answered 550 once the mode went back to before-queue, and Postfix bounced it to its forged
 * sender; and spam from an outside client whose session started before the queue was held and
 * answered 250 instead of refused.
 */
class ReloadModeMidMessageTest {
    @TempDir Path tmp;
    @RegisterExtension final Sinks sinks = new Sinks();
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    RecordingSink sink;
    TestGate gate;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private String smtpSection(String mode) {
        return "\nsmtp:\n  next-hop: \"127.0.0.1:" + sink.address().getPort() + "\"\n  quarantine: \"" + tmp.resolve("q") + "\"\n"
                + "  mode: " + mode + "\n";
    }

    private void start(String mode) throws Exception {
        sink = sinks.start();
        gate = gates.start(tmp, "", "  mode: " + mode + "\n", sink.address().getPort(), log);
    }

    private void reloadTo(String mode) {
        gate.gate().reload(ConfigLoader.parse(smtpSection(mode), "test"));
        assertThat(gate.gate().config().smtp().mode()).isEqualTo(mode);
    }

    /** Sends spam, reloading to {@code reloadTo} after the first half of its DATA; the reply to its final dot. */
    private String spamWithReloadDuringData(String reloadTo) throws Exception {
        String spam = GateFeaturesTest.crlf("spam-1.eml");
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            c.reply();
            c.send("EHLO client.test\r\n");
            c.send("MAIL FROM:<spammer@example.net>\r\n");
            assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            int half = spam.indexOf("\r\n", spam.length() / 2) + 2;
            c.write(spam.substring(0, half));
            reloadTo(reloadTo);
            String reply = c.send(spam.substring(half) + ".\r\n");
            c.send("QUIT\r\n");
            return reply;
        }
    }

    @Test
    void spamFromAnAfterQueueSessionIsHeldThoughTheModeWentBeforeTheQueueDuringItsData() throws Exception {
        start("after-queue");
        assertThat(spamWithReloadDuringData("before-queue")).as("Postfix would bounce a 550 to the forged sender")
                .startsWith("250 2.0.0 Ok: held");
        assertThat(gate.gate().quarantine().ids()).hasSize(1);
    }

    /**
     * Postfix reuses its content_filter connections: a blocklisted sender's next message on an
     * after-queue session is taken at RCPT (Postfix has it already, a 550 would be a bounce)
     * though the mode went before the queue between the two messages.
     */
    @Test
    void aBlocklistedSenderOnAReusedAfterQueueSessionIsNotRefusedAfterAReloadToBeforeTheQueue() throws Exception {
        start("after-queue");
        gate.gate().blocklist().add("127.0.0.1", "spammer@example.net", java.time.Duration.ofHours(1));
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            c.reply();
            c.send("EHLO client.test\r\n");
            assertThat(c.send("MAIL FROM:<someone@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RSET\r\n")).startsWith("250");
            reloadTo("before-queue");
            assertThat(c.send("MAIL FROM:<spammer@example.net>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<list@example.test>\r\n")).as("a refusal after the queue is a bounce").startsWith("250");
            c.send("QUIT\r\n");
        }
        try (SmtpClient c = new SmtpClient(gate.gate().port())) { // a session begun after the reload: before the queue
            c.reply();
            c.send("EHLO client.test\r\n");
            assertThat(c.send("MAIL FROM:<spammer@example.net>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("5");
            c.send("QUIT\r\n");
        }
    }

    @Test
    void spamFromABeforeQueueSessionIsRefusedThoughTheModeWentAfterTheQueueDuringItsData() throws Exception {
        start("before-queue");
        assertThat(spamWithReloadDuringData("after-queue")).startsWith("550");
        assertThat(gate.gate().quarantine().ids()).isEmpty();
    }
}
