package org.bayard.smtp;

/** What the policy side decided about a received message; the session turns it into SMTP. */
public sealed interface FilterResult {

    /**
     * Deliver to the next hop, with the first {@code replacedBytes} bytes of the message replaced by
     * {@code head} (how headers are added without copying the body). The client gets 250 only
     * after the next hop said 250.
     */
    record Relay(byte[] head, long replacedBytes, String note) implements FilterResult {}

    /** The message is already durably stored (quarantine) and must not be relayed: answer 250. */
    record Held(String where) implements FilterResult {}

    /** Taken care of without delivery (a trap): answer 250, relay nothing. */
    record Consumed(String note) implements FilterResult {}

    /** Refuse the message with this reply (5xx or 4xx); nothing is relayed. */
    record Refuse(Reply reply, String note) implements FilterResult {}
}
