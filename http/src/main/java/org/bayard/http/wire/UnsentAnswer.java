package org.bayard.http.wire;

import com.sun.net.httpserver.HttpExchange;

/**
 * Tells a handler whether its answer never reached the client: a request still being worked on
 * when a stop closed its connection answers into a closed socket, and its log line then gave the
 * status it meant to send, though its client got no answer at all.
 */
public final class UnsentAnswer {
    private UnsentAnswer() {}

    /** Whether none of {@code exchange}'s answer reached its client, its connection closed here first. */
    public static boolean nothingSent(HttpExchange exchange) {
        return exchange instanceof Exchange e && e.nothingSent();
    }
}
