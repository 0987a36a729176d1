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

    /** Decides on a complete message. {@code message} stays readable until this returns. */
    FilterResult filter(Envelope envelope, SpooledMessage message) throws IOException;

    /** Told once per message (also for refused ones) with the reply the client got, for the log. */
    default void finished(Envelope envelope, FilterResult result, Reply reply, long nanos) {}
}
