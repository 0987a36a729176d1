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
     */
    default RecipientDecision recipient(java.net.InetAddress client, String reversePath, String recipient) {
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

    /** Told when the session itself refused a MAIL for a reason a postmaster must hear of (a mail loop), for the log. */
    default void mailRefused(java.net.InetAddress client, String reversePath, Reply reply, String reason) {}

    /** Decides on a complete message. {@code message} stays readable until this returns. */
    FilterResult filter(Envelope envelope, SpooledMessage message) throws IOException;

    /**
     * Told once per message (also for refused ones) with the reply the client got, for the log;
     * {@code clientLost} when that reply could not be written (the client left after its final
     * dot): a 250 then means the message was taken and its sender may well send it again.
     */
    default void finished(Envelope envelope, FilterResult result, Reply reply, boolean clientLost, long nanos) {}
}
