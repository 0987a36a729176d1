package org.bayard.smtp;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * What the SMTP conversation said about one message: who connected, the envelope sender and the
 * recipients we accepted.
 *
 * @param queueId our id for the message, in log lines and replies
 * @param reversePath the MAIL FROM address without brackets; empty for the null sender
 * @param recipients every accepted recipient, in RCPT order
 * @param localRecipients those of {@code recipients} the filter kept from the next hop at RCPT
 *     ({@link RecipientDecision#LOCAL}); the next hop has the others
 */
public record Envelope(String queueId, InetAddress client, String helo, String reversePath, List<String> recipients,
                       Instant received, List<String> localRecipients) {
    public Envelope {
        recipients = List.copyOf(recipients);
        localRecipients = List.copyOf(localRecipients);
    }

    public Envelope(String queueId, InetAddress client, String helo, String reversePath, List<String> recipients, Instant received) {
        this(queueId, client, helo, reversePath, recipients, received, List.of());
    }

    /** The recipients the next hop has: a relayed message goes to these. */
    public List<String> relayedRecipients() {
        return recipients.stream().filter(r -> !localRecipients.contains(r)).toList();
    }
}
