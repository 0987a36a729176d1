package org.bayard.http.wire;

import java.time.Duration;

/**
 * What one client may cost the server before it gets an answer or is cut off.
 *
 * @param maxRequestLineBytes longest request line (method, target, version); more gets 414
 * @param maxHeaderBytes longest header block (every field line and the empty line that ends the
 *     block, line endings included); more gets 431
 * @param maxHeaderFields most header field lines; more gets 431
 * @param idle how long a connection may wait, silent, for its next request
 * @param requestTime from a request's first byte until its response starts: reading the head and
 *     the body and handling it; past it the connection is closed, so a client trickling bytes
 *     holds nothing for longer
 * @param responseTime from the response's start until it is sent, for clients that stop reading
 * @param bodyStall how long a read of the request body may wait for its next byte (nginx's
 *     client_body_timeout): past it the request ends with 408, so a client that sent part of a
 *     large body and stopped gives back what it holds long before {@code requestTime} runs out
 * @param atStop during a stop, how long a request that began arriving before it has to arrive
 *     whole, and how long an answer may wait with nothing of it read by its client: past it the
 *     request gets 503 (or the answer is cut part-way) and no longer holds the stop
 */
public record Limits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderFields, Duration idle, Duration requestTime,
                     Duration responseTime, Duration bodyStall, Duration atStop) {
    /** How long a body may stall by default: no working link is silent this long in mid-upload. */
    public static final Duration DEFAULT_BODY_STALL = Duration.ofSeconds(10);
    /**
     * A request's own time (a minute) let one client sending a byte now and then hold the whole
     * drain, and a client that stopped reading a download held it to its end: a twelfth of
     * serve's default minute to stop, as serve derives it from smtp.stop-timeout-seconds.
     */
    public static final Duration DEFAULT_AT_STOP = Duration.ofSeconds(5);
    /** How long an answer may take to send by default: a large export to a slow link. */
    public static final Duration DEFAULT_RESPONSE_TIME = Duration.ofSeconds(120);

    public Limits {
        if (maxRequestLineBytes < 16 || maxHeaderBytes < 2 || maxHeaderFields < 1) {
            throw new IllegalArgumentException("http: request head limits too small to be usable");
        }
        if (!idle.isPositive() || !requestTime.isPositive() || !responseTime.isPositive() || bodyStall.toMillis() < 1
                || bodyStall.toMillis() > Integer.MAX_VALUE || !atStop.isPositive()) {
            throw new IllegalArgumentException("http: time limits must be positive");
        }
    }

    /**
     * The service's limits for a given header cap. The request line allows 16 KB: long enough
     * that an over-long quarantine id still reaches the router and gets its 400.
     */
    public static Limits withHeaderCap(int maxHeaderBytes) {
        return new Limits(16 * 1024, maxHeaderBytes, 100, Duration.ofSeconds(30), Duration.ofSeconds(60), DEFAULT_RESPONSE_TIME,
                DEFAULT_BODY_STALL, DEFAULT_AT_STOP);
    }

    public Limits withTimes(Duration idle, Duration requestTime, Duration responseTime) {
        return new Limits(maxRequestLineBytes, maxHeaderBytes, maxHeaderFields, idle, requestTime, responseTime, bodyStall, atStop);
    }

    public Limits withResponseTime(Duration responseTime) {
        return new Limits(maxRequestLineBytes, maxHeaderBytes, maxHeaderFields, idle, requestTime, responseTime, bodyStall, atStop);
    }

    public Limits withBodyStall(Duration bodyStall) {
        return new Limits(maxRequestLineBytes, maxHeaderBytes, maxHeaderFields, idle, requestTime, responseTime, bodyStall, atStop);
    }

    public Limits withAtStop(Duration atStop) {
        return new Limits(maxRequestLineBytes, maxHeaderBytes, maxHeaderFields, idle, requestTime, responseTime, bodyStall, atStop);
    }
}
