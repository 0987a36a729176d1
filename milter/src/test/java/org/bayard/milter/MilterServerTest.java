package org.bayard.milter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.bayard.net.ListenAddress;
import org.bayard.smtp.Envelope;
import org.bayard.smtp.FilterResult;
import org.bayard.smtp.MessageFilter;
import org.bayard.smtp.RecipientDecision;
import org.bayard.smtp.Reply;
import org.bayard.smtp.SpooledMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The milter door over raw loopback sockets, playing the MTA's side of the protocol as Postfix's
 * milter8.c sends it: the negotiation, a message's packets and the changes and verdict it gets
 * back, several messages and sessions on one connection, and every framing fault. The filter here
 * answers what each test sets; the gate's own filter, behind a real Postfix, is tested in the app module.
 */
class MilterServerTest {
    @TempDir Path tmp;
    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    final List<Envelope> envelopes = new CopyOnWriteArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();
    volatile Function<Envelope, FilterResult> decide = env -> new FilterResult.Relay(new byte[0], 0, "as it is");
    volatile Function<String, RecipientDecision> recipients = r -> RecipientDecision.RELAY;
    volatile boolean failing;
    MilterServer server;

    final MessageFilter filter = new MessageFilter() {
        @Override
        public RecipientDecision recipient(InetAddress client, String reversePath, String recipient, boolean afterQueue) {
            return recipients.apply(recipient);
        }

        @Override
        public FilterResult filter(Envelope envelope, SpooledMessage message) throws IOException {
            if (failing) throw new IOException("the disk is gone");
            envelopes.add(envelope);
            messages.add(new String(message.open().readAllBytes(), StandardCharsets.ISO_8859_1));
            return decide.apply(envelope);
        }
    };

    void start(long maxMessageBytes, int maxConnections) throws IOException {
        server = MilterServer.start(new MilterSettings(new ListenAddress.Tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), maxConnections,
                maxMessageBytes, 1024, tmp, Duration.ofSeconds(30), Duration.ofSeconds(1)), filter, Clock.systemUTC(),
                new PrintStream(logged, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** The MTA's end of one connection. */
    final class Mta implements AutoCloseable {
        final Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        final OutputStream out = socket.getOutputStream();
        final DataInputStream in = new DataInputStream(socket.getInputStream());

        Mta() throws IOException {
            socket.setSoTimeout(20_000);
        }

        void send(char command, byte[]... parts) throws IOException {
            Packet.write(out, command, parts);
        }

        Packet read() throws IOException {
            return Packet.read(in);
        }

        /** Sends a command and reads its one reply. */
        Packet ask(char command, byte[]... parts) throws IOException {
            send(command, parts);
            return read();
        }

        void negotiate() throws IOException {
            Packet o = ask('O', Packet.int32(6), Packet.int32(0x1FF), Packet.int32(0x1FFFFF));
            assertThat(o.command()).isEqualTo('O');
        }

        /** CONNECT from {@code address}, HELO, MAIL and each RCPT, each answered continue unless a test refuses one. */
        void envelope(String address, String sender, String... rcpts) throws IOException {
            assertThat(ask('C', Packet.string("client.example.net"), new byte[] {'4', 0x30, 0x39}, Packet.string(address)).command())
                    .isEqualTo('c');
            assertThat(ask('H', Packet.string("client.example.net")).command()).isEqualTo('c');
            send('D', new byte[] {'M'}, Packet.string("i"), Packet.string("4XyZ1234"));
            assertThat(ask('M', Packet.string("<" + sender + ">"), Packet.string("SIZE=100")).command()).isEqualTo('c');
            for (String r : rcpts) assertThat(ask('R', Packet.string("<" + r + ">")).command()).isEqualTo('c');
        }

        /** The header fields, their end and a body in two chunks; then the end, and every reply to it up to the verdict. */
        List<Packet> message(String... headerPairs) throws IOException {
            assertThat(ask('T').command()).isEqualTo('c');
            for (int i = 0; i < headerPairs.length; i += 2) {
                assertThat(ask('L', Packet.string(headerPairs[i]), Packet.string(headerPairs[i + 1])).command()).isEqualTo('c');
            }
            assertThat(ask('N').command()).isEqualTo('c');
            assertThat(ask('B', "Hello there,\r\n".getBytes(StandardCharsets.US_ASCII)).command()).isEqualTo('c');
            assertThat(ask('B', "bye.\r\n".getBytes(StandardCharsets.US_ASCII)).command()).isEqualTo('c');
            send('E');
            List<Packet> replies = new ArrayList<>();
            for (Packet p = read(); ; p = read()) {
                replies.add(p);
                if ("cadtyr".indexOf(p.command()) >= 0) return replies;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static String text(Packet p) {
        return String.join("|", p.strings(0));
    }

    @Test
    void theNegotiationAsksForHeaderChangesAndRecipientDeletionAndEveryEvent() throws IOException {
        start(1 << 20, 10);
        try (Mta mta = new Mta()) {
            Packet o = mta.ask('O', Packet.int32(6), Packet.int32(0x1FF), Packet.int32(0x1FFFFF));
            assertThat(o.command()).isEqualTo('O');
            assertThat(o.intAt(0)).isEqualTo(6);
            assertThat(o.intAt(4)).isEqualTo(0x01 | 0x08 | 0x10);
            assertThat(o.intAt(8)).isZero();
        }
        assertThat(logged.toString(StandardCharsets.UTF_8)).as("all were allowed").isEmpty();
        try (Mta old = new Mta()) { // Postfix 2.3 to 2.5, which offer fewer actions
            Packet o = old.ask('O', Packet.int32(2), Packet.int32(0x01), Packet.int32(0x7F));
            assertThat(o.intAt(0)).isEqualTo(2);
            assertThat(o.intAt(4)).isEqualTo(0x01);
        }
        // taken, but what the gate will not change in its messages is said: it was skipped without a word
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains(": the MTA does not let milters delete header fields:"
                + " forged X-Spam fields stay in its mail; nor delete recipients:").doesNotContain("add header fields");
    }

    @Test
    void aMessageIsRebuiltForTheFilterAndItsHeadBecomesHeaderChanges() throws IOException {
        start(1 << 20, 10);
        // the gate's head: the forged flag gone, the Subject kept, ours added at the end
        decide = env -> new FilterResult.Relay(("Received: from client\r\n\tby mx\r\nSubject: hi\r\n"
                + "X-Spam-Flag: NO\r\nX-Spam-Status: No, score=-1.0 required=5.0 tests=BAYES_00 autolearn=no version=0.1.0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), 1, "relayed");
        try (Mta mta = new Mta()) {
            mta.negotiate();
            mta.envelope("192.0.2.7", "sender@example.net", "a@example.org", "b@example.org");
            List<Packet> replies = mta.message("Received", "from client\n\tby mx", "X-Spam-Flag", "YES", "Subject", "hi",
                    "X-Spam-Flag", "YES");
            assertThat(messages).containsExactly("Received: from client\r\n\tby mx\r\nX-Spam-Flag: YES\r\nSubject: hi\r\n"
                    + "X-Spam-Flag: YES\r\n\r\nHello there,\r\nbye.\r\n");
            Envelope env = envelopes.getFirst();
            assertThat(env.client().getHostAddress()).isEqualTo("192.0.2.7");
            assertThat(env.helo()).isEqualTo("client.example.net");
            assertThat(env.reversePath()).isEqualTo("sender@example.net");
            assertThat(env.recipients()).containsExactly("a@example.org", "b@example.org");
            assertThat(env.queueId()).matches("[0-9A-Z]+-[0-9A-Z]+\\.1-4XyZ1234");
            assertThat(env.afterQueue()).isFalse();
            // both forged flags deleted, the later one first, then ours added; then continue
            assertThat(replies).extracting(Packet::command).containsExactly('m', 'm', 'h', 'h', 'c');
            assertThat(replies.get(0).intAt(0)).isEqualTo(2);
            assertThat(replies.get(1).intAt(0)).isEqualTo(1);
            assertThat(replies.get(0).strings(4)).containsExactly("X-Spam-Flag", "");
            assertThat(replies.get(2).strings(0)).containsExactly("X-Spam-Flag", "NO");
            assertThat(replies.get(3).strings(0)).containsExactly("X-Spam-Status",
                    "No, score=-1.0 required=5.0 tests=BAYES_00 autolearn=no version=0.1.0");
        }
    }

    /** A head that replaces none of the message (the gate's fields alone, before a header block too long to search) is only added. */
    @Test
    void aHeadReplacingNothingIsAddedAndDeletesNothing() throws IOException {
        start(1 << 20, 10);
        decide = env -> new FilterResult.Relay("X-Spam-Flag: NO\r\n".getBytes(StandardCharsets.US_ASCII), 0, "fields first");
        try (Mta mta = new Mta()) {
            mta.negotiate();
            mta.envelope("192.0.2.7", "s@example.net", "a@example.org");
            List<Packet> replies = mta.message("X-Spam-Flag", "YES", "Subject", "long");
            assertThat(replies).extracting(Packet::command).containsExactly('h', 'c');
            assertThat(replies.getFirst().strings(0)).containsExactly("X-Spam-Flag", "NO");
        }
    }

    @Test
    void aRefusalIsTheGatesReplyAndHeldOrTrappedMailIsDiscarded() throws IOException {
        start(1 << 20, 10);
        try (Mta mta = new Mta()) {
            mta.negotiate();
            decide = env -> new FilterResult.Refuse(Reply.of(550, "5.7.1 Spam (score 12.5, 100% sure)"), "spam");
            mta.envelope("192.0.2.7", "s@example.net", "a@example.org");
            List<Packet> refused = mta.message("Subject", "buy");
            assertThat(refused).singleElement().satisfies(p -> {
                assertThat(p.command()).isEqualTo('y');
                assertThat(text(p)).isEqualTo("550 5.7.1 Spam (score 12.5, 100%% sure)");
            });
            // the next message on the same connection: held by the gate, so the MTA must drop its copy
            decide = env -> new FilterResult.Held("quarantine/abc");
            mta.envelope("192.0.2.7", "s@example.net", "a@example.org");
            assertThat(mta.message("Subject", "maybe")).extracting(Packet::command).containsExactly('d');
            // a trap among others: its recipient is taken out of delivery, the others get the message
            recipients = r -> r.startsWith("trap") ? RecipientDecision.LOCAL : RecipientDecision.RELAY;
            decide = env -> new FilterResult.Relay(new byte[0], 0, "to the others");
            mta.envelope("192.0.2.7", "s@example.net", "trap@example.org", "a@example.org");
            List<Packet> relayed = mta.message("Subject", "hello");
            assertThat(relayed).extracting(Packet::command).containsExactly('-', 'c');
            assertThat(text(relayed.getFirst())).isEqualTo("<trap@example.org>");
            assertThat(envelopes.getLast().localRecipients()).containsExactly("trap@example.org");
        }
        assertThat(envelopes).hasSize(3);
    }

    /** miltertest sends no {i} macro: the message was refused a quarantine id of '' and answered tempfail. */
    @Test
    void aMessageWithoutTheMtasQueueIdGetsOursAlone() throws IOException {
        start(1 << 20, 10);
        try (Mta mta = new Mta()) {
            mta.negotiate();
            assertThat(mta.ask('M', Packet.string("<s@example.net>")).command()).isEqualTo('c');
            assertThat(mta.ask('R', Packet.string("<a@example.org>")).command()).isEqualTo('c');
            assertThat(mta.message("Subject", "no id")).extracting(Packet::command).containsExactly('c');
        }
        assertThat(envelopes).singleElement().satisfies(e -> assertThat(e.queueId()).matches("[0-9A-Z]+-[0-9A-Z]+\\.1"));
    }

    @Test
    void aRecipientTheGateRefusesIsRefusedAtRcpt() throws IOException {
        start(1 << 20, 10);
        recipients = r -> RecipientDecision.refuse(Reply.of(550, "5.7.1 blocked for 3 hours"));
        try (Mta mta = new Mta()) {
            mta.negotiate();
            mta.envelope("192.0.2.9", "s@example.net");
            Packet p = mta.ask('R', Packet.string("<a@example.org>"));
            assertThat(p.command()).isEqualTo('y');
            assertThat(text(p)).isEqualTo("550 5.7.1 blocked for 3 hours");
        }
    }

    @Test
    void anAbortOrANewSessionStartsOverOnTheSameConnection() throws IOException {
        start(1 << 20, 10);
        try (Mta mta = new Mta()) {
            mta.negotiate();
            mta.envelope("192.0.2.7", "first@example.net", "a@example.org");
            assertThat(mta.ask('L', Packet.string("Subject"), Packet.string("half")).command()).isEqualTo('c');
            mta.send('A'); // the client sent RSET: no reply
            mta.envelope("192.0.2.7", "second@example.net", "a@example.org");
            assertThat(mta.message("Subject", "whole")).extracting(Packet::command).containsExactly('c');
            mta.send('K'); // Postfix reuses the connection for another SMTP session
            mta.envelope("198.51.100.4", "third@example.net", "b@example.org");
            assertThat(mta.message("Subject", "again")).extracting(Packet::command).containsExactly('c');
            assertThat(mta.ask('U', Packet.string("XYZZY")).command()).isEqualTo('c');
        }
        assertThat(messages).hasSize(2).allSatisfy(m -> assertThat(m).doesNotContain("half"));
        assertThat(envelopes).extracting(Envelope::reversePath).containsExactly("second@example.net", "third@example.net");
        assertThat(envelopes.getLast().client().getHostAddress()).isEqualTo("198.51.100.4");
    }

    @Test
    void aBodyPastTheLimitIsRefusedAndOurOwnFailureIsATempfail() throws IOException {
        start(60, 10);
        try (Mta mta = new Mta()) {
            mta.negotiate();
            mta.envelope("192.0.2.7", "s@example.net", "a@example.org");
            List<Packet> large = mta.message("Subject", "a subject long enough to pass the limit with the body");
            assertThat(large).singleElement().satisfies(p -> assertThat(text(p)).startsWith("552 5.3.4 Message too big"));
            assertThat(messages).isEmpty();
        }
        server.close();
        start(1 << 20, 10);
        failing = true;
        try (Mta mta = new Mta()) {
            mta.negotiate();
            mta.envelope("192.0.2.7", "s@example.net", "a@example.org");
            assertThat(mta.message("Subject", "x")).extracting(Packet::command).containsExactly('t');
        }
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("answered tempfail", "the disk is gone");
    }

    /** RELIABILITY F6: a length of 0 or 2^31 ends that connection without an allocation; others are served on. */
    @Test
    void aBrokenPacketLengthEndsItsConnectionOnly() throws Exception {
        start(1 << 20, 10);
        for (byte[] length : List.of(new byte[] {0, 0, 0, 0}, new byte[] {(byte) 0x80, 0, 0, 0}, new byte[] {0, 1, 0, 1})) {
            try (Mta bad = new Mta()) {
                bad.out.write(length);
                bad.out.write('O');
                bad.out.flush();
                assertThat(bad.in.read()).as("closed").isEqualTo(-1);
            }
        }
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("a packet length of 0", "a packet length of 2147483648",
                "a packet length of 65537");
        try (Mta mta = new Mta()) {
            mta.negotiate();
            mta.envelope("192.0.2.7", "s@example.net", "a@example.org");
            assertThat(mta.message("Subject", "fine")).extracting(Packet::command).containsExactly('c');
        }
    }

    @Test
    void aConnectionPastTheLimitIsClosedAtOnce() throws Exception {
        start(1 << 20, 1);
        try (Mta first = new Mta()) {
            first.negotiate();
            try (Mta second = new Mta()) {
                assertThat(second.in.read()).isEqualTo(-1);
            }
            assertThat(server.openConnections()).isEqualTo(1);
            assertThat(server.turnedAway()).as("counted, for /metrics").isEqualTo(1);
            first.envelope("192.0.2.7", "s@example.net", "a@example.org");
            assertThat(first.message("Subject", "fine")).extracting(Packet::command).containsExactly('c');
        }
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("1 connections open (milter.max-connections)");
    }
}
