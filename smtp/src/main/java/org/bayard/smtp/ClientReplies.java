package org.bayard.smtp;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The session's replies to its client, each written whole in one write, and the count of the
 * client's errors (a reply to a command it got wrong), after too many of which the session closes.
 * It exists so that the parts that handle one verb answer the client as the session does, and
 * count its mistakes in the same place.
 */
final class ClientReplies {
    private OutputStream out;
    private int errors;

    /** {@code out} is the connection's own stream, unbuffered: each reply is one write. */
    ClientReplies(OutputStream out) {
        this.out = out;
    }

    /** Writes to {@code next} from now on: the connection's TLS stream after STARTTLS. */
    void switchTo(OutputStream next) {
        out = next;
    }

    /** Answers a command the client got wrong, counted; true, the session goes on. */
    boolean error(int code, String text) throws IOException {
        return error(Reply.of(code, text));
    }

    boolean error(Reply r) throws IOException {
        errors++;
        return reply(r);
    }

    /** Answers, not counted as the client's error; true, the session goes on. */
    boolean reply(int code, String text) throws IOException {
        return reply(Reply.of(code, text));
    }

    boolean reply(Reply r) throws IOException {
        out.write(r.wire());
        out.flush();
        return true;
    }

    /** How many of the client's commands were errors so far. */
    int errors() {
        return errors;
    }
}
