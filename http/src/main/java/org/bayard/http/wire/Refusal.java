package org.bayard.http.wire;

/**
 * A request the server answers itself, before any handler sees it: a head over a limit or one it
 * cannot parse. The message goes to the client as is, so it is short and never echoes input.
 */
final class Refusal extends Exception {
    final int status;

    Refusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
