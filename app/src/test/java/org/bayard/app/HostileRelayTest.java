package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import org.bayard.smtp.Sinks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.SmtpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/**
 * Hostile messages through the SMTP gate to a recording next hop (rows C1, C3 and C7 of the
 * reliability matrix): each is relayed byte for byte as sent, with only our own fields added,
 * every one of them printable ASCII on one line, and nothing decoded from the message reaches
 * the next hop or the log as a line of its own.
 */
class HostileRelayTest {
    @TempDir Path tmp;

    private static final String ACCEPT_ALL = "policy:\n  unsure-action: accept\n  hold-score: 50\n  tag-score: 50\n  reject-score: 60\n";
    private static final Pattern OUR_FIELD = Pattern.compile("(?i)^(X-Spam-[A-Za-z]+|X-Bayard-Classification): ");
    private static final Pattern PRINTABLE_LINE = Pattern.compile("[\\x20-\\x7e]+");

    RecordingSink sink;

    @RegisterExtension final Sinks sinks = new Sinks();
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    TestGate gate;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private void start() throws IOException {
        sink = sinks.start();
        gate = gates.start(tmp, ACCEPT_ALL, "", sink.address().getPort(), log);
    }

    /** Sends each message in one session; every one must get 250. */
    private void send(List<String> messages) throws IOException {
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            c.reply();
            c.send("EHLO client.test\r\n");
            for (String message : messages) {
                assertThat(c.send("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
                assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
                assertThat(c.send("DATA\r\n")).startsWith("354");
                c.write(message.replace("\r\n.", "\r\n.."));
                assertThat(c.send(".\r\n")).startsWith("250");
            }
        }
    }

    /** The delivered message with our fields taken out, and our fields, each checked to be one printable line. */
    private static String withoutOurFields(byte[] delivered) {
        String text = new String(delivered, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end + 2);
        List<String> kept = new ArrayList<>();
        int ours = 0;
        for (String line : head.split("(?<=\r\n)")) {
            if (OUR_FIELD.matcher(line).find()) {
                ours++;
                assertThat(line).endsWith("\r\n");
                assertThat(line.substring(0, line.length() - 2)).matches(PRINTABLE_LINE);
            } else {
                kept.add(line);
            }
        }
        assertThat(ours).isEqualTo(4);
        return String.join("", kept) + (end < 0 ? "" : text.substring(end + 2));
    }

    @Test
    void c7EncodedLineBreaksAndLookAlikeCharsNeverBecomeLinesOfTheirOwn() throws Exception {
        start();
        String name = Base64.getEncoder().encodeToString("\u760A\u760D Bcc: y@evil.example".getBytes(StandardCharsets.UTF_8));
        String original = "From: =?utf-8?b?" + name + "?= <a@example.org>\r\n"
                + "To: list@example.test\r\n"
                + "Subject: =?utf-8?q?a=0D=0ABcc:_x@evil.example=0D=0A=00?=\r\n"
                + "Message-ID: <injection@example.org>\r\n"
                + "\r\n"
                + "hello =?utf-8?q?=0D=0ABcc:_z@evil.example?=\r\n";
        String forged = "X-Spam-Flag: NO\r\nX-Spam-Status: No, score=-100\r\n";
        send(List.of(original.replace("To: ", forged + "To: ")));

        assertThat(sink.delivered).hasSize(1);
        assertThat(withoutOurFields(sink.delivered.get(0).data())).isEqualTo(original);
        // the gate logs a message after its reply: wait for the line
        for (long end = System.currentTimeMillis() + 5000; !log.toString(StandardCharsets.UTF_8).contains("\"event\":\"message\"") && System.currentTimeMillis() < end; ) {
            Thread.sleep(20);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("\"event\":\"message\"");
        ObjectMapper json = new ObjectMapper();
        for (String line : logged.split("\n")) {
            assertThat(json.readTree(line).isObject()).as(line).isTrue();
            assertThat(line).doesNotContain("\r", "\u0000");
        }
    }

    @Test
    void c1AndC3DeepStructuresAndHeaderBombsAreRelayedAsSent() throws Exception {
        start();
        StringBuilder nested = new StringBuilder("Subject: nested\r\nMessage-ID: <nested@example.org>\r\n");
        for (int i = 0; i < 100_000; i++) {
            nested.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
        }
        nested.append("Content-Type: text/plain\r\n\r\ndeepest\r\n");
        for (int i = 99_999; i >= 0; i--) {
            nested.append("--b").append(i).append("--\r\n");
        }
        StringBuilder toLines = new StringBuilder("Subject: many\r\nMessage-ID: <many@example.org>\r\n");
        for (int i = 0; i < 100_000; i++) {
            toLines.append("To: user").append(i).append("@example.test\r\n");
        }
        toLines.append("\r\nbody\r\n");
        String folded = "Subject: start\r\n" + " word word\r\n".repeat(200_000) + "Message-ID: <folded@example.org>\r\n\r\nbody\r\n";
        String noColon = "This line is no header\r\nSubject: nocolon\r\n\r\nbody\r\n";
        String firstFold = " continued first\r\nSubject: firstfold\r\n\r\nbody\r\n";
        String longLines = "Subject: " + "s".repeat(3 << 20) + "\r\nX-Nul: a\u0000b\r\n\r\n" + "<p>".repeat(1 << 20) + "\r\n";
        String continuedAfterHeader = "Subject: a\r\n\r\n continued body\r\nX-Spam-Flag: YES\r\n";
        List<String> messages = List.of(nested.toString(), toLines.toString(), folded, noColon, firstFold, longLines, continuedAfterHeader);
        send(messages);

        assertThat(sink.delivered).hasSize(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            assertThat(withoutOurFields(sink.delivered.get(i).data())).as("message %d", i).isEqualTo(messages.get(i));
        }
    }
}
