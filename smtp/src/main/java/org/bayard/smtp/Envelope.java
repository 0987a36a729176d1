package org.bayard.smtp;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the SMTP conversation said about one message: who connected, the envelope sender and the
 * recipients we accepted.
 *
 * @param queueId our id for the message, in log lines and replies
 * @param reversePath the MAIL FROM address without brackets; empty for the null sender
 * @param recipients every accepted recipient, in RCPT order
 * @param localRecipients those of {@code recipients} the filter kept from the next hop at RCPT
 *     ({@link RecipientDecision#LOCAL}); the next hop has the others
 * @param dsnMail the DSN parameters (RFC 3461: {@code RET=}, {@code ENVID=}) of MAIL, as sent
 * @param dsnRecipients the DSN parameters ({@code NOTIFY=}, {@code ORCPT=}) of each recipient
 *     that had some, as sent: a held message is released later with them
 * @param afterQueue whether the session runs after the queue (smtp.mode as it was when the session
 *     began): the message is decided in that mode, whatever a reload made of smtp.mode since
 * @param tls the TLS protocol and cipher suite the client sent it with ({@code TLSv1.3
 *     TLS_AES_256_GCM_SHA384}); empty when it came in plaintext
 */
public record Envelope(String queueId, InetAddress client, String helo, String reversePath, List<String> recipients,
                       Instant received, List<String> localRecipients, List<String> dsnMail,
                       Map<String, List<String>> dsnRecipients, boolean afterQueue, Optional<String> tls) {
    public Envelope {
        recipients = List.copyOf(recipients);
        localRecipients = List.copyOf(localRecipients);
        dsnMail = List.copyOf(dsnMail);
        dsnRecipients = Map.copyOf(dsnRecipients);
    }

    /** Sent in plaintext. */
    public Envelope(String queueId, InetAddress client, String helo, String reversePath, List<String> recipients,
                    Instant received, List<String> localRecipients, List<String> dsnMail,
                    Map<String, List<String>> dsnRecipients, boolean afterQueue) {
        this(queueId, client, helo, reversePath, recipients, received, localRecipients, dsnMail, dsnRecipients, afterQueue,
                Optional.empty());
    }

    /** The recipients the next hop has: a relayed message goes to these. */
    public List<String> relayedRecipients() {
        return recipients.stream().filter(r -> !localRecipients.contains(r)).toList();
    }
}
