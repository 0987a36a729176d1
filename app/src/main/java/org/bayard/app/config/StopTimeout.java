package org.bayard.app.config;

import java.time.Duration;
import org.bayard.http.DrainTimes;

/**
 * smtp.stop-timeout-seconds: the most {@code bayard serve}'s stop takes, and each of its waits as
 * a share of it, so that one number fits the whole stop to a service manager's own stop timeout
 * (systemd's TimeoutStopSec, 90 s by default; some set 30 s). The shares are those of the default
 * minute, each chosen for the wait it bounds:
 * <ul>
 * <li>a third, the HTTP side's drain (20 s): a release or a learn finishing and being answered;
 * <li>two thirds, the most it drains while a release has sent its message's end (40 s): cut off
 *     then, the item stays held though the next hop may have delivered it;
 * <li>a half, the SMTP side's drain and the wait for the HTTP API's late writes, both counted from
 *     the stop's start (30 s), beside the HTTP side's and not after it;
 * <li>a twelfth, what a request still arriving, or an answer its client reads none of, gets
 *     before it is cut (5 s): a slow client must not hold the drain, a working one never needs more;
 * <li>the whole, after which the stop ends without waiting for the rest (the store closing).
 * </ul>
 * The third left after the longer drain is for what follows it (interrupted requests leaving their
 * notes, within 2 s; the store's close).
 *
 * <p>Three waits are fixed, not shares: the 2 s the HTTP side gives the requests it interrupted
 * (and the threads of the connections it closes) to end, the 5 s the SMTP side gives the sessions
 * it cut off, and the 2 s a request has to make its answer once the release the longer drain waited
 * for is over (within the longer drain). An interrupt closes the sockets, and a release over has a
 * short answer left: each bounds this process's own last steps, never a client's or a next hop's
 * pace, and those take no longer in a stop of an hour than in one of 6 s. Each is a bound the stop
 * leaves as soon as they are done; the whole, if it comes first, ends the stop without them.
 *
 * @param seconds the whole stop, from {@link #MIN_SECONDS} to {@link #MAX_SECONDS}
 */
public record StopTimeout(int seconds) {
    public static final int DEFAULT_SECONDS = 60;
    /**
     * Below it the third left after the longer drain would be under the 2 s given to interrupted
     * requests to leave their notes (a release's "may have been delivered"), so the stop's own end
     * would cut them, and a request still arriving would get under half a second.
     */
    public static final int MIN_SECONDS = 6;
    /** An hour: no service manager waits longer for a stop, and a drain that long is a hung client, not a finishing one. */
    public static final int MAX_SECONDS = 3600;
    public static final StopTimeout DEFAULT = new StopTimeout(DEFAULT_SECONDS);

    public StopTimeout {
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("smtp.stop-timeout-seconds must be from " + MIN_SECONDS + " to " + MAX_SECONDS
                    + ", got " + seconds);
        }
    }

    /** The whole stop: past it serve ends without waiting for the rest. */
    public Duration whole() {
        return share(1, 1);
    }

    /** How long the HTTP side lets the requests under way finish. */
    public Duration httpDrain() {
        return share(1, 3);
    }

    /** How long in all the HTTP side drains while a release awaits its next hop's answer to the message's end. */
    public Duration longerDrain() {
        return share(2, 3);
    }

    /** How long from the stop's start the SMTP side lets the sessions with a message in hand finish. */
    public Duration smtpDrain() {
        return share(1, 2);
    }

    /** How long from the stop's start the HTTP API's writes answered 503 are waited for. */
    public Duration lateWrites() {
        return share(1, 2);
    }

    /** How long a request still arriving at the stop, or an answer its client reads none of, is given. */
    public Duration atStop() {
        return share(1, 12);
    }

    /** The HTTP side's part, as its settings take it. */
    public DrainTimes http() {
        return new DrainTimes(httpDrain(), longerDrain(), atStop());
    }

    private Duration share(int numerator, int denominator) {
        return Duration.ofMillis(seconds * 1000L * numerator / denominator);
    }
}
