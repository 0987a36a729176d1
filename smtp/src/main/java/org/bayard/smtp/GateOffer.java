package org.bayard.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the gate offers its clients, made from what the next hop offers: the EHLO keywords (an
 * extension only where the message can be passed on with it) and the largest message it takes.
 * It exists apart from the session because EHLO, MAIL and DATA must agree on one size limit, and
 * that limit is a rule about the next hop, not about the conversation.
 */
final class GateOffer {
    /**
     * Room kept below the next hop's SIZE: the fields we add (X-Spam-Status alone may reach about
     * 550 bytes) and the next hop's own Received field, which Postfix counts in its
     * message_size_limit. Without it a message exactly at the SIZE we announced got 552 from the
     * next hop after the client had sent it all, and a held one could never be released.
     */
    static final long HOP_SIZE_ROOM = 2048;

    /** {@link #sizeLimit} when nothing limits a message's size: SIZE is then offered without a number. */
    private static final long NO_LIMIT = Long.MAX_VALUE;

    private final SmtpSettings settings;
    private final HopCapabilities capabilities;

    GateOffer(SmtpSettings settings, HopCapabilities capabilities) {
        this.settings = settings;
        this.capabilities = capabilities;
    }

    /**
     * Our EHLO reply: PIPELINING, SIZE, 8BITMIME, DSN and SMTPUTF8 only where the next hop offers
     * them too. DSN and SMTPUTF8 must be offered for a client to use them at all: without them a
     * sender's smtp client bounces a UTF-8 address and answers a DSN request itself. XFORWARD for
     * a {@code trustedClient} only; STARTTLS where the session can still {@code startTls}; CHUNKING always.
     */
    List<String> ehloLines(boolean trustedClient, boolean startTls) {
        HopCapabilities.Offer offer = capabilities.of(settings);
        Set<String> hopOffers = offer.extensions();
        List<String> lines = new ArrayList<>(List.of(settings.hostname()));
        if (hopOffers.contains("PIPELINING")) lines.add("PIPELINING");
        if (hopOffers.contains("SIZE")) {
            long limit = sizeLimit(offer.sizeLimit());
            lines.add(limit == NO_LIMIT ? "SIZE" : "SIZE " + limit);
        }
        if (hopOffers.contains("8BITMIME")) lines.add("8BITMIME");
        if (hopOffers.contains("DSN")) lines.add("DSN");
        if (hopOffers.contains("SMTPUTF8")) lines.add("SMTPUTF8");
        // passed on with DATA, so the next hop need not offer it: a message taken by BDAT is held to
        // DATA's rules (CR LF line ends, no BINARYMIME), which is what lets it be passed on so
        lines.add("CHUNKING");
        if (startTls) lines.add("STARTTLS");
        if (trustedClient) lines.add("XFORWARD " + Xforward.KEYWORDS);
        lines.add("ENHANCEDSTATUSCODES");
        return lines;
    }

    /**
     * Whether the next hop, as it was last asked (without asking it now), takes MAIL with these
     * parameters: the size declared within the limit we take with its SIZE, and 8BITMIME and
     * SMTPUTF8 offered where asked for. False when nothing is known of it, or it named no SIZE at
     * all. Only a hint, for asking a cheap question before opening a connection: what the
     * connected next hop says still decides.
     */
    boolean lastKnownTakes(MailParameters params) {
        Optional<HopCapabilities.Offer> known = capabilities.lastKnown(settings);
        if (known.isEmpty() || !known.get().extensions().contains("SIZE")) return false;
        Set<String> hopOffers = known.get().extensions();
        if (params.eightBit() && !hopOffers.contains("8BITMIME")) return false;
        if (params.smtputf8() && !hopOffers.contains("SMTPUTF8")) return false;
        return params.declaredSize() <= sizeLimit(known.get().sizeLimit());
    }

    /**
     * The largest message we take: ours, or the next hop's less {@link #HOP_SIZE_ROOM} when that is
     * less (0: it named no limit). Never 0, which in SIZE means no limit at all. After the queue
     * only the next hop's: ours is then how much we scan, and a larger message is passed on
     * unscanned ({@link MessageFilter#unscanned}), since Postfix bounces whatever we refuse, and
     * it refuses itself, bouncing too, a message larger than the SIZE we offer.
     */
    long sizeLimit(long hopLimit) {
        if (settings.afterQueue()) return hopLimit <= 0 ? NO_LIMIT : Math.max(1, hopLimit - HOP_SIZE_ROOM);
        if (hopLimit <= 0) return settings.maxMessageBytes();
        return Math.min(settings.maxMessageBytes(), Math.max(1, hopLimit - HOP_SIZE_ROOM));
    }
}
