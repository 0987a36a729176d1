package org.bayard.http;

import java.time.Duration;
import org.bayard.http.wire.Limits;

/**
 * How long the HTTP side's stop waits: serve derives them from smtp.stop-timeout-seconds, so that
 * its whole stop fits a service manager's stop timeout.
 *
 * @param drain how long the requests being worked on (a release, a learn) have to finish
 * @param longer the most it waits, in all, while {@link HttpService#drainLongerWhile}'s condition holds
 * @param atStop how long a request still arriving has to arrive whole, and an answer its client
 *     reads none of may wait (see {@link Limits#atStop})
 */
public record DrainTimes(Duration drain, Duration longer, Duration atStop) {
    /** Serve's default minute to stop: a third of it to drain, two thirds for a release awaiting its next hop. */
    public static final DrainTimes DEFAULT = new DrainTimes(Duration.ofSeconds(20), Duration.ofSeconds(40), Limits.DEFAULT_AT_STOP);

    public DrainTimes {
        if (!drain.isPositive() || !atStop.isPositive() || longer.compareTo(drain) < 0) {
            throw new IllegalArgumentException("http: drain times must be positive, the longer drain at least the drain");
        }
    }
}
