package org.bayard.smtp;

import static org.bayard.smtp.FailureReplies.TEMPORARY_FAILURE;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether a sender whose MAIL line was well formed is taken: the filter is asked first, then the
 * next hop is connected (or the connection kept from an earlier transaction reused), checked for
 * the extensions MAIL asked for and the size it declared, and sent MAIL itself; on success the
 * transaction begins. It exists so that the session's MAIL reads as syntax, admission, state, and
 * because the order of these questions is a rule of its own: the room for a declared size is
 * asked where it costs the least, and a refusal for good from the next hop wins over ours.
 */
final class SenderAdmission {
    private final MessageFilter filter;
    private final NextHopLink hop;
    private final GateOffer offer;
    private final ClaimedClient claimed;
    private final MailTransaction transaction;

    SenderAdmission(MessageFilter filter, NextHopLink hop, GateOffer offer, ClaimedClient claimed, MailTransaction transaction) {
        this.filter = filter;
        this.hop = hop;
        this.offer = offer;
        this.claimed = claimed;
        this.transaction = transaction;
    }

    /**
     * Begins the transaction from {@code reversePath} with {@code params} when the filter and the
     * next hop take it, and returns empty; else the refusal the client hears (never a success).
     */
    Optional<Reply> admit(String reversePath, MailParameters params) {
        Optional<Reply> refusal = filterRefusal(() -> filter.mail(claimed.judged(), reversePath));
        if (refusal.isPresent()) return refusal;
        boolean reused = hop.open();
        // The room for a declared size is asked about before a new connection when the next hop,
        // as last asked, would take this MAIL: a client we had no room for cost it a connection.
        // Else its own answer comes first, so that its 552 (or 555), a refusal for good, wins.
        boolean roomAsked = params.sizeDeclared() && !reused && offer.lastKnownTakes(params);
        if (roomAsked) {
            Optional<Reply> noRoom = roomFor(reversePath, params);
            if (noRoom.isPresent()) return noRoom;
        }
        if (!hop.connect()) return Optional.of(noHop(reversePath));
        if (params.eightBit() && !hop.supports("8BITMIME")) return Optional.of(Reply.of(555, "5.5.4 BODY=8BITMIME not supported here"));
        if (params.smtputf8() && !hop.supports("SMTPUTF8")) return Optional.of(Reply.of(555, "5.6.7 SMTPUTF8 not supported here"));
        if (params.declaredSize() > offer.sizeLimit(hop.sizeLimit())) return Optional.of(Reply.of(552, "5.3.4 message size exceeds fixed limit"));
        if (params.sizeDeclared() && !roomAsked) {
            Optional<Reply> noRoom = roomFor(reversePath, params);
            if (noRoom.isPresent()) return noRoom;
        }
        Reply r = hop.mail(reversePath, params.forNextHop(hop::supports), claimed.forwarded(), reused);
        hop.takePlaintextNote().ifPresent(why -> filter.nextHopInPlaintext(hop.shown(), why));
        if (r == null) return Optional.of(noHop(reversePath));
        if (!r.positive()) return Optional.of(FailureReplies.fromNextHop(r));
        transaction.begin(reversePath, params);
        return Optional.empty();
    }

    /** The filter's refusal when the gate has no room for the size MAIL declared. */
    private Optional<Reply> roomFor(String reversePath, MailParameters params) {
        return filterRefusal(() -> filter.declaredSize(claimed.judged(), reversePath, params.declaredSize()));
    }

    /** A refusal the filter gives at MAIL, as the client hears it: 451 when the filter fails, never a success. */
    private static Optional<Reply> filterRefusal(Supplier<Optional<Reply>> ask) {
        Optional<Reply> refusal;
        try {
            refusal = ask.get();
        } catch (RuntimeException e) {
            return Optional.of(TEMPORARY_FAILURE);
        }
        return refusal.map(FailureReplies::refusalOnly);
    }

    /** MAIL's answer when the next hop could not be had (554 for a loop back to us, else 451), logged. */
    private Reply noHop(String reversePath) {
        NextHopLink.Unavailable why = hop.unavailable();
        filter.mailRefused(claimed.judged(), reversePath, why.reply(), why.reason());
        return why.reply();
    }
}
