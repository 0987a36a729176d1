package org.bayard.core.policy;

import java.util.Locale;

/** What a front door does with a message. */
public enum Action {
    /** Deliver, with our headers. */
    ACCEPT,
    /** Deliver, with headers that mark it as spam. */
    TAG,
    /** Keep in the quarantine for a moderator. */
    HOLD,
    /** Refuse (5xx during SMTP). */
    REJECT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Action parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown action '" + s + "'; one of accept, tag, hold, reject");
        }
    }
}
