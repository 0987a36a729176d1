package org.bayard.http.wire;

import com.sun.net.httpserver.HttpExchange;

/**
 * Tells a handler whose answer failed part-way whether its client went away (closed or reset the
 * connection: a download stopped, a browser tab closed): the handler only sees a failed write,
 * and its log line then blamed the server (500) for an answer sent with its own status.
 */
public final class LostClient {
    private LostClient() {}

    /** Whether {@code exchange}'s answer failed as its client closed or reset the connection. */
    public static boolean wentAway(HttpExchange exchange) {
        return exchange instanceof Exchange e && e.clientWentAway();
    }
}
