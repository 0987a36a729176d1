package org.bayard.http.wire;

import com.sun.net.httpserver.HttpExchange;

/**
 * Tells a handler whose answer failed part-way whether the stop cut it, its client having read
 * none of it for {@link Http1Server#STALLED_WRITE_AT_STOP}: the handler only sees a closed socket,
 * and its log line then blamed the server (500) for an answer sent with its own status and cut
 * by the stop.
 */
public final class StalledAnswer {
    private StalledAnswer() {}

    /** Whether the stop cut {@code exchange}'s answer as its client took nothing of it. */
    public static boolean cutAtStop(HttpExchange exchange) {
        return exchange instanceof Exchange e && e.cutAsWritesStalled();
    }
}
