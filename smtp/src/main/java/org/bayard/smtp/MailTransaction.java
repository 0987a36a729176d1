package org.bayard.smtp;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The envelope a client has given so far in the current transaction: the sender, whether it asked
 * for SMTPUTF8, the DSN parameters, and each recipient accepted, marked where the filter keeps it
 * from the next hop (local). It exists so that the session's own state is the state machine's,
 * and so that the {@link Envelope} the filter gets is made in one place.
 */
final class MailTransaction {
    private String reversePath;
    private boolean smtputf8;
    private final List<String> dsnMail = new ArrayList<>();
    private final Map<String, List<String>> dsnRecipients = new LinkedHashMap<>();
    private final List<String> recipients = new ArrayList<>();
    private final List<String> localRecipients = new ArrayList<>();

    /** MAIL was taken, from {@code reversePath} with {@code params}. */
    void begin(String reversePath, MailParameters params) {
        this.reversePath = reversePath;
        this.smtputf8 = params.smtputf8();
        dsnMail.addAll(params.dsn());
    }

    /** The MAIL FROM address, empty for the null sender; null outside a transaction. */
    String reversePath() {
        return reversePath;
    }

    /** Whether MAIL asked for SMTPUTF8, without which a non-ASCII address is refused. */
    boolean smtputf8() {
        return smtputf8;
    }

    /** How many recipients were accepted, local ones included. */
    int recipientCount() {
        return recipients.size();
    }

    /** A recipient the filter keeps from the next hop. */
    void addLocal(String address) {
        recipients.add(address);
        localRecipients.add(address);
    }

    /** A recipient the next hop accepted, with its DSN parameters as the client sent them. */
    void addRelayed(String address, List<String> dsn) {
        recipients.add(address);
        if (!dsn.isEmpty()) dsnRecipients.put(address, List.copyOf(dsn));
    }

    /** Whether every recipient is local: the next hop has none. */
    boolean allLocal() {
        return localRecipients.size() == recipients.size();
    }

    /** The envelope for the filter, as it stands now (copied: later changes do not reach it). */
    Envelope envelope(String queueId, InetAddress client, String helo, Instant received, boolean afterQueue,
                      java.util.Optional<String> tls) {
        return new Envelope(queueId, client, helo, reversePath, recipients, received, localRecipients, dsnMail, dsnRecipients,
                afterQueue, tls);
    }

    /** The transaction is over: nothing of it is kept. */
    void clear() {
        reversePath = null;
        smtputf8 = false;
        dsnMail.clear();
        dsnRecipients.clear();
        recipients.clear();
        localRecipients.clear();
    }
}
