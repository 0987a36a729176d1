package org.bayard.smtp;

import java.util.Objects;

/**
 * What the policy side says about one recipient at RCPT time, before the message is read.
 * {@link #RELAY}: pass it to the next hop as usual. {@link #LOCAL}: accept it here and keep it from
 * the next hop (a trap address the gate consumes itself). A refusal carries the reply (4xx or 5xx).
 */
public record RecipientDecision(Kind kind, Reply reply) {
    public enum Kind { RELAY, LOCAL, REFUSE }

    public static final RecipientDecision RELAY = new RecipientDecision(Kind.RELAY, null);
    public static final RecipientDecision LOCAL = new RecipientDecision(Kind.LOCAL, null);

    public RecipientDecision {
        Objects.requireNonNull(kind);
        if ((kind == Kind.REFUSE) != (reply != null)) throw new IllegalArgumentException("a reply goes with REFUSE only");
        if (reply != null && reply.positive()) throw new IllegalArgumentException("a refusal must be 4xx or 5xx: " + reply);
    }

    public static RecipientDecision refuse(Reply reply) {
        return new RecipientDecision(Kind.REFUSE, reply);
    }
}
