package org.bayard.milter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bayard.net.Link;
import org.bayard.smtp.Envelope;
import org.bayard.smtp.FilterResult;
import org.bayard.smtp.MessageFilter;
import org.bayard.smtp.RecipientDecision;
import org.bayard.smtp.Reply;

/**
 * One MTA connection: the MTA's SMTP session, message after message, as milter packets. Every
 * command that takes a reply gets one; a failure of our own at the end of a message is a
 * tempfail (the MTA answers 451), never a rejection, and a packet that breaks the framing ends
 * the connection, so that the MTA applies its {@code milter_default_action}.
 */
final class MilterConnection {
    private final Link link;
    private final MessageFilter filter;
    private final MilterSettings settings;
    private final Clock clock;
    private final PrintStream log;
    private final InputStream in;
    private final OutputStream out;

    /** What the negotiation settled: the protocol version and the actions the MTA allows. */
    private int actions;
    /** The macros the MTA sent, by the command they came before ({@code i}, the queue id, with the end of the message's). */
    private final Map<String, String> macros = new HashMap<>();
    private InetAddress client;
    private String helo = "";
    private MilterMessage message;
    /** Set once the message is past smtp.max-message-bytes: the rest of its body is read off and it is refused at its end. */
    private boolean tooLarge;

    /** The server's count of messages being decided, which its stop waits for. */
    private final java.util.concurrent.atomic.AtomicInteger deciding;

    /** Where each message's id comes from. */
    private final org.bayard.smtp.QueueIds ids;

    MilterConnection(Link link, MessageFilter filter, MilterSettings settings, Clock clock, PrintStream log,
                     java.util.concurrent.atomic.AtomicInteger deciding, org.bayard.smtp.QueueIds ids) throws IOException {
        this.deciding = deciding;
        this.ids = ids;
        this.link = link;
        this.filter = filter;
        this.settings = settings;
        this.clock = clock;
        this.log = log;
        this.in = new BufferedInputStream(link.input());
        this.out = new BufferedOutputStream(link.output());
        this.client = InetAddress.getLoopbackAddress();
    }

    /** Serves the connection until the MTA quits or leaves; whatever message is under way is dropped with it. */
    void run() {
        try {
            link.readTimeout((int) settings.idleTimeout().toMillis());
            for (Packet p = Packet.read(in); p != null; p = Packet.read(in)) {
                if (!answer(p)) return;
            }
        } catch (Packet.Broken e) {
            log.println("bayard serve: milter: " + peer() + ": connection ended: " + e.getMessage());
        } catch (IOException e) {
            // the MTA left, or its idle time ran out: it applies milter_default_action to what it has
        } finally {
            dropMessage();
        }
    }

    /** Answers one packet; false when the conversation is over. */
    private boolean answer(Packet p) throws IOException {
        switch (p.command()) {
            case Protocol.OPTNEG -> negotiate(p);
            case Protocol.MACRO -> macros(p);
            case Protocol.CONNECT -> {
                client = connectedClient(p);
                reply(Protocol.CONTINUE);
            }
            case Protocol.HELO -> {
                helo = p.strings(0).stream().findFirst().orElse("");
                reply(Protocol.CONTINUE);
            }
            case Protocol.MAIL -> mail(p);
            case Protocol.RCPT -> recipient(p);
            case Protocol.HEADER -> {
                List<String> nameValue = p.strings(0);
                if (message != null && !nameValue.isEmpty()) message.header(nameValue.get(0), nameValue.size() > 1 ? nameValue.get(1) : "");
                reply(Protocol.CONTINUE);
            }
            case Protocol.END_OF_HEADERS -> {
                if (message != null) message.endOfHeaders();
                reply(Protocol.CONTINUE);
            }
            case Protocol.BODY -> body(p.data(), true);
            case Protocol.END_OF_MESSAGE -> endOfMessage(p);
            case Protocol.ABORT -> dropMessage(); // no reply: the MTA's transaction ended
            case Protocol.QUIT -> {
                return false;
            }
            case Protocol.QUIT_NEW_CONNECTION -> { // the connection is kept for the MTA's next SMTP session
                dropMessage();
                macros.clear();
                client = InetAddress.getLoopbackAddress();
                helo = "";
            }
            case Protocol.DATA, Protocol.UNKNOWN -> reply(Protocol.CONTINUE); // DATA, or an SMTP command the MTA did not know
            default -> reply(Protocol.CONTINUE); // a command of a later protocol: going on is what the MTA can work with
        }
        return true;
    }

    private void negotiate(Packet p) throws IOException {
        int version = p.intAt(0);
        if (version < Protocol.OLDEST_VERSION) throw new Packet.Broken("the MTA speaks milter protocol " + version + ", 2 to 6 are taken");
        actions = p.intAt(4) & Protocol.ACTIONS;
        String skipped = skippedChanges(Protocol.ACTIONS & ~actions);
        // Taken, as libmilter's filters that ask little are (Postfix 2.3 to 2.5 offer fewer actions),
        // but said: what the gate changes in a message was skipped without a word.
        if (!skipped.isEmpty()) log.println("bayard serve: milter: " + peer() + ": the MTA does not let milters " + skipped);
        // every event is wanted, and a reply given to each: no "don't send" or "no reply" flags
        reply(Protocol.OPTNEG, Packet.int32(Math.min(version, Protocol.VERSION)), Packet.int32(actions), Packet.int32(0));
    }

    /** What of the gate's changes to a message is not made without the {@code missing} actions, in words; empty when none is missing. */
    private static String skippedChanges(int missing) {
        List<String> skipped = new java.util.ArrayList<>();
        if ((missing & Protocol.ADD_HEADERS) != 0) skipped.add("add header fields: X-Spam-Status and the other fields are not added");
        if ((missing & Protocol.CHANGE_HEADERS) != 0) skipped.add("delete header fields: forged X-Spam fields stay in its mail");
        if ((missing & Protocol.DELETE_RECIPIENTS) != 0) skipped.add("delete recipients: a trap address among others is delivered to too");
        return String.join("; nor ", skipped);
    }

    private void macros(Packet p) {
        List<String> pairs = p.strings(1);
        for (int i = 0; i + 1 < pairs.size(); i += 2) macros.put(pairs.get(i), pairs.get(i + 1));
    }

    /** The client's address from CONNECT's family and address; a local or unknown client is loopback. No name is ever looked up. */
    private static InetAddress connectedClient(Packet p) {
        List<String> host = p.strings(0);
        int familyAt = host.isEmpty() ? 0 : host.get(0).length() + 1;
        if (p.data().length <= familyAt) return InetAddress.getLoopbackAddress();
        char family = (char) p.data()[familyAt];
        List<String> rest = p.strings(familyAt + 3);
        if ((family != '4' && family != '6') || rest.isEmpty()) return InetAddress.getLoopbackAddress();
        String address = rest.get(0).startsWith("IPv6:") ? rest.get(0).substring(5) : rest.get(0);
        try {
            if (!address.isEmpty() && address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                return InetAddress.getByName(address); // a literal: no lookup
            }
        } catch (IOException e) {
            // not an address after all
        }
        return InetAddress.getLoopbackAddress();
    }

    private void mail(Packet p) throws IOException {
        dropMessage();
        String sender = path(p.strings(0).stream().findFirst().orElse(""));
        Optional<Reply> refused;
        try {
            refused = filter.mail(client, sender);
        } catch (RuntimeException e) {
            refused = Optional.of(Reply.of(451, "4.3.0 Temporary failure, try again later"));
        }
        if (refused.isPresent()) {
            replyCode(refused.get());
            return;
        }
        message = new MilterMessage(sender, clock.instant(), settings.memoryPerMessage(), settings.spillDir());
        tooLarge = false;
        reply(Protocol.CONTINUE);
    }

    private void recipient(Packet p) throws IOException {
        String rcpt = path(p.strings(0).stream().findFirst().orElse(""));
        if (message == null) { // RCPT without MAIL: not from a working MTA, nothing to add it to
            reply(Protocol.CONTINUE);
            return;
        }
        RecipientDecision d;
        try {
            d = filter.recipient(client, message.sender, rcpt, false);
        } catch (RuntimeException e) {
            d = RecipientDecision.refuse(Reply.of(451, "4.3.0 Temporary failure, try again later"));
        }
        switch (d.kind()) {
            case RELAY -> message.recipients.add(rcpt);
            case LOCAL -> {
                message.recipients.add(rcpt);
                message.localRecipients.add(rcpt);
            }
            case REFUSE -> {
                replyCode(d.reply());
                return;
            }
        }
        reply(Protocol.CONTINUE);
    }

    private void body(byte[] chunk, boolean replies) throws IOException {
        if (message != null && !tooLarge) {
            if (message.size() + chunk.length > settings.maxMessageBytes()) tooLarge = true;
            else message.body(chunk);
        }
        if (replies) reply(Protocol.CONTINUE);
    }

    private void endOfMessage(Packet p) throws IOException {
        if (p.data().length > 0) body(p.data(), false);
        if (message == null) {
            reply(Protocol.CONTINUE);
            return;
        }
        deciding.incrementAndGet();
        try (MilterMessage m = message) {
            message = null;
            if (tooLarge) {
                replyCode(Reply.of(552, "5.3.4 Message too big (smtp.max-message-bytes " + settings.maxMessageBytes() + ")"));
                return;
            }
            Envelope env = m.envelope(queueId(), client, helo, tls());
            long t0 = System.nanoTime();
            FilterResult result;
            try {
                result = filter.filter(env, m.whole());
            } catch (IOException | RuntimeException e) {
                log.println("bayard serve: milter: " + peer() + ": the message could not be filtered, answered tempfail: " + e);
                reply(Protocol.TEMPFAIL);
                return;
            }
            Reply told = act(result, m);
            filter.finished(env, result, told, false, System.nanoTime() - t0);
        } finally {
            deciding.decrementAndGet();
        }
    }

    /** Turns the gate's decision into the MTA's: header changes and delivery, a refusal, or a discard of what the gate took. */
    private Reply act(FilterResult result, MilterMessage m) throws IOException {
        switch (result) {
            case FilterResult.Relay relay -> {
                if (relay.head().length > 0) change(m, relay.head(), relay.replacedBytes() > 0);
                if ((actions & Protocol.DELETE_RECIPIENTS) != 0) {
                    for (String local : m.localRecipients) reply(Protocol.DELETE_RECIPIENT, Packet.string("<" + local + ">"));
                }
                reply(Protocol.CONTINUE);
                return Reply.of(250, "2.0.0 Ok: passed on by the MTA");
            }
            case FilterResult.Held held -> { // durable in the gate's quarantine: the MTA's copy must not be delivered
                reply(Protocol.DISCARD);
                return Reply.of(250, "2.0.0 Ok: held (" + held.where() + ")");
            }
            case FilterResult.Consumed consumed -> {
                reply(Protocol.DISCARD);
                return Reply.of(250, "2.0.0 Ok: " + consumed.note());
            }
            case FilterResult.Refuse refuse -> {
                replyCode(refuse.reply());
                return refuse.reply();
            }
        }
    }

    /**
     * The header changes from what the MTA sent to the gate's head, as far as the MTA allows them;
     * a head that replaces nothing (the gate gave its fields alone, for a header block too long to
     * search) is fields to add.
     */
    private void change(MilterMessage m, byte[] head, boolean replacesHeaders) throws IOException {
        HeaderChanges.Changes c = replacesHeaders ? HeaderChanges.between(m.headers, head)
                : new HeaderChanges.Changes(List.of(), HeaderChanges.fields(head));
        if ((actions & Protocol.CHANGE_HEADERS) != 0) {
            for (HeaderChanges.Deletion d : c.deletions()) {
                reply(Protocol.CHANGE_HEADER, Packet.int32(d.index()), Packet.string(d.name()), Packet.string(""));
            }
        }
        if ((actions & Protocol.ADD_HEADERS) != 0) {
            for (HeaderChanges.Field f : c.additions()) reply(Protocol.ADD_HEADER, Packet.string(f.name()), Packet.string(f.value()));
        }
    }

    /** An SMTP reply for the MTA to give: its code, and its text with {@code %} doubled, as the MTA's formatting takes it. */
    private void replyCode(Reply r) throws IOException {
        String text = r.code() + " " + String.join(" ", r.lines()).replace("%", "%%");
        reply(Protocol.REPLY_CODE, Packet.string(text));
    }

    private void reply(char command, byte[]... parts) throws IOException {
        Packet.write(out, command, parts);
    }

    private void dropMessage() {
        if (message == null) return;
        try {
            message.close();
        } catch (IOException e) {
            // a spill file left behind is removed with the gate's tmp folder at its next start
        }
        message = null;
    }

    /**
     * The message's id: ours, which no other door sharing the quarantine gives (an MTA's own ids
     * are reused over time, and name held mail's files here), then the MTA's queue id (its
     * {@code i} macro) when it sent one of letters and digits, so that its log and ours meet.
     */
    private String queueId() {
        String mta = macros.getOrDefault("i", macros.getOrDefault("{i}", "")); // Postfix and Sendmail name it i, some MTAs {i}
        return ids.next() + (mta.matches("[A-Za-z0-9]{1,40}") ? "-" + mta : "");
    }

    /**
     * The TLS the MTA's client used, as its {@code {tls_version}} and {@code {cipher}} macros say
     * (Postfix sends them with HELO by default: milter_helo_macros); empty for plaintext, where the
     * MTA sends neither. Only printable ASCII is kept: it goes into the decision line.
     */
    private java.util.Optional<String> tls() {
        String version = macros.getOrDefault("{tls_version}", "");
        if (version.isEmpty()) return java.util.Optional.empty();
        String said = version + " " + macros.getOrDefault("{cipher}", "");
        return java.util.Optional.of(said.strip().replaceAll("[^ -~]", "?"));
    }

    /** {@code <a@b>} as the gate takes an address: without its brackets, empty for the null sender. */
    private static String path(String arg) {
        String s = arg.strip();
        if (s.startsWith("<") && s.endsWith(">")) s = s.substring(1, s.length() - 1);
        return s;
    }

    private String peer() {
        return link.peer();
    }
}
