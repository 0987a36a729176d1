package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY P3, P5 and P6 end to end: a raw client or smtp-source, the gate wired as {@code
 * bayard serve} wires it, and Postfix's smtp-sink as the next hop, whose dumps show what arrived.
 * smtp-sink dumps each message with the stuffing dots removed and LF line ends.
 */
class GateFramingTest {
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    TestGate gate;
    Path dump;

    void start(String smtpYaml, String... sinkFlags) throws Exception {
        dump = tmp.resolve("sink");
        int sinkPort = SmtpSink.start(tmp, dump, processes, sinkFlags);
        // a policy that relays everything: framing is under test here, not the verdict
        gate = gates.start(tmp, "policy:\n  unsure-action: accept\n  hold-score: 1000\n  reject-score: 1000\n", smtpYaml, sinkPort,
                OutputStream.nullOutputStream());
    }

    /** A raw session: exact bytes out, one reply line per read (multi-line replies are joined). */
    static final class Raw implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Raw(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        String reply() throws IOException {
            StringBuilder all = new StringBuilder();
            while (true) {
                StringBuilder line = new StringBuilder();
                for (int c; (c = in.read()) != '\n'; ) {
                    if (c < 0) return all.isEmpty() ? null : all.toString();
                    if (c != '\r') line.append((char) c);
                }
                all.append(all.isEmpty() ? "" : "\n").append(line);
                if (line.length() < 4 || line.charAt(3) == ' ') return all.toString();
            }
        }

        String send(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return reply();
        }

        /** Sends every byte in a write of its own (TCP_NODELAY): each may arrive in a segment of its own. */
        void trickle(byte[] b) throws IOException {
            for (byte x : b) {
                out.write(x);
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The body of an smtp-sink dump (after the first empty line), as lines, without the empty ones it ends with. */
    static List<String> body(String dumped) {
        String b = dumped.substring(dumped.indexOf("\n\n") + 2);
        List<String> lines = new ArrayList<>(List.of(b.split("\n", -1)));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
        return lines;
    }

    /**
     * P3: 10,000 body lines that start with dots (one, two, three, a line of only a dot), stuffed
     * by the client and sent one byte per write, so that dots fall on every segment edge. Exactly
     * one message arrives, and its body is the original line for line: no early end, no dot lost
     * or doubled on the way in or out.
     */
    @Test
    void dotsAtTheStartOfLinesSurviveOneByteWritesBothWays() throws Exception {
        start("");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            lines.add(switch (i % 5) {
                case 0 -> ".";
                case 1 -> "." + i;
                case 2 -> ".." + i;
                case 3 -> "...";
                default -> "x." + i;
            });
        }
        StringBuilder wire = new StringBuilder("Subject: dots\r\nMessage-ID: <dots@bayard.test>\r\n\r\n");
        for (String l : lines) wire.append(l.startsWith(".") ? "." : "").append(l).append("\r\n");
        wire.append(".\r\n");
        try (Raw c = new Raw(gate.gate().port())) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.send("EHLO ledger.test\r\n")).startsWith("250");
            assertThat(c.send("MAIL FROM:<dots@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            c.trickle(wire.toString().getBytes(StandardCharsets.ISO_8859_1));
            assertThat(c.reply()).startsWith("250 2.0.0 Ok: queued");
            assertThat(c.send("QUIT\r\n")).startsWith("221");
        }
        List<String> arrived = SmtpSink.settledDumps(dump);
        assertThat(arrived).hasSize(1);
        List<String> got = body(arrived.get(0));
        assertThat(got.size()).isEqualTo(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(got.get(i)).as("body line %d", i + 1).isEqualTo(lines.get(i));
        }
    }

    /**
     * P5: 6 MB of DATA against a 1 MB limit, from smtp-source, which declares no SIZE: read
     * through to the end, then 552 5.3.4; the next hop's transaction is aborted before its final
     * dot (smtp-sink keeps no dump), and the spill file the message went to is removed.
     */
    @Test
    void aMessageOverTheLimitIs552AndLeavesNothingAtTheNextHopOrOnDisk() throws Exception {
        start("  max-message-bytes: 1048576\n  memory-per-message: 65536\n");
        Commands.Ran source = Commands.run(new ProcessBuilder("/usr/sbin/smtp-source", "-m", "1", "-l", "6000000", "-f", "big@example.org",
                "-t", "list@example.test", "127.0.0.1:" + gate.gate().port()).redirectErrorStream(true), 60);
        String said = source.output();
        assertThat(source.timedOut()).isFalse();
        assertThat(said).contains("552 5.3.4");
        // smtp-source closes as soon as it has the reply, and the gate may still be cleaning up
        Path spill = tmp.resolve("q").resolve("tmp");
        for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end && !isEmpty(spill); ) Thread.sleep(20);
        assertThat(isEmpty(spill)).as("spill files left in %s", spill).isTrue();
        assertThat(SmtpSink.settledDumps(dump)).isEmpty();
    }

    /**
     * P6: 5,000 recipients pipelined in one write. The first 1,000 (the default limit) get 250 and
     * the rest 452 4.5.3, in order; one 250 at the end of DATA covers the message, and the next
     * hop got exactly the 1,000 accepted recipients, once each.
     */
    @Test
    void fiveThousandRecipientsGiveTheFirstThousandTheMessageAndTheRest452() throws Exception {
        start("");
        StringBuilder rcpts = new StringBuilder();
        for (int i = 0; i < 5_000; i++) rcpts.append("RCPT TO:<u").append(i).append("@example.test>\r\n");
        List<String> replies = new ArrayList<>();
        try (Raw c = new Raw(gate.gate().port())) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.send("EHLO ledger.test\r\n")).contains("PIPELINING");
            assertThat(c.send("MAIL FROM:<many@example.org>\r\n")).startsWith("250");
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    c.out.write(rcpts.toString().getBytes(StandardCharsets.US_ASCII));
                    c.out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            for (int i = 0; i < 5_000; i++) replies.add(c.reply());
            writer.join();
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send("Subject: many\r\nMessage-ID: <many@bayard.test>\r\n\r\nhello\r\n.\r\n")).startsWith("250 2.0.0");
        }
        assertThat(replies.subList(0, 1_000)).allMatch(r -> r.startsWith("250 2.1.5"));
        assertThat(replies.subList(1_000, 5_000)).allMatch(r -> r.startsWith("452 4.5.3"));
        List<String> arrived = SmtpSink.settledDumps(dump);
        assertThat(arrived).hasSize(1);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) expected.add("X-Rcpt-Args: <u" + i + "@example.test>");
        assertThat(arrived.get(0).lines().filter(l -> l.startsWith("X-Rcpt-Args:")).toList()).isEqualTo(expected);
    }

    /**
     * P4: a 1 MB EHLO and a 10 MB MAIL line get 500 5.5.2 once their CR LF comes (the framer keeps
     * 2 KB of a line and reads the rest through), NUL in MAIL FROM 501, and the session goes on.
     * A body of one 10 MB line carrying NUL and 8-bit bytes is relayed whole, nothing cut at a NUL.
     */
    @Test
    void hugeCommandLinesAreRefusedAndAHugeBodyLineWithNulIsRelayedWhole() throws Exception {
        start("");
        byte[] line = new byte[10_000_000];
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < line.length; i++) line[i] = (byte) ('a' + random.nextInt(26));
        for (int i = 0; i < line.length; i += 100_003) line[i] = 0;
        for (int i = 50_000; i < line.length; i += 100_003) line[i] = (byte) 0xE9;
        try (Raw c = new Raw(gate.gate().port())) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.send("EHLO " + "h".repeat(1_000_000) + "\r\n")).startsWith("500 5.5.2");
            assertThat(c.send("EHLO ledger.test\r\n")).startsWith("250");
            c.out.write("MAIL FROM:<".getBytes(StandardCharsets.US_ASCII));
            c.out.write(line);
            assertThat(c.send(">\r\n")).startsWith("500 5.5.2");
            assertThat(c.send("MAIL FROM:<a\u0000b@example.org>\r\n")).startsWith("501");
            assertThat(c.send("NOOP\r\n")).startsWith("250");
            assertThat(c.send("MAIL FROM:<long@example.org> BODY=8BITMIME\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            c.out.write("Subject: one line\r\nMessage-ID: <long@bayard.test>\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            c.out.write(line);
            assertThat(c.send("\r\n.\r\n")).startsWith("250 2.0.0 Ok: queued");
        }
        List<String> arrived = SmtpSink.settledDumps(dump);
        assertThat(arrived).hasSize(1);
        // smtp-sink may write a line this long in pieces: compare with its line breaks taken out
        String got = String.join("", body(arrived.get(0)));
        assertThat(got.length()).isEqualTo(line.length);
        assertThat(got.equals(new String(line, StandardCharsets.ISO_8859_1))).as("the 10 MB line arrived unchanged").isTrue();
    }

    /**
     * P8 and P9's injected XCLIENT, with a next hop that lacks 8BITMIME (smtp-sink -8): our EHLO
     * leaves out what the next hop does not offer, and a client using it anyway is refused at
     * MAIL (never 250 there and a failure later); an address needing SMTPUTF8 without it is 553
     * 5.6.7. XCLIENT from a client is 502 and never passed on. Plain mail still goes through.
     */
    @Test
    void whatTheNextHopLacksIsNotOfferedAndRefusedAtMail() throws Exception {
        start("", "-8");
        try (Raw c = new Raw(gate.gate().port())) {
            assertThat(c.reply()).startsWith("220");
            String ehlo = c.send("EHLO ledger.test\r\n");
            assertThat(ehlo).contains("PIPELINING").doesNotContain("8BITMIME");
            assertThat(c.send("XCLIENT ADDR=192.0.2.1\r\n")).startsWith("502");
            assertThat(c.send("MAIL FROM:<a@example.org> BODY=8BITMIME\r\n")).startsWith("555");
            String jorg = new String("j\u00f6rg@example.org".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            assertThat(c.send("MAIL FROM:<" + jorg + ">\r\n")).startsWith("553 5.6.7");
            String utf8 = c.send("MAIL FROM:<" + jorg + "> SMTPUTF8\r\n");
            if (ehlo.contains("SMTPUTF8")) {
                assertThat(utf8).startsWith("250");
                assertThat(c.send("RSET\r\n")).startsWith("250");
            } else {
                assertThat(utf8).startsWith("555 5.6.7");
            }
            assertThat(c.send("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send("Subject: plain\r\nMessage-ID: <plain@bayard.test>\r\n\r\nhello\r\n.\r\n")).startsWith("250 2.0.0");
        }
        List<String> arrived = SmtpSink.settledDumps(dump);
        assertThat(arrived).hasSize(1);
        assertThat(arrived.get(0)).contains("X-Mail-Args: <a@example.org>").doesNotContain("192.0.2.1");
    }

    private static boolean isEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return true;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
