package org.bayard.spamd;

import java.util.Optional;

/** The requests spamd knows, by the word that starts a request line. */
enum Command {
    CHECK, SYMBOLS, REPORT, REPORT_IFSPAM, PROCESS, HEADERS, PING, SKIP, TELL;

    /** Whether a message follows the request's header lines. */
    boolean carriesMessage() {
        return this != PING && this != SKIP;
    }

    /** Whether the answer carries the message itself, so that all of it must be kept. */
    boolean returnsMessage() {
        return this == PROCESS;
    }

    static Optional<Command> named(String word) {
        for (Command c : values()) {
            if (c.name().equals(word)) return Optional.of(c);
        }
        return Optional.empty();
    }
}
