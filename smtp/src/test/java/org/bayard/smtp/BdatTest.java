package org.bayard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * CHUNKING (RFC 3030) on the gate, the reliability matrix's P7, by a raw client: messages in
 * chunks, pipelined, with the limits and mistakes of each kind; every chunk's octets read off
 * whatever the answer, so the session stays in step; the message passed on with DATA.
 */
class BdatTest {
    @TempDir Path tmp;
    @RegisterExtension final Sinks sinks = new Sinks();
    @RegisterExtension final LoopbackGate gates = new LoopbackGate();
    RecordingSink sink;
    SmtpServer server;
    Path spool;
    final List<String> decisions = new CopyOnWriteArrayList<>();

    /** Subject "spam" is refused, "hold" held, anything else relayed. */
    final MessageFilter filter = new MessageFilter() {
        @Override
        public FilterResult filter(Envelope env, SpooledMessage m) throws IOException {
            String text = new String(m.head(100_000), StandardCharsets.ISO_8859_1);
            if (text.contains("Subject: spam")) return new FilterResult.Refuse(Reply.of(550, "5.7.1 spam"), "spam");
            if (text.contains("Subject: hold")) return new FilterResult.Held("q");
            return new FilterResult.Relay(new byte[0], 0, "ok");
        }

        @Override
        public void finished(Envelope env, FilterResult result, Reply reply, boolean clientLost, long nanos) {
            decisions.add(reply.code() + (clientLost ? " lost" : ""));
        }
    };

    @BeforeEach
    void start() throws IOException {
        sink = sinks.start();
        spool = Files.createDirectories(tmp.resolve("spool"));
        server = gates.start(LoopbackGate.settings(sink.address(), 1_024, spool), filter);
    }

    @Test
    void ehloOffersChunking() throws IOException {
        try (SmtpClient c = new SmtpClient(server.port())) {
            c.reply();
            assertThat(c.send("EHLO client.test\r\n")).contains("250-CHUNKING");
        }
    }

    /** Two chunks, the line of a single dot and a dot-led line among them: the next hop gets the message byte for byte. */
    @Test
    void aMessageInChunksReachesTheNextHopByteForByte() throws IOException {
        String first = "Subject: chunks\r\nMessage-ID: <1@client.test>\r\n\r\nline one\r\n.\r\n.hidden";
        String second = " dot\r\nlast line\r\n";
        try (SmtpClient c = transaction()) {
            assertThat(c.send("BDAT " + first.length() + "\r\n" + first)).isEqualTo("250 2.0.0 " + first.length() + " octets received");
            assertThat(c.send("BDAT " + second.length() + " LAST\r\n" + second)).startsWith("250 2.0.0 Ok");
            assertThat(c.send("NOOP\r\n")).startsWith("250");
        }
        assertThat(sink.delivered).singleElement().satisfies(d ->
                assertThat(new String(d.data(), StandardCharsets.ISO_8859_1)).isEqualTo(first + second));
    }

    /** RFC 2920 and 3030: the whole transaction in one write, chunks and all; the replies come in order. */
    @Test
    void aPipelinedTransactionIsAnsweredInOrder() throws IOException {
        String a = "Subject: pipelined\r\n\r\n";
        String b = "body without a final line end";
        try (SmtpClient c = LoopbackGate.greeted(server)) {
            c.write("MAIL FROM:<s@client.test>\r\nRCPT TO:<r@example.test>\r\nBDAT " + a.length() + "\r\n" + a + "BDAT " + b.length()
                    + "\r\n" + b + "BDAT 0 LAST\r\nNOOP\r\n");
            assertThat(c.reply()).startsWith("250 2.1.0");
            assertThat(c.reply()).startsWith("250 2.1.5");
            assertThat(c.reply()).isEqualTo("250 2.0.0 " + a.length() + " octets received");
            assertThat(c.reply()).isEqualTo("250 2.0.0 " + b.length() + " octets received");
            assertThat(c.reply()).startsWith("250 2.0.0 Ok");
            assertThat(c.reply()).startsWith("250 2.0.0 Ok");
        }
        // DATA needs the last line ended: the next hop gets the CR LF the message lacked
        assertThat(new String(sink.delivered.getFirst().data(), StandardCharsets.ISO_8859_1)).isEqualTo(a + b + "\r\n");
    }

    /** A bare LF in a chunk refuses the message at its last chunk, as in DATA; a CR LF split between two chunks is no bare line end. */
    @Test
    void aBareLineEndRefusesTheMessageAndACrLfSplitAcrossChunksDoesNot() throws IOException {
        try (SmtpClient c = transaction()) {
            assertThat(c.send(bdat("Subject: bare\n\r\nbody\r\n", false))).startsWith("250");
            assertThat(c.send("BDAT 0 LAST\r\n")).startsWith("550 5.5.2");
            assertThat(c.send("NOOP\r\n")).startsWith("250");
            assertThat(c.send("MAIL FROM:<s@client.test>\r\n")).startsWith("250");
            c.send("RCPT TO:<r@example.test>\r\n");
            assertThat(c.send(bdat("Subject: split\r", false))).startsWith("250");
            assertThat(c.send(bdat("\n\r\nbody\r\n", true))).startsWith("250 2.0.0 Ok");
        }
        assertThat(sink.delivered).singleElement().satisfies(d ->
                assertThat(new String(d.data(), StandardCharsets.ISO_8859_1)).isEqualTo("Subject: split\r\n\r\nbody\r\n"));
    }

    /** Past the size limit every chunk is still read off, and the last one answered 552; the session goes on. */
    @Test
    void aMessageOverTheLimitIs552AtItsLastChunkAndTheSessionStaysInStep() throws IOException {
        String line = "x".repeat(98) + "\r\n";
        try (SmtpClient c = transaction()) {
            for (int i = 0; i < 11; i++) assertThat(c.send("BDAT 100\r\n" + line)).startsWith("250");
            assertThat(c.send("BDAT 0 LAST\r\n")).startsWith("552 5.3.4");
            assertThat(c.send("NOOP\r\n")).startsWith("250");
        }
        assertThat(sink.delivered).isEmpty();
    }

    /** A chunk sent outside a transaction with recipients is read off, its octets never run, and refused. */
    @Test
    void aChunkOutOfPlaceIsReadOffAndRefused() throws IOException {
        String smuggled = "MAIL FROM:<evil@x.test>\r\n";
        try (SmtpClient c = LoopbackGate.greeted(server)) {
            assertThat(c.send("BDAT " + smuggled.length() + " LAST\r\n" + smuggled)).isEqualTo("503 5.5.1 need MAIL and RCPT first");
            assertThat(c.send("MAIL FROM:<s@client.test>\r\n")).startsWith("250");
            assertThat(c.send("BDAT 5 LAST\r\nhello")).isEqualTo("554 5.5.1 no valid recipients");
            assertThat(c.send("RCPT TO:<r@example.test>\r\n")).startsWith("250");
            assertThat(c.send("BDAT 5\r\nhello")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("503 5.5.1 DATA after BDAT");
            assertThat(c.send("RCPT TO:<r2@example.test>\r\n")).startsWith("503 5.5.1 RCPT after BDAT");
            assertThat(c.send("RSET\r\n")).startsWith("250");
            assertThat(c.send("BDAT 6 LAST\r\nafter!")).startsWith("503");
        }
        assertThat(sink.delivered).isEmpty();
        assertThat(sink.envelopeLines).noneMatch(l -> l.contains("evil"));
    }

    /** The filter's decision at the last chunk, as at DATA's dot: spam refused, the unsure held. */
    @Test
    void theFilterDecidesAtTheLastChunk() throws Exception {
        try (SmtpClient c = transaction()) {
            assertThat(c.send(bdat("Subject: spam\r\n\r\nbuy\r\n", true))).startsWith("550 5.7.1 spam");
            c.send("MAIL FROM:<s@client.test>\r\n");
            c.send("RCPT TO:<r@example.test>\r\n");
            assertThat(c.send(bdat("Subject: hold\r\n\r\nhmm?\r\n", true))).isEqualTo("250 2.0.0 Ok: held");
        }
        assertThat(sink.delivered).isEmpty();
        // the filter hears of each outcome once the client has its reply: a moment after
        long end = System.nanoTime() + 10_000_000_000L;
        while (decisions.size() < 2 && System.nanoTime() < end) Thread.sleep(10);
        assertThat(decisions).containsExactly("550", "250");
    }

    /** A client gone in the middle of a chunk, its message spilled to disk: nothing is delivered, and nothing is left in the spool. */
    @Test
    void aClientGoneMidChunkLeavesNothing() throws Exception {
        SmtpServer spilling = gates.start(LoopbackGate.settings(sink.address(), 1_000_000, spool), filter); // 4 KiB in memory
        try (SmtpClient c = LoopbackGate.greeted(spilling)) {
            c.send("MAIL FROM:<s@client.test>\r\n");
            c.send("RCPT TO:<r@example.test>\r\n");
            assertThat(c.send(bdat("y".repeat(20_000) + "\r\n", false))).startsWith("250");
            assertThat(listed(spool)).as("the message spilled to a file").isPositive();
            c.write("BDAT 1000 LAST\r\n" + "z".repeat(10));
            c.lingerZero();
        }
        try (SmtpClient c = LoopbackGate.greeted(spilling)) {
            assertThat(c.send("NOOP\r\n")).startsWith("250");
        }
        long end = System.nanoTime() + 10_000_000_000L;
        while (listed(spool) > 0 && System.nanoTime() < end) Thread.sleep(20);
        assertThat(listed(spool)).as("spill files left").isZero();
        assertThat(sink.delivered).isEmpty();
    }

    /** A BDAT command with {@code chunk} behind it. */
    private static String bdat(String chunk, boolean last) {
        return "BDAT " + chunk.length() + (last ? " LAST" : "") + "\r\n" + chunk;
    }

    private SmtpClient transaction() throws IOException {
        SmtpClient c = LoopbackGate.greeted(server);
        assertThat(c.send("MAIL FROM:<s@client.test>\r\n")).startsWith("250");
        assertThat(c.send("RCPT TO:<r@example.test>\r\n")).startsWith("250");
        return c;
    }

    private static long listed(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }
}
