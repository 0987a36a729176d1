package org.bayard.app.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.bayard.smtp.Envelope;
import org.bayard.smtp.RecipientDecision;
import org.bayard.smtp.Reply;

/**
 * What the site's lists (traps, the bypass list, the sender blocklist) make of an envelope before
 * any scoring, at RCPT and again at end of DATA. Apart from the gate's scoring and acting, because
 * the HTTP checks ask the very same question without a session ({@link #judge}), and must get the
 * answer the gate would act on.
 */
final class SiteJudge {
    /** The reply to a refused (client, sender) pair. */
    static final Reply BLOCKED = Reply.of(550, "5.7.1 " + SiteDecision.BLOCKED_TEXT);

    private final Blocklist blocklist;

    SiteJudge(Blocklist blocklist) {
        this.blocklist = blocklist;
    }

    /** RCPT's step for {@code recipient} of a message from {@code client} and {@code sender}. */
    RecipientDecision recipient(GateRules r, String client, String sender, String recipient, boolean afterQueue) {
        return recipient(r, recipient, () -> blocked(afterQueue, client, sender));
    }

    /** End of DATA's steps before scoring, on the recipients as RCPT split them. */
    SiteDecision atEndOfData(GateRules r, Envelope env) {
        return site(r, env.localRecipients(), env.relayedRecipients(),
                () -> blocked(env.afterQueue(), env.client().getHostAddress(), env.reversePath()));
    }

    /**
     * Whether the blocklist refuses this (client, sender) pair. Never after the queue: the mail is
     * Postfix's already, and a refusal there is a bounce to the (usually forged) sender. In the
     * session's mode ({@code afterQueue}), which a reload since has not changed.
     */
    private boolean blocked(boolean afterQueue, String client, String sender) {
        return !afterQueue && blocklist.blocked(client, sender);
    }

    /** RCPT's step: a trap is kept from the next hop; a blocklisted pair is refused (looked up only then). */
    private static RecipientDecision recipient(GateRules r, String recipient, BooleanSupplier blocked) {
        if (r.trap(recipient)) return RecipientDecision.LOCAL;
        // In harvest mode the message is read so that it can be saved, and refused at end of DATA.
        if (!r.harvest().active() && blocked.getAsBoolean()) return RecipientDecision.refuse(BLOCKED);
        return RecipientDecision.RELAY;
    }

    /**
     * What the gate's lists would make of a message from {@code client} and {@code sender} to
     * {@code recipients}, judged now, by RCPT's step and then end of DATA's, without a session,
     * without acting and without learning. The blocklist is consulted only when both client and
     * sender are known, the recipients' lists only when some are. Should RCPT refuse the
     * recipients that are not traps (a blocklisted pair) the answer is BLOCKLISTED even when a
     * trap took the message: one verdict for the whole message must not pass what the gate refused.
     */
    SiteDecision judge(GateRules r, Optional<String> client, Optional<String> sender, List<String> recipients) {
        boolean blocked = client.isPresent() && sender.isPresent()
                && blocked(r.config().smtp().afterQueue(), client.get(), sender.get());
        if (recipients.isEmpty()) {
            SiteDecision.Route route = blocked ? SiteDecision.Route.BLOCKLISTED : SiteDecision.Route.FILTER;
            return new SiteDecision(route, SiteDecision.Trap.NONE);
        }
        List<String> local = new ArrayList<>();
        List<String> relayed = new ArrayList<>();
        boolean refused = false;
        for (String rcpt : recipients) {
            switch (recipient(r, rcpt, () -> blocked).kind()) {
                case LOCAL -> local.add(rcpt);
                case RELAY -> relayed.add(rcpt);
                case REFUSE -> refused = true;
            }
        }
        if (refused) return new SiteDecision(SiteDecision.Route.BLOCKLISTED, r.traps(local));
        return site(r, local, relayed, () -> blocked);
    }

    /**
     * End of DATA's steps before scoring, on the recipients as RCPT split them: the traps the gate
     * kept ({@code local}) and the rest.
     */
    private static SiteDecision site(GateRules r, List<String> local, List<String> relayed, BooleanSupplier blocked) {
        SiteDecision.Trap trap = r.traps(local);
        if (relayed.isEmpty()) return new SiteDecision(SiteDecision.Route.TRAPS_ONLY, trap);
        // before the bypass list, as at RCPT: harvest mode defers the refusal, it must not lift it
        if (blocked.getAsBoolean()) return new SiteDecision(SiteDecision.Route.BLOCKLISTED, trap);
        boolean bypass = true;
        for (String rcpt : relayed) bypass &= r.bypass().covers(rcpt);
        // only when every recipient asked for it: one listed address must not carry spam to the rest
        if (bypass) return new SiteDecision(SiteDecision.Route.BYPASS, trap);
        return new SiteDecision(SiteDecision.Route.FILTER, trap);
    }
}
