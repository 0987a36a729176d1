package org.bayard.smtp;

/**
 * What the client hears when something other than its own command fails: the next hop, the
 * filter or the gate itself. Kept in one place because the session and the relay of a message
 * must answer alike: a next hop's permanent refusal passes on as its class with none of its text,
 * everything unclear is one 451, and a filter can never make a refusal into a success.
 */
final class FailureReplies {
    /** Our answer to anything unclear, from the next hop or from ourselves: the client tries again later. */
    static final Reply TEMPORARY_FAILURE = Reply.of(451, "4.3.0 temporary failure; try again later");

    private FailureReplies() {}

    /**
     * The next hop's refusal as the client hears it: a permanent one as its code and enhanced
     * status (the text is the next hop's business, not the sender's), anything else as 451.
     */
    static Reply fromNextHop(Reply r) {
        return r.permanentFailure() ? sanitized(r) : TEMPORARY_FAILURE;
    }

    private static Reply sanitized(Reply r) {
        String first = r.lines().get(0);
        String status = first.matches("[45]\\.\\d{1,3}\\.\\d{1,3}( .*)?") ? first.split(" ", 2)[0] : (r.code() / 100) + ".0.0";
        if (status.charAt(0) != Character.forDigit(r.code() / 100, 10)) status = (r.code() / 100) + ".0.0";
        return Reply.of(r.code(), status + " rejected by next hop");
    }

    /**
     * A filter's refusal as the client hears it: one that claims success (2xx, 3xx) would let a
     * MAIL go on unchecked or lose a message, so only 4xx and 5xx come out of here.
     */
    static Reply refusalOnly(Reply reply) {
        return reply.positive() ? TEMPORARY_FAILURE : reply;
    }
}
