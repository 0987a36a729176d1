package org.bayard.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.Optional;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * One client connection of the before-queue proxy, as a state machine over framed commands.
 *
 * <pre>
 *   GREETED  --EHLO/HELO-->  READY  --MAIL-->  MAIL  --RCPT (accepted)-->  RCPT  --DATA--> 354, body
 *   body framed by {@link DataDecoder}; at CRLF.CRLF the filter decides, then one reply; back to READY
 *   RCPT  --BDAT-->  CHUNKS  --BDAT...-->  CHUNKS  --BDAT LAST-->  the filter decides, one reply; back to READY
 *   RSET: any state with a greeting -> READY.  EHLO/HELO again: -> READY.  QUIT: 221, close.
 *   XFORWARD (trusted peers, in READY): names the real client behind Postfix until the next EHLO.
 * </pre>
 *
 * The next hop mirrors the client: opened at the first MAIL, sent MAIL and each RCPT as they come
 * (so its recipient refusals reach the client at RCPT time; the filter is asked first and may
 * refuse a recipient or keep it local, never shown to the next hop), and sent DATA and the message only
 * when the filter says relay. A refused or held message is aborted there with RSET: the final
 * dot is never sent. The client hears 250 for a relayed message only after the next hop's 250;
 * anything unclear from the next hop is 451 4.3.0. Our own failures are 451, never 5xx, but for
 * a next hop that leads back to this gate ({@link LoopMarks}): 554 5.4.0 at MAIL, as for any mail
 * loop, since no retry gets past it and the sender should hear so rather than wait for days.
 *
 * <p>The session itself is the state machine: it reads and dispatches commands, checks each
 * against the state, moves the state and answers ({@link ClientReplies}). What a verb needs beyond
 * that is elsewhere: the client's HELO and XFORWARD in {@link ClaimedClient}, the syntax of MAIL
 * and RCPT in {@link EnvelopeSyntax}, whether the filter and the next hop take a sender or a
 * recipient in {@link SenderAdmission} and {@link RecipientAdmission} (the envelope taken so far
 * in {@link MailTransaction}, the next hop's connection in {@link NextHopLink}), and the message
 * after 354 in {@link MessageIntake}; what EHLO offers and the size limit come from {@link GateOffer}.
 */
public final class SmtpSession {
    private enum State { GREETED, READY, MAIL, RCPT, CHUNKS }

    private static final int MAX_ERRORS = 20;
    /** RFC 3207's answer, and Postfix's words, to a command that needs TLS when the client has not started it. */
    private static final String MUST_STARTTLS = "5.7.0 Must issue a STARTTLS command first";

    private final SmtpSettings settings;
    private final InetAddress client;
    private final ClientConnection connection;
    private final ClientInput in;
    private final ClientReplies replies;
    private final Clock clock;
    private final Supplier<String> queueIds;
    private final CommandReader commands;

    /** Volatile, with {@link #handling}: the server reads both when it stops ({@link #closableNow}). */
    private volatile State state = State.GREETED;
    private volatile boolean handling;
    /** Since when the session waits for its next command: the server cuts off the idle longest when nearly full. */
    private final CommandWait waiting = new CommandWait();
    /** True once the server is stopping: out of a transaction, the session then says 421 and ends. */
    private final java.util.function.BooleanSupplier stopping;
    private final ClaimedClient claimed;
    private final MailTransaction transaction = new MailTransaction();

    private final GateOffer offer;
    private final NextHopLink hop;
    private final SenderAdmission senders;
    private final RecipientAdmission recipients;
    private final MessageIntake intake;
    private final LoopMarks marks;
    /** The message arriving by BDAT, from its first chunk to its last; null in any other state. */
    private ChunkedMessage chunks;

    /**
     * {@code connection}'s streams are unbuffered: the session buffers its input itself ({@link
     * ClientInput}) and writes each reply whole, in one write. {@code capabilities}, {@code marks}
     * and {@code memory} are the server's, shared by its sessions.
     */
    SmtpSession(SmtpSettings settings, MessageFilter filter, InetAddress client, ClientConnection connection,
                Clock clock, Supplier<String> queueIds, HopCapabilities capabilities, LoopMarks marks,
                java.util.function.BooleanSupplier stopping, MessageMemory memory) throws IOException {
        this.offer = new GateOffer(settings, capabilities);
        this.marks = marks;
        this.stopping = stopping;
        this.settings = settings;
        this.client = client;
        this.claimed = new ClaimedClient(client);
        this.connection = connection;
        this.in = new ClientInput(connection.input());
        this.replies = new ClientReplies(connection.output());
        this.clock = clock;
        this.queueIds = queueIds;
        this.commands = new CommandReader(this.in, settings.maxLineLength());
        this.hop = new NextHopLink(settings, marks);
        this.senders = new SenderAdmission(filter, hop, offer, claimed, transaction);
        this.recipients = new RecipientAdmission(settings, filter, client, claimed, hop, transaction);
        this.intake = new MessageIntake(settings, filter, this.in, replies, offer, hop, memory, transaction);
    }

    /** Runs the conversation to its end; returns when the client quits, drops or times out. */
    public void run() throws IOException {
        try {
            replies.reply(220, "%s ESMTP Bayard %s".formatted(settings.hostname(), marks.shown()));
            while (true) {
                CommandReader.Line line;
                long since = waiting.begin();
                try {
                    line = commands.next();
                } catch (SocketTimeoutException e) {
                    replies.reply(421, "4.4.2 %s timeout; closing".formatted(settings.hostname()));
                    return;
                } catch (IOException e) {
                    // the server ended the input of a TLS connection, which its stream takes for a
                    // truncation attack and says so by throwing: the same end as a plain one's
                    // (a wait the server cut is found so just below, a stop at the end of the input)
                    if (!stopping.getAsBoolean() && waiting.end(since)) throw e;
                    line = null;
                }
                if (!waiting.end(since)) {
                    // cut while the command arrived: it is not run, so that nothing is begun that the
                    // ended input would break off
                    replies.reply(421, "4.4.2 %s idle too long while busy; closing".formatted(settings.hostname()));
                    return;
                }
                if (line == null) {
                    // the server ended our input to stop (the client is still there), or the client left
                    if (stopping.getAsBoolean()) sayShuttingDown();
                    return;
                }
                handling = true;
                try {
                    if (!handle(line)) return;
                } finally {
                    handling = false;
                }
                if (replies.errors() >= MAX_ERRORS) {
                    replies.reply(421, "4.7.0 too many errors; closing");
                    return;
                }
                if (stopping.getAsBoolean() && outsideTransaction(state)) {
                    sayShuttingDown();
                    return;
                }
            }
        } finally {
            if (chunks != null) intake.cutBetweenChunks(chunks);
            dropChunks();
            hop.close();
        }
    }

    private void sayShuttingDown() {
        try {
            replies.reply(421, "4.3.2 %s shutting down; try again later".formatted(settings.hostname()));
        } catch (IOException gone) {
            // the client left first: nobody to tell
        }
    }

    /**
     * Whether closing the connection now loses nothing: the session waits for a command outside
     * a transaction. A command being handled (a message being read, judged and relayed, its reply
     * not yet written) or a transaction begun is left to finish when the server stops.
     */
    boolean closableNow() {
        return !handling && outsideTransaction(state);
    }

    /**
     * Marks the session cut off when it has been waiting for a command for longer than {@code
     * nanos} at {@code now}; true if so, and the server then ends its input, which the session
     * answers with 421 4.4.2. A session that got its command first is left alone.
     */
    boolean cutIfIdleLongerThan(long nanos, long now) {
        return waiting.cutIfLongerThan(nanos, now);
    }

    private static boolean outsideTransaction(State s) {
        return s == State.GREETED || s == State.READY;
    }

    /** Handles one command; false when the connection must close. */
    private boolean handle(CommandReader.Line line) throws IOException {
        switch (line.problem()) {
            case TOO_LONG -> { return replies.error(500, "5.5.2 line too long"); }
            case BARE_NEWLINE -> { return replies.error(500, "5.5.2 bare CR or LF in command; lines end with CR LF"); }
            case NUL -> { return replies.error(501, "5.5.2 NUL in command"); }
            case NONE -> { }
        }
        String text = line.text();
        int sp = text.indexOf(' ');
        String verb = (sp < 0 ? text : text.substring(0, sp)).toUpperCase(Locale.ROOT);
        String arg = sp < 0 ? "" : text.substring(sp + 1).trim();
        switch (verb) {
            case "EHLO", "HELO" -> {
                if (arg.isEmpty()) return replies.error(501, "5.5.4 %s needs a domain".formatted(verb));
                abortTransaction();
                claimed.greeted(arg);
                state = State.READY;
                if (verb.equals("HELO")) return replies.reply(250, settings.hostname());
                return replies.reply(new Reply(250, offer.ehloLines(settings.relay().trusted(client), startTlsOffered())));
            }
            case "MAIL" -> { return mail(arg); }
            case "RCPT" -> { return rcpt(arg); }
            case "DATA" -> { return data(arg); }
            case "RSET" -> {
                abortTransaction();
                if (state != State.GREETED) state = State.READY;
                return replies.reply(250, "2.0.0 Ok");
            }
            case "NOOP" -> { return replies.reply(250, "2.0.0 Ok"); }
            case "QUIT" -> {
                replies.reply(221, "2.0.0 Bye");
                return false;
            }
            case "VRFY" -> {
                if (tlsStillRequired()) return replies.error(530, MUST_STARTTLS);
                return replies.reply(252, "2.5.2 Cannot verify; send some mail");
            }
            case "HELP" -> { return replies.reply(214, "2.0.0 See RFC 5321"); }
            case "XFORWARD" -> { return xforward(arg); }
            case "LHLO" -> {
                // Postfix's lmtp client (an amavis-style content_filter transport) takes a 5xx here as
                // permanent and bounced every message, ham too; a 4xx keeps the mail in its queue
                replies.reply(421, "4.3.5 Bayard speaks SMTP, not LMTP: use Postfix's smtp transport for this content filter");
                return false;
            }
            case "BDAT" -> { return bdat(arg); }
            case "STARTTLS" -> { return startTls(arg); }
            case "XCLIENT", "AUTH", "ETRN", "EXPN" -> {
                return replies.error(502, "5.5.1 command not implemented");
            }
            default -> { return replies.error(500, "5.5.2 command not recognized"); }
        }
    }

    private boolean startTlsOffered() {
        return settings.startTls().isPresent() && !connection.secured();
    }

    /** Whether the settings require STARTTLS and this client has not used it yet: then MAIL and VRFY get 530, as Postfix answers. */
    private boolean tlsStillRequired() {
        return settings.startTlsRequired() && !connection.secured();
    }

    /**
     * RFC 3207: 220, then the TLS handshake; after it the session starts over, as if just greeted, and
     * forgets what the client said in plaintext (its EHLO and XFORWARD). Whatever the client sent
     * behind STARTTLS before the handshake is dropped, never run. A handshake that fails ends the
     * session: nothing was begun in it.
     */
    private boolean startTls(String arg) throws IOException {
        if (connection.secured()) return replies.error(503, "5.5.1 TLS already active");
        if (settings.startTls().isEmpty()) return replies.error(502, "5.5.1 command not implemented");
        if (!arg.isEmpty()) return replies.error(501, "5.5.4 STARTTLS takes no argument");
        if (state == State.GREETED) return replies.error(503, "5.5.1 send EHLO first");
        if (state != State.READY) return replies.error(503, "5.5.1 STARTTLS inside a mail transaction");
        replies.reply(220, "2.0.0 Ready to start TLS");
        try {
            connection.secure(settings.startTls().get().context());
        } catch (IOException e) {
            return false;
        }
        in.switchTo(connection.input());
        replies.switchTo(connection.output());
        claimed.greeted("");
        state = State.GREETED;
        return true;
    }

    /** Postfix tells who is really behind it; only a trusted peer may, and only between transactions. */
    private boolean xforward(String arg) throws IOException {
        if (!settings.relay().trusted(client)) return replies.error(550, "5.7.0 XFORWARD not allowed from your address");
        if (state == State.GREETED) return replies.error(503, "5.5.1 send EHLO first");
        if (state != State.READY) return replies.error(503, "5.5.1 XFORWARD inside a mail transaction");
        var attrs = Xforward.parse(arg);
        if (attrs.isEmpty()) return replies.error(501, "5.5.4 bad XFORWARD syntax");
        claimed.forward(attrs.get());
        return replies.reply(250, "2.0.0 Ok");
    }

    private boolean mail(String arg) throws IOException {
        if (state == State.GREETED) return replies.error(503, "5.5.1 send EHLO or HELO first");
        if (state != State.READY) return replies.error(503, "5.5.1 nested MAIL command");
        if (tlsStillRequired()) return replies.error(530, MUST_STARTTLS);
        EnvelopeSyntax.Sender sender;
        try {
            // after the queue the next hop's limit alone counts, checked by SenderAdmission
            sender = EnvelopeSyntax.sender(arg, settings.afterQueue() ? Long.MAX_VALUE : settings.maxMessageBytes());
        } catch (RefusedLine e) {
            return refused(e);
        }
        Optional<Reply> refusal = senders.admit(sender.address(), sender.params());
        if (refusal.isPresent()) return replies.reply(refusal.get());
        state = State.MAIL;
        return replies.reply(250, "2.1.0 Ok");
    }

    private boolean rcpt(String arg) throws IOException {
        if (state == State.CHUNKS) return replies.error(503, "5.5.1 RCPT after BDAT; end the message with BDAT LAST, or RSET");
        if (state != State.MAIL && state != State.RCPT) return replies.error(503, "5.5.1 need MAIL first");
        EnvelopeSyntax.Recipient recipient;
        try {
            recipient = EnvelopeSyntax.recipient(arg, transaction.smtputf8());
        } catch (RefusedLine e) {
            return refused(e);
        }
        Optional<Reply> refusal = recipients.admit(recipient.address(), recipient.dsn());
        if (refusal.isPresent()) return replies.reply(refusal.get());
        state = State.RCPT;
        return replies.reply(250, "2.1.5 Ok");
    }

    private boolean data(String arg) throws IOException {
        if (!arg.isEmpty()) return replies.error(501, "5.5.4 DATA takes no argument");
        if (state == State.CHUNKS) return replies.error(503, "5.5.1 DATA after BDAT; end the message with BDAT LAST, or RSET");
        if (state == State.MAIL) return replies.error(554, "5.5.1 no valid recipients");
        if (state != State.RCPT) return replies.error(503, "5.5.1 need RCPT first");
        if (in.available() > 0) {
            // RFC 2920: DATA ends a pipelined group; content before our 354 means the client is not
            // listening to us (or is smuggling). Refuse and close, as Postfix does.
            replies.reply(554, "5.5.0 protocol synchronization error (data sent before 354)");
            return false;
        }
        long start = System.nanoTime();
        Envelope env = transaction.envelope(queueIds.get(), claimed.judged(), claimed.heloName(), clock.instant(),
                settings.afterQueue(), connection.tls());
        replies.reply(354, "End data with <CR><LF>.<CR><LF>");
        return intake.receive(env, start, this::resetTransaction);
    }

    /**
     * BDAT (RFC 3030, CHUNKING): its chunk's octets follow the command at once and are always read
     * off, whatever the answer, so that none is ever taken for a command (a chunk refused alone was
     * how a smuggled transaction hid in one). In a transaction with recipients, each chunk is
     * added to the message and answered 250; the one marked LAST ends it, and the message is
     * decided and answered as after DATA's final dot. A size that cannot be read, or past any
     * message taken, leaves where the chunk ends unknown: the session closes.
     */
    private boolean bdat(String arg) throws IOException {
        Optional<BdatCommand> command = BdatCommand.parse(arg);
        if (command.isEmpty()) {
            replies.error(501, "5.5.4 bad BDAT syntax; closing, as where its chunk ends is not known");
            return false;
        }
        long size = command.get().size();
        if (size > settings.maxMessageBytes() && !settings.afterQueue()) {
            replies.error(552, "5.3.4 BDAT chunk larger than any message this server takes; closing");
            return false;
        }
        if (state != State.RCPT && state != State.CHUNKS) {
            try {
                if (!BdatCommand.skip(in, size)) return false;
            } catch (SocketTimeoutException e) {
                replies.reply(421, "4.4.2 timeout during BDAT; closing");
                return false;
            }
            if (state == State.MAIL) return replies.error(554, "5.5.1 no valid recipients");
            return replies.error(503, "5.5.1 need MAIL and RCPT first");
        }
        if (chunks == null) {
            Envelope env = transaction.envelope(queueIds.get(), claimed.judged(), claimed.heloName(), clock.instant(),
                    settings.afterQueue(), connection.tls());
            chunks = intake.chunked(env, System.nanoTime());
            state = State.CHUNKS;
        }
        if (!intake.chunk(chunks, size)) { // gone or timed out mid-chunk, and said so: the hop is closed, nothing delivered
            dropChunks();
            return false;
        }
        if (!command.get().last()) return replies.reply(250, "2.0.0 " + size + " octets received");
        ChunkedMessage whole = chunks;
        chunks = null;
        return intake.lastChunk(whole, this::resetTransaction);
    }

    /** Gives back the buffer of a message that was arriving by BDAT, when its transaction ends without its last chunk. */
    private void dropChunks() {
        if (chunks == null) return;
        try {
            chunks.close();
        } catch (IOException e) {
            // a spill file that could not be removed: the spool's tmp folder is cleared at the next start
        }
        chunks = null;
    }

    /** The answer to a MAIL or RCPT line that was wrong, counted as the client's error where it is one. */
    private boolean refused(RefusedLine e) throws IOException {
        return e.clientError() ? replies.error(e.reply()) : replies.reply(e.reply());
    }

    private void abortTransaction() {
        if (state == State.MAIL || state == State.RCPT || state == State.CHUNKS) hop.abort();
        resetTransaction();
    }

    private void resetTransaction() {
        transaction.clear();
        hop.forgetTransaction();
        dropChunks();
        if (state == State.MAIL || state == State.RCPT || state == State.CHUNKS) state = State.READY;
    }
}
