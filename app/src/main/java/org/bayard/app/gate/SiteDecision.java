package org.bayard.app.gate;

/**
 * What the site's lists (trap addresses, the bypass list, the sender blocklist) make of one
 * envelope before the message is scored, in the order the gate applies them. The gate acts on
 * it in an SMTP session; the HTTP checks only report it (see {@link GateService#judge}).
 */
public record SiteDecision(Route route, Trap trap) {
    /** The reply text of a refused (client, sender) pair, after its status code and {@code 5.7.1}. */
    public static final String BLOCKED_TEXT = "sender refused: recent spam from this sender and address";

    /** Where the message goes. */
    public enum Route {
        /** scored, and the policy decides */
        FILTER,
        /** every recipient is a trap: learned by the gate, delivered to no one, the sender gets 250 */
        TRAPS_ONLY,
        /** every other recipient is on the bypass list: relayed unfiltered */
        BYPASS,
        /** the (client, sender) pair is on the blocklist: refused */
        BLOCKLISTED
    }

    /** Which traps are among the recipients; a message sent to both kinds is not learned. */
    public enum Trap {
        NONE, SPAM, HAM, BOTH
    }
}
