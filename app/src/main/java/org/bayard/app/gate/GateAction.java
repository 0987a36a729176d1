package org.bayard.app.gate;

import java.util.Locale;
import org.bayard.core.policy.Action;

/**
 * What the gate did with one message at the end of DATA, as counters name it: the policy's four
 * actions, and the gate's own outcomes decided before or instead of the policy's.
 */
public enum GateAction {
    ACCEPT, TAG, HOLD, REJECT,
    /** every recipient but the traps is on the bypass list: relayed unfiltered */
    BYPASS,
    /** a blocklisted (client, sender) pair's message read to its end (harvest mode) and refused */
    BLOCKLISTED,
    /** every recipient is a trap: learned, delivered to no one */
    TRAP,
    /** an unsure message's attempt tempfailed by the unsure delay */
    UNSURE_DELAYED,
    /** mail the policy would reject, after the queue with smtp.after-queue-spam discard: 250, delivered to no one */
    DISCARD,
    /** after the queue, a message larger than smtp.max-message-bytes: passed on unscanned */
    UNSCANNED;

    public static GateAction of(Action action) {
        return switch (action) {
            case ACCEPT -> ACCEPT;
            case TAG -> TAG;
            case HOLD -> HOLD;
            case REJECT -> REJECT;
        };
    }

    /** The word counters and the dashboard use: {@code accept}, ..., {@code trap}, {@code unsure} for a delayed attempt. */
    public String label() {
        return this == UNSURE_DELAYED ? "unsure" : name().toLowerCase(Locale.ROOT);
    }
}
