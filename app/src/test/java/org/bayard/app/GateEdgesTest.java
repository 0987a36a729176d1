package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bayard.app.GateFramingTest.Raw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger rule on the edges of a transaction, end to end with smtp-sink as the next hop: a
 * client that leaves in the middle of DATA, an RSET in the middle of a transaction, a pipelined
 * group with refusals in it, and messages exactly at and one octet over the size limit. What got
 * 250 is at the sink with exactly its own recipients; what did not is nowhere.
 */
class GateEdgesTest {
    static final int LIMIT = 4096;

    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    TestGate gate;
    Path dump;

    void start() throws Exception {
        dump = tmp.resolve("sink");
        int sinkPort = SmtpSink.start(tmp, dump, processes);
        // a policy that relays everything: the transaction is under test here, not the verdict
        gate = gates.start(tmp, "policy:\n  unsure-action: accept\n  hold-score: 1000\n  reject-score: 1000\n",
                "  max-message-bytes: " + LIMIT + "\n", sinkPort, OutputStream.nullOutputStream());
    }

    static String message(String id, String body) {
        return "Message-ID: <" + id + "@bayard.test>\r\nFrom: a@example.org\r\nSubject: edge\r\n\r\n" + body;
    }

    /** The dumps (smtp-sink's LF text) holding this Message-ID. */
    List<String> arrived(String id) throws Exception {
        return SmtpSink.settledDumps(dump).stream().filter(d -> d.contains("<" + id + "@bayard.test>")).toList();
    }

    Raw session() throws Exception {
        Raw c = new Raw(gate.gate().port());
        assertThat(c.reply()).startsWith("220");
        assertThat(c.send("EHLO edge.test\r\n")).startsWith("250");
        return c;
    }

    @Test
    void aClientLeavingInTheMiddleOfDataDeliversNothingAndTheGateGoesOn() throws Exception {
        start();
        try (Raw c = session()) {
            assertThat(c.send("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            // a whole message but for its final dot, whose last line even ends like one
            c.out.write(message("half", "first line\r\n.\r").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            c.out.flush();
        }
        try (Raw c = session()) {
            assertThat(c.send("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send(message("whole", "text\r\n") + ".\r\n")).startsWith("250");
        }
        assertThat(arrived("half")).isEmpty();
        assertThat(arrived("whole")).hasSize(1);
    }

    @Test
    void rsetInTheMiddleOfATransactionForgetsItsRecipientsAtTheNextHop() throws Exception {
        start();
        try (Raw c = session()) {
            assertThat(c.send("MAIL FROM:<old@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<dropped@example.test>\r\n")).startsWith("250");
            assertThat(c.send("RSET\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("503");
            assertThat(c.send("MAIL FROM:<new@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<kept@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send(message("after-rset", "text\r\n") + ".\r\n")).startsWith("250");
        }
        List<String> got = arrived("after-rset");
        assertThat(got).hasSize(1);
        assertThat(got.get(0)).contains("<kept@example.test>").doesNotContain("dropped@").doesNotContain("old@example.org");
    }

    @Test
    void aPipelinedGroupWithRefusalsDeliversToTheAcceptedRecipientsOnlyAndAnswersInOrder() throws Exception {
        start();
        try (Raw c = session()) {
            c.out.write(("MAIL FROM:<a@example.org>\r\nRCPT TO:<bad address\r\nRCPT TO:<one@example.test>\r\n"
                    + "RCPT TO:<>\r\nRCPT TO:<two@example.test>\r\nDATA\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            c.out.flush();
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 6; i++) replies.add(c.reply().substring(0, 3));
            assertThat(replies).containsExactly("250", "501", "250", "501", "250", "354");
            // the message, its dot and the next transaction in one write
            c.out.write((message("piped-1", "one\r\n") + ".\r\nMAIL FROM:<b@example.org>\r\nRCPT TO:<three@example.test>\r\n"
                    + "RCPT TO:<four@example.test>\r\nDATA\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            c.out.flush();
            replies.clear();
            for (int i = 0; i < 5; i++) replies.add(c.reply().substring(0, 3));
            assertThat(replies).containsExactly("250", "250", "250", "250", "354");
            assertThat(c.send(message("piped-2", "two\r\n") + ".\r\n")).startsWith("250");
        }
        List<String> first = arrived("piped-1");
        assertThat(first).hasSize(1);
        assertThat(first.get(0)).contains("<one@example.test>").contains("<two@example.test>").doesNotContain("three@");
        List<String> second = arrived("piped-2");
        assertThat(second).hasSize(1);
        assertThat(second.get(0)).contains("<three@example.test>").contains("<four@example.test>").doesNotContain("one@");
    }

    @Test
    void aMessageExactlyAtTheLimitIsRelayedAndOneOctetMoreIs552AndNowhere() throws Exception {
        start();
        String exact = sized("at-limit", LIMIT);
        String over = sized("over-limit", LIMIT + 1);
        assertThat(exact.replace("\r\n..", "\r\n.")).hasSize(LIMIT);
        try (Raw c = session()) {
            assertThat(c.send("MAIL FROM:<a@example.org> SIZE=" + LIMIT + "\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send(exact + ".\r\n")).startsWith("250");
            assertThat(c.send("MAIL FROM:<a@example.org> SIZE=" + (LIMIT + 1) + "\r\n")).startsWith("552 5.3.4");
            assertThat(c.send("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send(over + ".\r\n")).startsWith("552 5.3.4");
            assertThat(c.send("NOOP\r\n")).startsWith("250");
        }
        assertThat(arrived("at-limit")).hasSize(1);
        assertThat(arrived("over-limit")).isEmpty();
    }

    /** A message of exactly {@code size} octets as the gate counts them (unstuffed, with its last CR LF), lines of 70. */
    static String sized(String id, int size) {
        StringBuilder m = new StringBuilder(message(id, ""));
        while (m.length() + 72 <= size - 2) m.append("y".repeat(70)).append("\r\n");
        m.append("z".repeat(size - 2 - m.length())).append("\r\n");
        return m.toString();
    }
}
