package org.bayard.smtp;

/**
 * A MAIL or RCPT line the session does not take: the reply the client hears, and whether it
 * counts toward the session's error limit. One type for the line's syntax and for MAIL's
 * parameters, so the session answers both the same way and nothing is turned from one to the other.
 */
final class RefusedLine extends Exception {
    private final Reply reply;
    private final boolean clientError;

    private RefusedLine(Reply reply, boolean clientError) {
        super(reply.toString(), null, false, false);
        this.reply = reply;
        this.clientError = clientError;
    }

    /** What the client got wrong (bad syntax, an unknown parameter): counted. */
    static RefusedLine error(int code, String text) {
        return new RefusedLine(Reply.of(code, text), true);
    }

    /** What the client may not send here (a size too large, a non-ASCII address without SMTPUTF8): not counted. */
    static RefusedLine reply(int code, String text) {
        return new RefusedLine(Reply.of(code, text), false);
    }

    Reply reply() {
        return reply;
    }

    boolean clientError() {
        return clientError;
    }
}
