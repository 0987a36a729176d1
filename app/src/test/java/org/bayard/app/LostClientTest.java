package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bayard.smtp.SmtpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A client that leaves right after its final dot, before the gate's reply: the window of
 * RELIABILITY.md in which the next hop (or the quarantine) has the message and its sender did not
 * hear so, and may send it again. The message must still be in the decision log, marked, so that
 * a postmaster can tell such a possible duplicate from a message the gate never saw.
 */
class LostClientTest {
    @TempDir static Path shared;
    static Path trained;
    @TempDir Path tmp;
    final List<Process> processes = new ArrayList<>();
    TestGate gate;

    @BeforeAll
    static void train() {
        trained = SampleStore.trained(shared.resolve("db"));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (gate != null) gate.close();
        } finally {
            for (Process p : processes) Commands.kill(p);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "relayed | ''",
            // everything at or above -50 is held: the ham below goes to the quarantine
            "held    | 'policy:\n  hold-score: -50\n  tag-score: -50\n'",
    })
    void aMessageWhoseClientLeftAfterTheDotIsStillLoggedAndMarked(String what, String policy) throws Exception {
        Path dump = tmp.resolve("sink");
        Path q = tmp.resolve("q");
        // the next hop answers the final dot a second late, so the gate's 250 always comes after the client's
        // reset: once in CI the client thread, descheduled between its dot and its reset, read the 250 first
        int sinkPort = SmtpSink.start(tmp, dump, processes, "-W", ".:1");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        gate = TestGate.start(policy, "", SampleStore.copy(trained, tmp), q, sinkPort, Clock.systemUTC(), syncOn(log));

        sendThenReset(gate.gate().port(), GateFaultsTest.message("ham-2.eml", 1));

        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (GateFaultsTest.idsIn(dump, q).isEmpty() && System.nanoTime() < until) Thread.sleep(50);
        assertThat(GateFaultsTest.idsIn(dump, q)).as("the %s message is at the sink or held", what).containsOnlyKeys(1L);
        String line = "";
        while (System.nanoTime() < until) {
            line = lineFrom(log, "\"from\":\"lost@example.org\"");
            if (!line.isEmpty()) break;
            Thread.sleep(50);
        }
        assertThat(line).as("the decision log line of a %s message whose client left", what)
                .contains("\"reply\":\"250 ").contains("\"client_lost\":true");
    }

    /** One transaction, then the connection reset (no FIN, so the gate's reply cannot be written) right after the dot. */
    static void sendThenReset(int port, String message) throws IOException {
        try (SmtpClient c = new SmtpClient(port)) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.send("EHLO lost.test\r\n")).startsWith("250");
            assertThat(c.send("MAIL FROM:<lost@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            c.lingerZero();
            c.write(message + ".\r\n");
        }
    }

    static OutputStream syncOn(ByteArrayOutputStream log) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (log) {
                    log.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (log) {
                    log.write(b, off, len);
                }
            }
        };
    }

    static String lineFrom(ByteArrayOutputStream log, String containing) {
        String text;
        synchronized (log) {
            text = log.toString(StandardCharsets.UTF_8);
        }
        return text.lines().filter(l -> l.contains(containing)).findFirst().orElse("");
    }
}
