package org.bayard.smtp;

import java.io.IOException;

/**
 * The policy side of the gate, supplied by the application. Called on the connection's thread.
 * An {@link IOException} (store, disk) or any other exception makes the session answer 451: our
 * own failure is never a 5xx.
 */
public interface MessageFilter {

    /**
     * Asked at each RCPT, before the next hop hears of the recipient. An exception here is
     * answered 451 for that recipient.
     *
     * @param reversePath the MAIL FROM address, empty for the null sender
     * @param afterQueue whether the session runs after the queue (smtp.mode as it was when it began)
     */
    default RecipientDecision recipient(java.net.InetAddress client, String reversePath, String recipient, boolean afterQueue) {
        return RecipientDecision.RELAY;
    }

    /**
     * Asked at each MAIL whose syntax is good, before the next hop hears of it: a refusal for a
     * reason of the gate's own (its disk all but full), or empty to go on. An exception here is
     * answered 451.
     */
    default java.util.Optional<Reply> mail(java.net.InetAddress client, String reversePath) {
        return java.util.Optional.empty();
    }

    /**
     * Asked at a MAIL that declared its size (RFC 1870 SIZE=), once that size is within every
     * limit (ours and the next hop's: a message too large for good is 552 first), before the next
     * hop hears of the MAIL: a refusal when the gate has no room for it, or empty to go on. Where
     * the next hop, as last asked, takes the size, this is asked before a connection to it is
     * opened, so that a refusal here costs the next hop nothing. An exception here is answered 451.
     */
    default java.util.Optional<Reply> declaredSize(java.net.InetAddress client, String reversePath, long declaredSize) {
        return java.util.Optional.empty();
    }

    /**
     * Told when a connection to the next hop goes in plaintext because opportunistic TLS
     * (smtp.next-hop-tls: may) failed with it ({@code why}), for the log: the mail still goes.
     */
    default void nextHopInPlaintext(String nextHop, String why) {}

    /** Told when the session itself refused a MAIL for a reason a postmaster must hear of (a mail loop), for the log. */
    default void mailRefused(java.net.InetAddress client, String reversePath, Reply reply, String reason) {}

    /**
     * Told when a message's data was cut off before its end ({@code how}: the client closed the
     * connection or went silent mid-DATA or mid-BDAT, or left between BDAT chunks), after {@code
     * bytes} of it: nothing was delivered or held, and no {@link #finished} follows. For the log,
     * as Postfix logs "lost connection after DATA": such sessions left no line at all.
     */
    default void messageCut(Envelope envelope, long bytes, String how) {}

    /** Decides on a complete message. {@code message} stays readable until this returns. */
    FilterResult filter(Envelope envelope, SpooledMessage message) throws IOException;

    /**
     * After the queue only, in place of {@link #filter}: a message larger than {@code scanLimit}
     * (smtp.max-message-bytes), which is not scanned. Postfix has taken it already and would
     * bounce a refusal to its sender, so it is passed on, as spamc and amavis pass on mail past
     * their size limits. This default relays it unchanged.
     */
    default FilterResult unscanned(Envelope envelope, SpooledMessage message, long scanLimit) throws IOException {
        return new FilterResult.Relay(new byte[0], 0, "not scanned: larger than " + scanLimit + " bytes");
    }

    /**
     * Told once per message (also for refused ones) with the reply the client got, for the log;
     * {@code clientLost} when that reply could not be written (the client left after its final
     * dot): a 250 then means the message was taken and its sender may well send it again.
     */
    default void finished(Envelope envelope, FilterResult result, Reply reply, boolean clientLost, long nanos) {}
}
