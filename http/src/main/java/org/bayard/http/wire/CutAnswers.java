package org.bayard.http.wire;

import com.sun.net.httpserver.HttpExchange;

/**
 * Tells a handler whose answer failed what cut it: the handler only sees a failed write or a
 * closed socket, and its log line blamed the server (500) for answers sent with their own status
 * and cut by their client, the stop or the response time limit, and for answers that never left.
 */
public final class CutAnswers {
    private CutAnswers() {}

    /** Whether the stop cut {@code exchange}'s answer, its client having read none of it for {@link Http1Server#atStop}. */
    public static boolean cutAtStop(HttpExchange exchange) {
        return exchange instanceof Exchange e && e.cutAsWritesStalled();
    }

    /** Whether {@code exchange}'s answer failed as its client closed or reset the connection (a download stopped, a tab closed). */
    public static boolean clientWentAway(HttpExchange exchange) {
        return exchange instanceof Exchange e && e.clientWentAway();
    }

    /**
     * Whether {@code exchange}'s answer was cut as it took longer to send than its server's
     * {@link Limits#responseTime} (a client reading a large download too slowly, or not at all).
     */
    public static boolean ranOutOfResponseTime(HttpExchange exchange) {
        return exchange instanceof Exchange e && e.answerRanOutOfTime();
    }

    /** Whether none of {@code exchange}'s answer reached its client, its connection closed here (a stop's end) first. */
    public static boolean nothingSent(HttpExchange exchange) {
        return exchange instanceof Exchange e && e.nothingSent();
    }

    /**
     * What failed sending the last of {@code exchange}'s answer once its handler had written it
     * whole and ended (the buffered rest, a chunked body's end, all of an answer without a body),
     * which the handler never saw; null when nothing did.
     */
    public static java.io.IOException failedAtItsEnd(HttpExchange exchange) {
        return exchange instanceof Exchange e ? e.endFailed() : null;
    }

    /** Whether {@code exchange}'s answer began and its socket took none of it (its client went away first). */
    public static boolean noneTaken(HttpExchange exchange) {
        return exchange instanceof Exchange e && e.noneTaken();
    }
}
