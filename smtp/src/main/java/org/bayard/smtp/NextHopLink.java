package org.bayard.smtp;

import static org.bayard.smtp.FailureReplies.TEMPORARY_FAILURE;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's connection to the next hop and the transaction it mirrors there. The connection is
 * opened at the first MAIL and kept between transactions; what the next hop was sent for the
 * current one (the sender, MAIL's parameters, the client named by XFORWARD, each recipient it
 * accepted) is kept too, so that a connection lost while the client was slow can be replaced by a
 * new one with the same envelope. It also remembers why the last connect failed, for MAIL's
 * refusal and its log line. It exists so that the session deals in replies, not connections.
 * One per session, used from the session's thread only.
 */
final class NextHopLink {
    /** MAIL's refusal when the next hop cannot be had, and why, for the log. */
    record Unavailable(Reply reply, String reason) {}

    private final SmtpSettings settings;
    private final LoopMarks marks;
    private NextHop hop;
    /** When the next hop's part of the current end of data must be over ({@link System#nanoTime}), or 0. */
    private long deadline;
    /** Whether the next hop's last failure was a timeout: slow, not gone, so not worth a second wait. */
    private boolean timedOut;
    /** Set when the last connect to the next hop found it leads back to us: the reason MAIL is refused. */
    private LoopMarks.Loop loop;
    /** Why the last connection to the next hop failed, for the log line of the 451 it causes. */
    private String failure;
    /** Why the connection just opened is plaintext though TLS was wished for; taken once by {@link #takePlaintextNote}. */
    private String plaintextNote;
    /** What the next hop was sent for this transaction: the sender, MAIL's parameters, the client named, each relayed recipient's parameters. */
    private String reversePath;
    private String mailParams = "";
    private Map<String, String> forwarded = Map.of();
    private final Map<String, String> recipients = new LinkedHashMap<>();

    NextHopLink(SmtpSettings settings, LoopMarks marks) {
        this.settings = settings;
        this.marks = marks;
    }

    /** Whether a connection is open and not known to be broken, as one kept from an earlier transaction is until it fails. */
    boolean open() {
        return hop != null && !hop.broken();
    }

    /** Opens a connection unless one is open; false when that failed (see {@link #unavailable}). */
    boolean connect() {
        if (open()) return true;
        close();
        loop = null;
        failure = null;
        try {
            hop = NextHop.connect(settings.nextHop(), settings.hostname(), settings.nextHopTimeout(), marks, deadline, settings.nextHopTls());
            plaintextNote = hop.plaintextBecause().orElse(null);
            return true;
        } catch (LoopMarks.Loop e) {
            loop = e;
            hop = null;
            return false;
        } catch (IOException e) {
            failure = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            hop = null;
            return false;
        }
    }

    /**
     * MAIL's answer when the next hop could not be reached or failed: 554 for a loop back to us,
     * a misconfiguration no retry can get past, which a 451 hid from sender and postmaster alike
     * while the mail waited; else 451. Logged either way: a next hop that is down otherwise shows
     * only at the clients.
     */
    Unavailable unavailable() {
        if (loop != null) return new Unavailable(Reply.of(554, "5.4.0 " + loop.getMessage()), loop.getMessage());
        String why = failure != null
                ? "the next hop " + NextHop.shown(settings.nextHop()) + " cannot be reached: " + failure
                : "the next hop " + NextHop.shown(settings.nextHop()) + " did not answer MAIL";
        return new Unavailable(TEMPORARY_FAILURE, why);
    }

    /**
     * Why the connection opened since the last call is plaintext though opportunistic TLS was
     * asked for, once: each such connection is logged once, not each transaction on it.
     */
    java.util.Optional<String> takePlaintextNote() {
        java.util.Optional<String> note = java.util.Optional.ofNullable(plaintextNote);
        plaintextNote = null;
        return note;
    }

    /** The next hop as the log names it. */
    String shown() {
        return NextHop.shown(settings.nextHop());
    }

    /** Whether the open connection's next hop offered this EHLO keyword. */
    boolean supports(String extension) {
        return hop.supports(extension);
    }

    /** The SIZE limit the connection's next hop named in its EHLO; 0 when it named none, or there is no connection. */
    long sizeLimit() {
        return hop != null ? hop.sizeLimit() : 0;
    }

    /**
     * Bounds every wait on the next hop from now on, a new connection's too, by one moment
     * ({@link System#nanoTime}); 0 lifts it. See {@link NextHop#deadline}.
     */
    void deadline(long nanoTime) {
        deadline = nanoTime;
        if (hop != null) hop.deadline(nanoTime);
    }

    /**
     * Opens the transaction: XFORWARD where there is a client to name, then MAIL. On a connection
     * {@code reused} from the last transaction a failure is tried once more on a new one; null
     * when the next hop failed (it is then dropped).
     */
    Reply mail(String reversePath, String params, Map<String, String> forwarded, boolean reused) {
        timedOut = false;
        Reply r = sendMail(reversePath, params, forwarded);
        if (reused && !timedOut && (r == null || r.code() == 421)) {
            // the connection kept from the last transaction was dropped while the client paused
            // (the next hop's idle timeout): every such client got 451 here; once more, on a new one
            close();
            r = sendMail(reversePath, params, forwarded);
        }
        if (r != null && r.positive()) {
            this.reversePath = reversePath;
            this.mailParams = params;
            this.forwarded = forwarded;
        }
        return r;
    }

    /** XFORWARD where there is a client to name, then MAIL, on the next hop; null when it failed (it is then dropped). */
    private Reply sendMail(String address, String params, Map<String, String> forwarded) {
        if (!connect()) return null;
        Map<String, String> named = Xforward.only(forwarded, hop.xforwardAttributes());
        if (!named.isEmpty()) {
            // Pass the real client on, so the after-filter smtpd logs and checks it too; a refusal
            // there (not an authorized XFORWARD host) only loses that detail, not the message.
            if (command(() -> hop.command(Xforward.command(named))) == null) return null;
        }
        return command(() -> hop.mail(address, params));
    }

    /**
     * RCPT for a recipient, with its DSN parameters where the next hop takes DSN; null when the
     * next hop failed. A connection dropped at an earlier RCPT is replaced, with the transaction
     * so far, unless it timed out: slow, not gone, and not waited for twice.
     */
    Reply rcpt(String address, List<String> dsn) {
        if (!open() && (timedOut || !reopenTransaction())) return null;
        String params = hop.supports("DSN") ? String.join(" ", dsn) : "";
        Reply r = command(() -> hop.rcpt(address, params));
        if (r != null && r.positive()) recipients.put(address, params);
        return r;
    }

    /**
     * DATA to the next hop. The transaction there was opened at MAIL and has been idle for as long
     * as the client took to send the message: a next hop with a shorter idle timeout (Postfix's
     * smtpd_timeout, 10 s under stress) has dropped it by now, and every retry of a slow sender got
     * 451 again. Nothing was delivered, so a new connection gets the same envelope once more.
     */
    Reply data() throws IOException {
        if (open()) {
            try {
                Reply d = hop.data();
                if (d.code() != 421) return d;
            } catch (SocketTimeoutException e) {
                throw e; // slow, not gone: waiting for it a second time would double the client's wait
            } catch (IOException e) {
                // gone while idle: opened again below
            }
        }
        if (!reopenTransaction()) return TEMPORARY_FAILURE;
        return hop.data();
    }

    /** After DATA's 354: the message and its final dot, and the next hop's answer to it (see {@link NextHop#send}). */
    Reply send(byte[] head, InputStream rest) throws IOException {
        return hop.send(head, rest);
    }

    /**
     * Opens the transaction on a new next-hop connection: XFORWARD, MAIL and every recipient the
     * next hop had accepted. False (and no next hop) when any of them fails: each recipient was
     * promised to the client, so one refused now cannot be answered any more.
     */
    private boolean reopenTransaction() {
        close();
        Reply m = sendMail(reversePath, mailParams, forwarded);
        boolean open = m != null && m.positive();
        for (Map.Entry<String, String> r : recipients.entrySet()) {
            if (!open) break;
            Reply accepted = command(() -> hop.rcpt(r.getKey(), r.getValue()));
            open = accepted != null && accepted.positive();
        }
        if (!open) close();
        return open;
    }

    /** The transaction is over (delivered, aborted or reset): nothing of it is sent again. */
    void forgetTransaction() {
        reversePath = null;
        mailParams = "";
        forwarded = Map.of();
        recipients.clear();
    }

    private interface Call {
        Reply call() throws IOException;
    }

    /** A next-hop command; null if the next hop failed (it is then dropped). */
    private Reply command(Call call) {
        if (hop == null) return null;
        try {
            return call.call();
        } catch (IOException e) {
            timedOut = e instanceof SocketTimeoutException;
            close();
            return null;
        }
    }

    /** Aborts the transaction on the next hop with RSET: nothing of it is delivered. A connection that fails at it is dropped. */
    void abort() {
        if (hop == null) return;
        try {
            Reply r = hop.rset();
            if (!r.positive()) close();
        } catch (IOException e) {
            close();
        }
    }

    /** Ends the connection (QUIT where it is still in step). */
    void close() {
        if (hop != null) hop.close();
        hop = null;
    }
}
