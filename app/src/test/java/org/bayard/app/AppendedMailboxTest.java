package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training from an mbox that a delivery agent is appending to at that moment. The agent holds
 * the mailbox's fcntl lock while it writes; a reader that ignored it took the half-written last
 * message for a whole one and learned it, and the next run learned the whole message again: one
 * message counted twice, under two identities.
 */
class AppendedMailboxTest {
    @TempDir Path dir;

    private static String message(int i) {
        return "From sender" + i + "@example.org Mon Nov 23 10:00:0" + i + " 2026\n"
                + "From: <sender" + i + "@example.org>\n"
                + "To: <postmaster@example.org>\n"
                + "Subject: cheap offer number " + i + "\n"
                + "Message-ID: <offer" + i + "@example.org>\n"
                + "\n"
                + "Buy now, offer " + i + " ends soon.\n"
                + "Line two of offer " + i + " with more words.\n"
                + "Line three of offer " + i + ", the last one.\n"
                + "\n";
    }

    @Test
    void aMessageBeingDeliveredUnderTheMailboxLockIsNotLearnedHalfWritten() throws Exception {
        Path box = Files.writeString(dir.resolve("spam.mbox"), message(1) + message(2) + message(3));
        String fourth = message(4);
        int cut = fourth.indexOf("Line two");
        Path firstPart = Files.writeString(dir.resolve("first-part"), fourth.substring(0, cut));
        Path lastPart = Files.writeString(dir.resolve("last-part"), fourth.substring(cut));
        Cli cli = new Cli(dir.resolve("db"));
        // warmed up, so that the train below starts at once (a first run loads the store's library)
        Path other = Files.writeString(dir.resolve("other.eml"), "From: <a@example.org>\nSubject: lunch\n\nAt noon?\n");
        assertThat(cli.run("train", "--ham", other.toString()).exitCode()).isZero();

        Process agent = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), LockingDelivery.class.getName(),
                box.toString(), firstPart.toString(), lastPart.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            Commands.Lines said = Commands.linesOf(agent);
            assertThat(said.next(30)).isEqualTo("locked");

            CommandBesideDelivery train = CommandBesideDelivery.start(() -> cli.run("train", "--spam", box.toString()));
            train.untilWaitingFor(box);
            try (OutputStream go = agent.getOutputStream()) {
                go.write("go\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(said.next(30)).isEqualTo("delivered");
            assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();

            Cli.Result first = train.result().get(60, TimeUnit.SECONDS);
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).startsWith("train: 4 messages (4 learned) in ");
        } finally {
            ChildJvm.kill(agent);
        }

        Cli.Result again = cli.run("train", "-v", "--spam", box.toString());
        assertThat(again.out().lines().toList()).as(again.err()).startsWith(
                box + "#1: spam already learned", box + "#2: spam already learned",
                box + "#3: spam already learned", box + "#4: spam already learned");
        assertThat(again.out()).contains("\ntrain: 4 messages (4 already learned) in ");
        assertThat(cli.run("db", "stats").out()).startsWith("messages  5 (ham 1, spam 4)");
    }
}
