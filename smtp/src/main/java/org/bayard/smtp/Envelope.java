package org.bayard.smtp;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * What the SMTP conversation said about one message: who connected, the envelope sender and the
 * recipients the next hop accepted.
 *
 * @param queueId our id for the message, in log lines and replies
 * @param reversePath the MAIL FROM address without brackets; empty for the null sender
 */
public record Envelope(String queueId, InetAddress client, String helo, String reversePath, List<String> recipients,
                       Instant received) {
    public Envelope {
        recipients = List.copyOf(recipients);
    }
}
