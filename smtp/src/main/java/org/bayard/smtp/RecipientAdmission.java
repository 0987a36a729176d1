package org.bayard.smtp;

import static org.bayard.smtp.FailureReplies.TEMPORARY_FAILURE;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Whether a recipient whose RCPT line was well formed is taken: the relay rules first, then the
 * limit on recipients, then the filter, which may refuse it or keep it local, and last the next
 * hop, which hears only of recipients the filter relays; a recipient taken joins the transaction.
 * It exists so that the session's RCPT reads as syntax, admission, state, like its MAIL.
 */
final class RecipientAdmission {
    private final SmtpSettings settings;
    private final MessageFilter filter;
    private final InetAddress peer;
    private final ClaimedClient claimed;
    private final NextHopLink hop;
    private final MailTransaction transaction;

    /** {@code peer} is the connection's own client, whom the relay rules are about (not a forwarded one). */
    RecipientAdmission(SmtpSettings settings, MessageFilter filter, InetAddress peer, ClaimedClient claimed,
                       NextHopLink hop, MailTransaction transaction) {
        this.settings = settings;
        this.filter = filter;
        this.peer = peer;
        this.claimed = claimed;
        this.hop = hop;
        this.transaction = transaction;
    }

    /**
     * Adds {@code address}, with its DSN parameters {@code dsn}, to the transaction when it is
     * taken, and returns empty; else the refusal the client hears.
     */
    Optional<Reply> admit(String address, List<String> dsn) {
        if (!settings.relay().mayRelay(peer, address)) {
            // after the queue the client is the site's own MTA: not in relay-networks is our mistake, and a
            // 554 would have it bounce every message; a 4xx keeps the mail until the setting is fixed
            if (settings.afterQueue()) {
                return Optional.of(Reply.of(451, "4.7.1 <%s>: Relay access denied: this client is not in smtp.relay-networks".formatted(address)));
            }
            return Optional.of(Reply.of(554, "5.7.1 <%s>: Relay access denied".formatted(address)));
        }
        if (transaction.recipientCount() >= settings.maxRecipients()) return Optional.of(Reply.of(452, "4.5.3 too many recipients"));
        RecipientDecision decision;
        try {
            decision = filter.recipient(claimed.judged(), transaction.reversePath(), address, settings.afterQueue());
        } catch (RuntimeException e) {
            return Optional.of(TEMPORARY_FAILURE);
        }
        switch (decision.kind()) {
            case REFUSE -> { return Optional.of(decision.reply()); }
            case LOCAL -> {
                transaction.addLocal(address);
                return Optional.empty();
            }
            case RELAY -> { }
        }
        Reply r = hop.rcpt(address, dsn);
        if (r == null) return Optional.of(TEMPORARY_FAILURE);
        if (!r.positive()) return Optional.of(FailureReplies.fromNextHop(r));
        transaction.addRelayed(address, dsn);
        return Optional.empty();
    }
}
