package org.bayard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy against a recording next hop, driven by a raw client: send/expect scripts on port 0. */
class GateServerTest {
    @TempDir Path tmp;
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();
    @RegisterExtension final LoopbackGate gates = new LoopbackGate();
    SmtpServer server;
    final List<String> finished = new CopyOnWriteArrayList<>();
    final List<String> judged = new CopyOnWriteArrayList<>();
    final java.util.concurrent.CountDownLatch judging = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    /** Subject "spam" is refused, "hold" is held, anything else relayed with a header added. */
    final MessageFilter filter = new MessageFilter() {
        @Override
        public FilterResult filter(Envelope env, SpooledMessage m) throws IOException {
            String text = new String(m.head(100_000), StandardCharsets.ISO_8859_1);
            if (text.contains("Subject: spam")) return new FilterResult.Refuse(Reply.of(550, "5.7.1 spam"), "spam");
            if (text.contains("Subject: hold")) return new FilterResult.Held("q");
            if (text.contains("Subject: crash")) throw new IOException("store down");
            // what a class missing from a jar replaced under a running serve threw
            if (text.contains("Subject: broken")) throw new NoClassDefFoundError("org/bayard/app/gate/TrapLearner");
            if (text.contains("Subject: slow")) {
                judging.countDown();
                try {
                    if (!release.await(20, java.util.concurrent.TimeUnit.SECONDS)) throw new IOException("never released");
                } catch (InterruptedException e) {
                    throw new IOException("interrupted while judging", e);
                }
            }
            return new FilterResult.Relay("X-Test: yes\r\n".getBytes(StandardCharsets.US_ASCII), 0, "ok");
        }

        @Override
        public void finished(Envelope env, FilterResult result, Reply reply, boolean clientLost, long nanos) {
            finished.add(env.reversePath() + " " + reply.code());
            judged.add(env.client().getHostAddress() + " " + env.helo());
        }

        @Override
        public void messageCut(Envelope env, long bytes, String how) {
            cut.add(env.reversePath() + " " + bytes + " " + how);
        }
    };
    final List<String> cut = new CopyOnWriteArrayList<>();

    /**
     * A client that leaves mid-DATA, mid-chunk or between BDAT chunks: nothing is delivered, and the
     * filter is told once, for the log (such sessions left no line at all, as Postfix logs "lost
     * connection after DATA").
     */
    @Test
    void aMessageCutOffByItsClientIsToldOnceAndNothingIsDelivered() throws Exception {
        start();
        try (SmtpClient c = inTransaction("data@x.test")) {
            assertThat(c.send("DATA\r\n")).startsWith("354");
            c.write("Subject: cut\r\n\r\nhalf a line");
        }
        try (SmtpClient c = inTransaction("chunk@x.test")) {
            c.write("BDAT 100\r\nSubject: cut\r\n");
        }
        try (SmtpClient c = inTransaction("between@x.test")) {
            assertThat(c.send("BDAT 15\r\nSubject: cut\r\n\r\n")).startsWith("250");
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (cut.size() < 3 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(cut).containsExactlyInAnyOrder(
                "data@x.test 27 the client closed the connection during DATA",
                "chunk@x.test 14 the client closed the connection during BDAT",
                "between@x.test 15 the session ended before the last BDAT chunk");
        assertThat(finished).isEmpty();
        assertThat(sink.delivered).isEmpty();
    }

    /** A greeted client whose transaction from {@code sender} to one recipient is open. */
    SmtpClient inTransaction(String sender) throws IOException {
        SmtpClient c = greeted();
        assertThat(c.send("MAIL FROM:<" + sender + ">\r\n")).startsWith("250");
        assertThat(c.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
        return c;
    }

    void start(InetSocketAddress nextHop, List<String> trustedNets) throws IOException {
        server = gates.start(LoopbackGate.settings(nextHop, 100_000, tmp, trustedNets), filter);
    }

    void start() throws IOException {
        sink = sinks.start();
        start(sink.address(), List.of("127.0.0.0/8"));
    }

    SmtpClient greeted() throws IOException {
        return LoopbackGate.greeted(server);
    }

    /**
     * A stop (serve's SIGTERM) cut every session at once: a message being judged lost its
     * session after the client had sent it, so the client got no reply and sent it again, and if
     * the next hop had taken it by then it was delivered twice. Now a session waiting for a
     * command gets 421 and is closed at once (it was closed without a word, where RFC 5321 asks
     * for the 421), and one with a message in hand gets its reply, then 421.
     */
    @Test
    void aStopLetsAMessageInHandFinishAndClosesIdleSessions() throws Exception {
        start();
        try (SmtpClient idle = greeted(); SmtpClient busy = greeted()) {
            assertThat(busy.send("MAIL FROM:<a@x.test>\r\n")).startsWith("250");
            assertThat(busy.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
            assertThat(busy.send("DATA\r\n")).startsWith("354");
            busy.write("Subject: slow\r\n\r\nhi\r\n.\r\n");
            assertThat(judging.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Thread stopper = Thread.ofPlatform().start(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // the idle session is told and closed without waiting for the busy one
            assertThat(idle.reply()).startsWith("421 4.3.2");
            assertThat(idle.reply()).isNull();
            release.countDown();
            assertThat(busy.reply()).startsWith("250");
            assertThat(busy.reply()).startsWith("421 4.3.2"); // then the session ends
            stopper.join(10_000);
            assertThat(stopper.isAlive()).isFalse();
        }
        assertThat(sink.delivered).hasSize(1);
    }

    /**
     * A next hop that routes mail back to the gate made a loop that went round until a timeout.
     * Past 50 Received fields (Postfix's hopcount_limit) the message is refused as a loop, whole;
     * 50 still pass, and a Received line in the body does not count.
     */
    @Test
    void moreThanFiftyReceivedFieldsAreRefusedAsALoop() throws IOException {
        start();
        String hop = "Received: from a.example.test by b.example.test;\r\n\tMon, 23 Nov 2026 05:00:00 +0000\r\n";
        try (SmtpClient c = greeted()) {
            assertThat(sendMessage(c, "a@x.test", hop.repeat(51) + "Subject: round\r\n\r\nhi\r\n.\r\n"))
                    .startsWith("554 5.4.0");
            assertThat(sendMessage(c, "a@x.test", hop.repeat(50) + "Subject: fine\r\n\r\n" + hop + "hi\r\n.\r\n"))
                    .startsWith("250");
        }
        assertThat(sink.delivered).hasSize(1);
    }

    @Test
    void xforwardFromTrustedPostfixNamesTheRealClient() throws IOException {
        start();
        try (SmtpClient c = new SmtpClient(server.port())) {
            c.reply();
            assertThat(c.send("EHLO postfix.test\r\n")).contains("XFORWARD NAME ADDR");
            assertThat(c.send("XFORWARD ADDR=203.0.113.9 NAME=mx.example.net HELO=mx.example.net\r\n")).startsWith("250");
            assertThat(sendMessage(c, "a@x.test", "Subject: fine\r\n\r\nhi\r\n.\r\n")).startsWith("250");
            assertThat(c.send("XFORWARD COLOUR=blue\r\n")).startsWith("501"); // unknown attribute
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (judged.isEmpty() && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(judged).containsExactly("203.0.113.9 mx.example.net");
    }

    /**
     * An ADDR of hex letters and dots (cafe.de) passed the address check and was handed to
     * getByName, which looked it up in DNS: a client of Postfix's could make the gate resolve
     * names, and be judged as whatever address they gave. Only numeric addresses, with or without
     * Postfix's IPv6: prefix, now name the client; anything else leaves the peer's address.
     */
    @ParameterizedTest
    @ValueSource(strings = {LookupSpy.TRAP, "CAFE.DE", "IPv6:cafe.de", "1.2.3", "[UNAVAILABLE]", "[TEMPUNAVAIL]"})
    void anXforwardAddrThatIsNotNumericIsNeverLookedUp(String addr) throws IOException {
        start();
        LookupSpy.LOOKED_UP.clear();
        try (SmtpClient c = new SmtpClient(server.port())) {
            c.reply();
            assertThat(c.send("EHLO postfix.test\r\n")).contains("XFORWARD NAME ADDR");
            assertThat(c.send("XFORWARD ADDR=" + addr + " HELO=mx.example.net\r\n")).startsWith("250");
            assertThat(sendMessage(c, "a@x.test", "Subject: fine\r\n\r\nhi\r\n.\r\n")).startsWith("250");
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (judged.isEmpty() && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(judged).containsExactly("127.0.0.1 mx.example.net");
        assertThat(LookupSpy.LOOKED_UP).doesNotContain(addr, addr.toLowerCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.51.100.7", "IPv6:2001:db8::7", "2001:db8::7"})
    void anXforwardAddrInNumbersNamesTheClient(String addr) throws IOException {
        start();
        try (SmtpClient c = new SmtpClient(server.port())) {
            c.reply();
            c.send("EHLO postfix.test\r\n");
            assertThat(c.send("XFORWARD ADDR=" + addr + " HELO=mx.example.net\r\n")).startsWith("250");
            assertThat(sendMessage(c, "a@x.test", "Subject: fine\r\n\r\nhi\r\n.\r\n")).startsWith("250");
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (judged.isEmpty() && System.nanoTime() < deadline) Thread.onSpinWait();
        String expected = addr.contains(":") ? "2001:db8:0:0:0:0:0:7" : addr;
        assertThat(judged).containsExactly(expected + " mx.example.net");
    }

    /**
     * The real client goes on to the next hop with only the attributes its EHLO named: it got
     * all that Postfix gave (PORT, IDENT, SOURCE too), which a server naming fewer may refuse.
     */
    @Test
    void xforwardGoesOnWithTheAttributesTheNextHopNamed() throws IOException {
        start();
        sink.extraKeywords.add("XFORWARD NAME ADDR PROTO HELO");
        try (SmtpClient c = new SmtpClient(server.port())) {
            c.reply();
            assertThat(c.send("EHLO postfix.test\r\n")).contains("XFORWARD NAME ADDR");
            assertThat(c.send("XFORWARD NAME=mx.example.net ADDR=203.0.113.9 PORT=4711 SOURCE=REMOTE\r\n")).startsWith("250");
            assertThat(c.send("XFORWARD HELO=mx.example.net IDENT=abc123\r\n")).startsWith("250");
            assertThat(sendMessage(c, "a@x.test", "Subject: fine\r\n\r\nhi\r\n.\r\n")).startsWith("250");
        }
        assertThat(sink.envelopeLines).hasSize(3);
        assertThat(sink.envelopeLines.get(0).split(" ")).containsExactlyInAnyOrder("XFORWARD", "NAME=mx.example.net",
                "ADDR=203.0.113.9", "HELO=mx.example.net");
        assertThat(sink.envelopeLines.subList(1, 3)).containsExactly("MAIL FROM:<a@x.test>", "RCPT TO:<u@example.test>");
    }

    /**
     * BDAT was refused alone, before the gate offered CHUNKING, and its chunk read as commands: the
     * chunk's octets, here a whole smuggled transaction, were run. A chunk is now always the
     * message's content: the smuggled lines reach the next hop inside the one message, never as
     * a transaction of their own, and the session stays in step.
     */
    @Test
    void aBdatChunkIsContentNeverRunAsCommands() throws IOException {
        start();
        String smuggled = "RSET\r\nMAIL FROM:<evil@x.test>\r\nRCPT TO:<victim@example.test>\r\nDATA\r\nSubject: smuggled\r\n\r\nx\r\n.\r\n";
        try (SmtpClient c = greeted()) {
            assertThat(c.send("MAIL FROM:<a@x.test>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
            c.write("BDAT " + smuggled.length() + "\r\n" + smuggled + "BDAT 6 LAST\r\nQUIT\r\n");
            assertThat(c.reply()).isEqualTo("250 2.0.0 " + smuggled.length() + " octets received");
            assertThat(c.reply()).startsWith("250 2.0.0 Ok");
            assertThat(c.send("NOOP\r\n")).startsWith("250 2.0.0 Ok");
        }
        assertThat(sink.delivered).singleElement().satisfies(d -> {
            assertThat(d.from()).startsWith("MAIL FROM:<a@x.test>");
            assertThat(d.recipients()).containsExactly("u@example.test");
        });
        assertThat(sink.envelopeLines).noneMatch(l -> l.contains("evil") || l.contains("victim"));
    }

    /** Where a BDAT chunk ends cannot be told from a size that is not one, or past any message taken: the session closes. */
    @Test
    void aBdatWhoseChunkCannotBeSkippedClosesTheSession() throws IOException {
        start();
        try (SmtpClient c = greeted()) {
            assertThat(c.send("BDAT many LAST\r\n")).startsWith("501 5.5.4");
            assertThat(c.reply()).isNull();
        }
        try (SmtpClient c = greeted()) {
            assertThat(c.send("BDAT 100001 LAST\r\n")).startsWith("552 5.3.4");
            assertThat(c.reply()).isNull();
        }
        try (SmtpClient c = greeted()) {
            c.write("BDAT 100000 LAST\r\n");
            c.lingerZero();
        }
        try (SmtpClient c = greeted()) {
            assertThat(c.send("NOOP\r\n")).as("a client gone mid-chunk costs the gate nothing").startsWith("250");
        }
        assertThat(sink.delivered).isEmpty();
    }

    @Test
    void xforwardFromAnUntrustedPeerIsRefusedAndNotOffered() throws IOException {
        sink = sinks.start();
        start(sink.address(), List.of()); // 127.0.0.1 is not in the relay networks here
        try (SmtpClient c = new SmtpClient(server.port())) {
            c.reply();
            assertThat(c.send("EHLO client.test\r\n")).doesNotContain("XFORWARD");
            assertThat(c.send("XFORWARD ADDR=203.0.113.9\r\n")).startsWith("550 5.7.0");
        }
    }

    @Test
    void ehloOffersPipeliningSizeAndEightBitOnlyWhereTheNextHopDoes() throws IOException {
        start();
        try (SmtpClient c = new SmtpClient(server.port())) {
            c.reply();
            assertThat(c.send("EHLO client.test\r\n")).contains("PIPELINING").contains("SIZE 100000").contains("8BITMIME");
        }
        server.close();
        try (RefusingPort dead = new RefusingPort()) {
            start(dead.address(), List.of("127.0.0.0/8"));
            try (SmtpClient c = new SmtpClient(server.port())) {
                c.reply();
                assertThat(c.send("EHLO client.test\r\n")).startsWith("250-gate.test")
                        .doesNotContain("PIPELINING").doesNotContain("SIZE").doesNotContain("8BITMIME");
            }
        }
    }

    /**
     * DSN and SMTPUTF8 were taken on MAIL and RCPT but never offered in our EHLO, so a client that
     * reads the EHLO (Postfix's smtp client, sending straight to the gate in front of an MTA)
     * bounced every UTF-8 address ("SMTPUTF8 is required, but was not offered") and answered
     * NOTIFY=SUCCESS itself with a "relayed" notice, dropping the DSN request. Both are offered
     * when the next hop offers them, as PIPELINING, SIZE and 8BITMIME are.
     */
    @Test
    void ehloOffersDsnAndSmtputf8OnlyWhereTheNextHopDoes() throws IOException {
        sink = sinks.start();
        sink.extraKeywords.addAll(List.of("DSN", "SMTPUTF8"));
        start(sink.address(), List.of("127.0.0.0/8"));
        try (SmtpClient c = new SmtpClient(server.port())) {
            c.reply();
            assertThat(c.send("EHLO client.test\r\n").lines()).contains("250-DSN", "250-SMTPUTF8");
        }
        server.close();
        sink.close();
        start();
        try (SmtpClient c = new SmtpClient(server.port())) {
            c.reply();
            assertThat(c.send("EHLO client.test\r\n").lines()).doesNotContain("250-DSN", "250-SMTPUTF8");
        }
    }

    /**
     * Our EHLO said SIZE with our own limit even where the next hop takes less (Postfix's default
     * is 10240000, ours 10485760), and the client's SIZE was not passed on: a message between the
     * two was taken at MAIL, read whole, and refused by the next hop only after the final dot.
     * Now the smaller limit is offered and checked at MAIL, and the SIZE the client declared is
     * passed on to a next hop that offers SIZE, so that it can judge its own space at MAIL.
     */
    @Test
    void sizeIsTheSmallerOfOursAndTheNextHopsAndIsPassedOn() throws IOException {
        sink = sinks.start();
        sink.sizeKeyword = "SIZE 5000";
        start(sink.address(), List.of("127.0.0.0/8"));
        try (SmtpClient c = greeted()) {
            // the next hop's limit less the room our fields and its Received field take there
            assertThat(c.send("EHLO client.test\r\n").lines()).contains("250-SIZE " + (5000 - GateOffer.HOP_SIZE_ROOM));
            assertThat(c.send("MAIL FROM:<a@x.test> SIZE=6000\r\n")).startsWith("552 5.3.4");
            assertThat(c.send("MAIL FROM:<a@x.test> SIZE=4000\r\n")).startsWith("552 5.3.4");
            assertThat(c.send("MAIL FROM:<a@x.test> SIZE=2000\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send("Subject: hi\r\n\r\nx\r\n.\r\n")).startsWith("250 2.0.0");
        }
        assertThat(sink.envelopeLines).containsExactly("MAIL FROM:<a@x.test> SIZE=2000", "RCPT TO:<u@example.test>");
    }

    /**
     * After the queue our own limit is how much we scan, not what we take: Postfix bounces what we
     * refuse, and refuses itself (bouncing too) what is larger than the SIZE we offer. So only
     * the next hop's limit is offered, here none (SIZE without a number), and a message past
     * ours is handed to the filter as unscanned, which by default relays it unchanged.
     */
    @Test
    void afterTheQueueOnlyTheNextHopsSizeCountsAndALargerMessageIsRelayedUnscanned() throws IOException {
        sink = sinks.start();
        sink.sizeKeyword = "SIZE";
        SmtpSettings s = new SmtpSettings("gate.test", sink.address(), 1000, 1024, 3, 10, 5, Duration.ofSeconds(5),
                Duration.ofSeconds(2), 4096, tmp, new RelayPolicy(List.of("127.0.0.0/8"), List.of("example.test")), true);
        server = gates.start(s, filter);
        String body = "Subject: large\r\n\r\n" + "z".repeat(70).concat("\r\n").repeat(100);
        try (SmtpClient c = greeted()) {
            assertThat(c.send("EHLO client.test\r\n").lines()).contains("250-SIZE");
            assertThat(c.send("MAIL FROM:<a@x.test> SIZE=" + body.length() + "\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send(body + ".\r\n")).startsWith("250 2.0.0 Ok: queued");
            // the session reports a message finished just after replying, and before it reads on
            assertThat(c.send("NOOP\r\n")).startsWith("250");
        }
        assertThat(sink.delivered).hasSize(1);
        assertThat(sink.delivered.get(0).text()).as("not judged: the filter's own field is not there").isEqualTo(body);
        assertThat(finished).containsExactly("a@x.test 250");
    }

    /**
     * After the queue, the next hop's part of the end of data had next-hop-timeout-seconds in all,
     * as before it, where Postfix in front waits no longer than its smtpd_proxy_timeout: a message
     * passed on unscanned, of hundreds of MB, that the next hop took at a good pace but for longer
     * than that got 451 at every retry, and Postfix bounced it after days. Postfix after the queue
     * waits 600 s for our reply (smtp_data_done_timeout), so the next hop gets a second more for
     * each MiB there. Here 3 MB at 2 MB a second against a 1 s timeout.
     */
    @Test
    void afterTheQueueALargeMessageHasTimeToReachTheNextHop() throws IOException {
        sink = sinks.start();
        sink.readBytesPerSecond = 2_000_000;
        sink.keptBytes = 1024;
        SmtpSettings s = new SmtpSettings("gate.test", sink.address(), 1000, 1024, 3, 10, 5, Duration.ofSeconds(5),
                Duration.ofSeconds(1), 4096, tmp, new RelayPolicy(List.of("127.0.0.0/8"), List.of("example.test")), true);
        server = gates.start(s, filter);
        String body = "Subject: large\r\n\r\n" + "z".repeat(98).concat("\r\n").repeat(30_000);
        try (SmtpClient c = greeted()) {
            assertThat(c.send("MAIL FROM:<a@x.test>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send(body + ".\r\n")).startsWith("250 2.0.0 Ok: queued");
        }
        assertThat(sink.delivered).hasSize(1);
        assertThat(sink.delivered.get(0).size()).isEqualTo(body.length());
    }

    String sendMessage(SmtpClient c, String from, String body) throws IOException {
        assertThat(c.send("MAIL FROM:<" + from + ">\r\n")).startsWith("250");
        assertThat(c.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
        assertThat(c.send("DATA\r\n")).startsWith("354");
        return c.send(body);
    }

    /**
     * Postfix in front (smtpd_proxy_filter) offers DSN and SMTPUTF8 to the world and passes the
     * client's MAIL and RCPT lines on as they came; Postfix's own smtp client adds ORCPT to every
     * recipient. These were refused with 555, and Postfix relayed that to the sending server: mail
     * from any Postfix sender bounced.
     */
    @Test
    void dsnParametersAsPostfixPassesThemOnAreRelayedNotRefused() throws IOException {
        sink = sinks.start();
        sink.extraKeywords.addAll(List.of("DSN", "SMTPUTF8"));
        start(sink.address(), List.of("127.0.0.0/8"));
        try (SmtpClient c = greeted()) {
            assertThat(c.send("MAIL FROM:<a@x.test> RET=HDRS ENVID=QQ314159\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;u@example.test\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send("Subject: hi\r\n\r\nx\r\n.\r\n")).startsWith("250 2.0.0");
            // a UTF-8 envelope with SMTPUTF8, as Postfix passes it on: byte for byte
            String jorg = new String("j\u00f6rg@x.test".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            assertThat(c.send("MAIL FROM:<" + jorg + "> SMTPUTF8\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u@example.test> ORCPT=rfc822;u@example.test\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send("Subject: hi\r\n\r\ny\r\n.\r\n")).startsWith("250 2.0.0");
            // without SMTPUTF8 such an address is refused as RFC 6531 says, not passed on
            assertThat(c.send("MAIL FROM:<" + jorg + ">\r\n")).startsWith("553 5.6.7");
        }
        assertThat(sink.delivered).hasSize(2);
        assertThat(sink.envelopeLines).containsExactly("MAIL FROM:<a@x.test> RET=HDRS ENVID=QQ314159",
                "RCPT TO:<u@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;u@example.test",
                "MAIL FROM:<j\u00c3\u00b6rg@x.test> SMTPUTF8", "RCPT TO:<u@example.test> ORCPT=rfc822;u@example.test");
    }

    /**
     * A UTF-8 address (SMTPUTF8) reached the filter as its bytes read one by one as Latin-1: the
     * decision log said "j\u00c3\u00b6rg@x.test", and the quarantine's sidecar and the blocklist kept that, so a
     * trap, bypass or blocklist entry written as "j\u00f6rg@x.test" never matched it. The filter now sees
     * the address as text, the next hop still gets the very bytes the client sent, and an address
     * that is not UTF-8 at all is refused.
     */
    @Test
    void utf8AddressesReachTheFilterAsTextAndTheNextHopAsSent() throws IOException {
        sink = sinks.start();
        sink.extraKeywords.add("SMTPUTF8");
        start(sink.address(), List.of("127.0.0.0/8"));
        String jorg = new String("j\u00f6rg@x.test".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String uber = new String("\u00fcber@example.test".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        try (SmtpClient c = greeted()) {
            assertThat(c.send("MAIL FROM:<" + jorg + "> SMTPUTF8\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<" + uber + ">\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send("Subject: hi\r\n\r\nx\r\n.\r\n")).startsWith("250 2.0.0");
            // a Latin-1 byte on its own is not UTF-8 (RFC 6531 asks for UTF-8)
            assertThat(c.send("MAIL FROM:<j\u00f6rg@x.test> SMTPUTF8\r\n")).startsWith("553 5.6.7");
            assertThat(c.send("MAIL FROM:<a@x.test> SMTPUTF8\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<\u00fcber@example.test>\r\n")).startsWith("553 5.6.7");
        }
        assertThat(finished).containsExactly("j\u00f6rg@x.test 250");
        assertThat(sink.envelopeLines).containsExactly("MAIL FROM:<" + jorg + "> SMTPUTF8", "RCPT TO:<" + uber + ">",
                "MAIL FROM:<a@x.test> SMTPUTF8");
    }

    /** A next hop without DSN gets the message without the DSN parameters, rather than no message. */
    @Test
    void dsnParametersAreDroppedForANextHopWithoutDsn() throws IOException {
        start();
        try (SmtpClient c = greeted()) {
            assertThat(c.send("MAIL FROM:<a@x.test> RET=FULL\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u@example.test> ORCPT=rfc822;u@example.test\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<v@example.test> COLOUR=blue\r\n")).startsWith("555");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send("Subject: hi\r\n\r\nx\r\n.\r\n")).startsWith("250 2.0.0");
        }
        assertThat(sink.envelopeLines).containsExactly("MAIL FROM:<a@x.test>", "RCPT TO:<u@example.test>");
    }

    @Test
    void hamIsRelayedByteForByteWithTheFilterHeadAdded() throws IOException {
        start();
        String body = "Subject: hello\r\n\r\n..leading dot\r\n...two\r\nlast\r\n.\r\n";
        try (SmtpClient c = greeted()) {
            assertThat(sendMessage(c, "a@x.test", body)).startsWith("250 2.0.0");
        }
        assertThat(sink.delivered).hasSize(1);
        assertThat(sink.delivered.get(0).text()).isEqualTo("X-Test: yes\r\nSubject: hello\r\n\r\n.leading dot\r\n..two\r\nlast\r\n");
        assertThat(sink.delivered.get(0).recipients()).containsExactly("u@example.test");
    }

    @Test
    void aRefusedMessageGetsTheRefusalAndNeverReachesTheNextHop() throws IOException {
        start();
        try (SmtpClient c = greeted()) {
            assertThat(sendMessage(c, "s@x.test", "Subject: spam\r\n\r\nbuy\r\n.\r\n")).startsWith("550 5.7.1");
            assertThat(sendMessage(c, "h@x.test", "Subject: fine\r\n\r\nhi\r\n.\r\n")).startsWith("250");
        }
        assertThat(sink.delivered).extracting(RecordingSink.Delivered::from).containsExactly("MAIL FROM:<h@x.test>");
        // The session reports a message finished just after replying: wait for the second report.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (finished.size() < 2 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(finished).containsExactly("s@x.test 550", "h@x.test 250");
    }

    @Test
    void ourOwnFailureIsA451NeverA5xx() throws IOException {
        start();
        try (SmtpClient c = greeted()) {
            assertThat(sendMessage(c, "a@x.test", "Subject: crash\r\n\r\nx\r\n.\r\n")).startsWith("451 4.3.0");
        }
        assertThat(sink.delivered).isEmpty();
    }

    /**
     * An Error from the filter (a class that could not be loaded) ended the session after DATA
     * with no reply and no decision line: the client could not tell whether the message was
     * taken (Postfix: "message may be sent more than once"). It is a 451 like any failure of
     * ours, the decision is recorded, and the session goes on.
     */
    @Test
    void anErrorInTheFilterIsA451AndTheSessionGoesOn() throws IOException {
        start();
        try (SmtpClient c = greeted()) {
            assertThat(sendMessage(c, "a@x.test", "Subject: broken\r\n\r\nx\r\n.\r\n")).startsWith("451 4.3.0");
            assertThat(sendMessage(c, "b@x.test", "Subject: fine\r\n\r\nx\r\n.\r\n")).startsWith("250");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (finished.size() < 2 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(finished).containsExactly("a@x.test 451", "b@x.test 250");
        assertThat(sink.delivered).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\r.\r", "\r.\n", "\n.\r", "\n.\r\n", "\r\n.\n", "\r.\r\n", "\r\n.\r", "\r\n\u0000.\r\n",
            "\r\n.\u0000\r\n"})
    void smugglingEndingsDeliverNoSecondMessage(String ending) throws IOException {
        start();
        String smuggled = "MAIL FROM:<smuggled@evil.test>\r\nRCPT TO:<u@example.test>\r\nDATA\r\nSubject: smuggled\r\n\r\nx\r\n";
        String reply;
        try (SmtpClient c = greeted()) {
            reply = sendMessage(c, "first@x.test", "Subject: first\r\n\r\nbody" + ending + smuggled + ".\r\n");
            assertThat(c.send("QUIT\r\n")).startsWith("221");
        }
        boolean nulOnly = ending.contains("\u0000");
        assertThat(reply).startsWith(nulOnly ? "250" : "550 5.5.2");
        assertThat(sink.delivered).hasSize(nulOnly ? 1 : 0);
        assertThat(sink.delivered).noneMatch(d -> d.from().contains("smuggled"));
    }

    @Test
    void pipelinedCommandsAfterTheFinalDotAreAnsweredInOrder() throws IOException {
        start();
        try (SmtpClient c = greeted()) {
            c.write("MAIL FROM:<a@x.test>\r\nRCPT TO:<u@example.test>\r\nDATA\r\n");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("354");
            c.write("Subject: one\r\n\r\n1\r\n.\r\nMAIL FROM:<b@x.test>\r\nRCPT TO:<u@example.test>\r\nDATA\r\n");
            assertThat(c.reply()).startsWith("250 2.0.0");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("354");
            assertThat(c.send("Subject: two\r\n\r\n2\r\n.\r\n")).startsWith("250 2.0.0");
        }
        assertThat(sink.delivered).hasSize(2);
    }

    @Test
    void contentBeforeThe354IsASynchronizationError() throws IOException {
        start();
        try (SmtpClient c = greeted()) {
            c.write("MAIL FROM:<a@x.test>\r\nRCPT TO:<u@example.test>\r\n");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.send("DATA\r\nSubject: early\r\n\r\nx\r\n.\r\n")).startsWith("554 5.5.0");
            assertThat(c.reply()).isNull();
        }
        assertThat(sink.delivered).isEmpty();
    }

    @Test
    void commandsWithBareLineEndsOrNulOrTooLongAreRefused() throws IOException {
        start();
        try (SmtpClient c = greeted()) {
            assertThat(c.send("NOOP\nMAIL FROM:<a@x.test>\r\n")).startsWith("500 5.5.2");
            assertThat(c.send("MAIL FROM:<a\u0000@x.test>\r\n")).startsWith("501");
            assertThat(c.send("NOOP " + "x".repeat(5000) + "\r\n")).startsWith("500 5.5.2 line too long");
            assertThat(c.send("NOOP\r\n")).startsWith("250");
        }
    }

    @Test
    void aSpoolThatCannotBeWrittenGets452AtTheEndOfDataAndTheSessionGoesOn() throws IOException {
        sink = sinks.start();
        java.nio.file.Path notADirectory = java.nio.file.Files.writeString(tmp.resolve("spool-is-a-file"), "x");
        server = gates.start(LoopbackGate.settings(sink.address(), 100_000, notADirectory), filter);
        try (SmtpClient c = greeted()) {
            assertThat(c.send("MAIL FROM:<a@x.test>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            // past the 4,096 bytes kept in memory: it must go to the spool, which is a file
            assertThat(c.send("Subject: big\r\n\r\n" + ("z".repeat(98) + "\r\n").repeat(100) + ".\r\n"))
                    .startsWith("452 4.3.1");
            assertThat(c.send("MAIL FROM:<a@x.test>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send("Subject: small\r\n\r\nhello\r\n.\r\n")).startsWith("250");
            // the session reports a message finished just after replying, and before it reads on
            assertThat(c.send("NOOP\r\n")).startsWith("250");
        }
        assertThat(sink.delivered).hasSize(1);
        assertThat(finished).containsExactly("a@x.test 452", "a@x.test 250");
    }

    @Test
    void limitsOnSizeAndRecipients() throws IOException {
        start();
        try (SmtpClient c = greeted()) {
            assertThat(c.send("MAIL FROM:<a@x.test> SIZE=1099511627776\r\n")).startsWith("552 5.3.4");
            assertThat(c.send("MAIL FROM:<a@x.test> SIZE=99999999999999999999\r\n")).startsWith("552 5.3.4"); // past a long
            assertThat(c.send("MAIL FROM:<a@x.test> SIZE=-5\r\n")).startsWith("501 5.5.4");
            assertThat(c.send("MAIL FROM:<a@x.test> SIZE=\r\n")).startsWith("501 5.5.4");
            assertThat(c.send("MAIL FROM:<a@x.test>\r\n")).startsWith("250");
            for (int i = 0; i < 3; i++) assertThat(c.send("RCPT TO:<u" + i + "@example.test>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u9@example.test>\r\n")).startsWith("452 4.5.3");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send("Subject: big\r\n\r\n" + ("y".repeat(998) + "\r\n").repeat(120) + ".\r\n")).startsWith("552 5.3.4");
        }
        assertThat(sink.delivered).isEmpty();
    }

    @Test
    void untrustedClientsMayOnlySendToOurDomains() throws IOException {
        sink = sinks.start();
        start(sink.address(), List.of("10.0.0.0/8"));
        try (SmtpClient c = greeted()) {
            assertThat(c.send("MAIL FROM:<a@x.test>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<someone@elsewhere.test>\r\n")).startsWith("554 5.7.1").contains("Relay access denied");
            assertThat(c.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
        }
    }

    /**
     * RFC 5321 (4.5.1): RCPT TO:<Postmaster> without a domain must be taken. It got 501 5.1.3,
     * and behind Postfix (which passes the RCPT line on as it came) mail to postmaster bounced.
     */
    @Test
    void theBarePostmasterIsARecipientFromAnyClient() throws IOException {
        sink = sinks.start();
        start(sink.address(), List.of("10.0.0.0/8")); // 127.0.0.1 is an outside client here
        try (SmtpClient c = greeted()) {
            assertThat(c.send("MAIL FROM:<a@x.test>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<Postmaster>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<webmaster>\r\n")).startsWith("501");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send("Subject: abuse report\r\n\r\nx\r\n.\r\n")).startsWith("250 2.0.0");
        }
        assertThat(sink.delivered).hasSize(1);
        assertThat(sink.delivered.get(0).recipients()).containsExactly("Postmaster");
    }

    /**
     * Addresses Postfix takes (and then passes on as they came): a quoted local part with a space,
     * valid in RFC 5321, and a path without angle brackets, which Postfix takes by default. Both
     * got 501, so the mail bounced behind Postfix. They go on to the next hop in brackets.
     */
    @Test
    void quotedLocalPartsAndPathsWithoutBracketsAreTaken() throws IOException {
        start();
        try (SmtpClient c = greeted()) {
            assertThat(c.send("MAIL FROM:a@x.test\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<\"john doe\"@example.test>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<\"a>b\"@example.test>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<john doe@example.test>\r\n")).startsWith("501");
            assertThat(c.send("RCPT TO:<\"open@example.test>\r\n")).startsWith("501");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send("Subject: hi\r\n\r\nx\r\n.\r\n")).startsWith("250 2.0.0");
        }
        assertThat(sink.envelopeLines).containsExactly("MAIL FROM:<a@x.test>", "RCPT TO:<\"john doe\"@example.test>",
                "RCPT TO:<\"a>b\"@example.test>");
    }

    @Test
    void nextHopDownIsA451() throws IOException {
        try (RefusingPort dead = new RefusingPort()) {
            start(dead.address(), List.of("127.0.0.0/8"));
            try (SmtpClient c = greeted()) {
                assertThat(c.send("MAIL FROM:<a@x.test>\r\n")).startsWith("451 4.3.0");
            }
        }
    }

    /**
     * A next hop that hung up at one RCPT left the session without a next hop: the client's next
     * RCPT threw a NullPointerException (a stack trace on stderr) and the client lost its
     * connection without a reply. Now that recipient gets 451, and the next one opens the
     * transaction again with the recipients accepted so far, so the message still goes to them.
     */
    @Test
    void aNextHopHangingUpAtOneRecipientDoesNotLoseTheSession() throws IOException {
        start();
        sink.hangUpAtRcpt.add("gone@example.test");
        try (SmtpClient c = greeted()) {
            assertThat(c.send("MAIL FROM:<a@x.test>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<gone@example.test>\r\n")).startsWith("451 4.3.0");
            assertThat(c.send("RCPT TO:<v@example.test>\r\n")).startsWith("250 2.1.5");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send("Subject: hi\r\n\r\nx\r\n.\r\n")).startsWith("250 2.0.0");
        }
        assertThat(sink.delivered).hasSize(1);
        assertThat(sink.delivered.get(0).recipients()).containsExactly("u@example.test", "v@example.test");
    }

    @Test
    void nextHopHangingUpAfterTheDotIsA451() throws IOException {
        start();
        sink.endReply = null;
        try (SmtpClient c = greeted()) {
            assertThat(sendMessage(c, "a@x.test", "Subject: hi\r\n\r\nx\r\n.\r\n")).startsWith("451 4.3.0");
        }
    }

    @Test
    void nextHopRefusingTheMessageIsRelayedAsItsClass() throws IOException {
        start();
        sink.endReply = "554 5.7.0 no thanks <script>";
        try (SmtpClient c = greeted()) {
            assertThat(sendMessage(c, "a@x.test", "Subject: hi\r\n\r\nx\r\n.\r\n")).isEqualTo("554 5.7.0 rejected by next hop");
        }
        sink.endReply = "452 4.3.1 full";
        try (SmtpClient c = greeted()) {
            assertThat(sendMessage(c, "a@x.test", "Subject: hi\r\n\r\nx\r\n.\r\n")).startsWith("451 4.3.0");
        }
    }

    @Test
    void heldMessagesGet250AndAreNotRelayed() throws IOException {
        start();
        try (SmtpClient c = greeted()) {
            assertThat(sendMessage(c, "a@x.test", "Subject: hold\r\n\r\nx\r\n.\r\n")).startsWith("250");
            assertThat(c.send("RSET\r\n")).startsWith("250");
        }
        assertThat(sink.delivered).isEmpty();
    }

    @Test
    void aLargeMessageSpillsToDiskAndArrivesIntact() throws IOException {
        start();
        String big = "Subject: big\r\n\r\n" + ("z".repeat(70) + "\r\n").repeat(1000);
        try (SmtpClient c = greeted()) {
            assertThat(sendMessage(c, "a@x.test", big + ".\r\n")).startsWith("250");
        }
        assertThat(sink.delivered.get(0).text()).isEqualTo("X-Test: yes\r\n" + big);
        // The spill file is removed just after the reply goes out: wait for it (a hang detector, not a timing check).
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var files = java.nio.file.Files.list(tmp)) {
                if (files.findAny().isEmpty()) break;
            }
            Thread.onSpinWait();
        }
        assertThat(tmp).isEmptyDirectory();
    }

    /** Settings with room for a message larger than the socket buffers, and short timeouts. */
    void startForStalls(InetSocketAddress nextHop) throws IOException {
        SmtpSettings s = new SmtpSettings("gate.test", nextHop, 1000, 16_000_000, 3, 10, 1, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 4096, tmp, new RelayPolicy(List.of("127.0.0.0/8"), List.of("example.test")));
        server = gates.start(s, filter);
    }

    /**
     * A next hop that answers 354 and then stops reading: writes to it block once the socket
     * buffers are full, and a blocking write has no timeout of its own. The session hung there
     * for good (its client waiting, Postfix giving up after smtpd_proxy_timeout, the connection
     * and its slot never freed); now the write is cut off at the next-hop timeout and the client
     * gets 451.
     */
    @Test
    void aNextHopThatStopsReadingMidDataIsA451() throws Exception {
        try (ServerSocket stalled = new ServerSocket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread.ofVirtual().start(() -> {
                try (java.net.Socket s = stalled.accept()) {
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    var out = s.getOutputStream();
                    out.write("220 stalled\r\n".getBytes(StandardCharsets.US_ASCII));
                    for (String line; (line = in.readLine()) != null; ) {
                        out.write((line.startsWith("DATA") ? "354 go\r\n" : "250 ok\r\n").getBytes(StandardCharsets.US_ASCII));
                        if (line.startsWith("DATA")) Thread.sleep(60_000); // reads no more
                    }
                } catch (Exception e) {
                    // the gate gave up on us
                }
            });
            startForStalls((InetSocketAddress) stalled.getLocalSocketAddress());
            String big = "Subject: big\r\n\r\n" + ("z".repeat(78) + "\r\n").repeat(100_000); // 8 MB
            try (SmtpClient c = new SmtpClient(server.port())) {
                assertThat(c.reply()).startsWith("220 ");
                assertThat(c.send("HELO client.test\r\n")).startsWith("250");
                assertThat(sendMessage(c, "a@x.test", big + ".\r\n")).startsWith("451 4.3.0");
            }
        }
    }

    /**
     * A client that pipelines commands without ever reading the replies: once the buffers are
     * full our reply write blocks, with no timeout, and the session held its slot for as long as
     * the client kept the connection open. Now it is closed at the command timeout, and the
     * client address can connect again (one connection per client here).
     */
    @Test
    void aClientThatNeverReadsItsRepliesIsCutOffAtTheCommandTimeout() throws Exception {
        start();
        server.close();
        startForStalls(sink.address());
        java.net.Socket deaf = new java.net.Socket();
        deaf.setReceiveBufferSize(4096);
        deaf.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                byte[] noops = "NOOP\r\n".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 10; i++) deaf.getOutputStream().write(noops); // 7 MB of replies owed
            } catch (IOException e) {
                // cut off: what we expect
            }
        });
        try {
            // the buffers take a while to fill on a busy machine; then the cut comes within a second or so
            String greeting = null;
            for (long end = System.nanoTime() + 30_000_000_000L; System.nanoTime() < end; Thread.sleep(250)) {
                try (SmtpClient again = new SmtpClient(server.port())) {
                    greeting = again.reply();
                }
                if (greeting != null && greeting.startsWith("220 ")) break;
            }
            assertThat(greeting).startsWith("220 ");
        } finally {
            deaf.close();
            writer.join(10_000);
        }
    }

    @Test
    void connectionsOverThePerClientLimitGet421() throws IOException {
        start();
        List<SmtpClient> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                SmtpClient c = new SmtpClient(server.port());
                assertThat(c.reply()).startsWith("220");
                open.add(c);
            }
            try (SmtpClient extra = new SmtpClient(server.port())) {
                assertThat(extra.reply()).startsWith("421 4.7.0");
            }
        } finally {
            for (SmtpClient c : open) c.close();
        }
    }

    /** A raw connection to the gate from {@code local}, one of the loopback addresses (127.0.0.0/8). */
    java.net.Socket connectFrom(String local) throws IOException {
        java.net.Socket s = new java.net.Socket();
        s.setSoTimeout(10_000);
        s.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
        return s;
    }

    static String firstLine(java.net.Socket s) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = s.getInputStream().read()) >= 0 && c != '\n'; ) line.append((char) c);
        return line.toString().strip();
    }

    /**
     * RELIABILITY P11: past the total limit (10 here) a connection from any address gets 421 4.3.2
     * at once and is closed, rather than waiting in a queue; once sessions end, clients are served
     * again. The clients come from 127.0.0.2 and .3, so the per-client limit (5) is not what stops them.
     */
    @Test
    void connectionsOverTheTotalLimitGet421AtOnce() throws Exception {
        start();
        List<java.net.Socket> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                java.net.Socket s = connectFrom("127.0.0." + (2 + i / 5));
                open.add(s);
                assertThat(firstLine(s)).startsWith("220 ");
            }
            try (java.net.Socket extra = connectFrom("127.0.0.4")) {
                long t0 = System.nanoTime();
                assertThat(firstLine(extra)).startsWith("421 4.3.2");
                assertThat(extra.getInputStream().read()).as("closed after the 421").isEqualTo(-1);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            }
        } finally {
            for (java.net.Socket s : open) s.close();
        }
        String greeting = "";
        for (long end = System.nanoTime() + 10_000_000_000L; !greeting.startsWith("220") && System.nanoTime() < end; Thread.sleep(50)) {
            try (java.net.Socket again = connectFrom("127.0.0.4")) {
                greeting = firstLine(again);
            }
        }
        assertThat(greeting).startsWith("220 ");
    }

    /**
     * RELIABILITY P9, a loop: the gate misconfigured to relay to itself. Each session's MAIL opened
     * another session on the gate, until the per-client limit refused one, and the client heard
     * 451 4.3.0. The gate now sees its own loop mark in the greeting and answers 554 5.4.0 naming
     * the loop, within seconds (no hang, nothing accepted), and no session of it is left open,
     * so the gate serves its full number of clients again.
     */
    @Test
    void aGateRelayingToItselfAnswers554NamingTheLoopAndFreesItsSessions() throws Exception {
        // the gate listens first, on a port of its own, and is then told its own port as its next
        // hop, as a reload would tell it: a port found free and closed could be taken meanwhile
        int port;
        try (RefusingPort nowhere = new RefusingPort()) {
            server = gates.start(LoopbackGate.settings(nowhere.address(), 100_000, tmp), filter);
            port = server.port();
            server.settings(LoopbackGate.settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100_000, tmp));
        }
        try (SmtpClient c = greeted()) {
            long t0 = System.nanoTime();
            assertThat(c.send("MAIL FROM:<a@x.test>\r\n")).startsWith("554 5.4.0 mail loop: the next hop 127.0.0.1:" + port);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
        // the chain is gone when five clients from this address (the per-client limit) are all greeted
        List<SmtpClient> clients = new java.util.ArrayList<>();
        try {
            for (long end = System.nanoTime() + 10_000_000_000L; clients.size() < 5 && System.nanoTime() < end; ) {
                SmtpClient c = new SmtpClient(server.port());
                if (String.valueOf(c.reply()).startsWith("220")) {
                    clients.add(c);
                } else {
                    c.close();
                    Thread.sleep(50);
                }
            }
            assertThat(clients).hasSize(5);
        } finally {
            for (SmtpClient c : clients) c.close();
        }
        assertThat(finished).isEmpty();
    }
}
