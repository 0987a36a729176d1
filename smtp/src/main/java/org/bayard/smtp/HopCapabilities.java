package org.bayard.smtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What the next hop offers, learned by a short EHLO probe and remembered for a minute, so that
 * our EHLO offers PIPELINING, SIZE and 8BITMIME only when the message can be passed on with them.
 * An unreachable next hop offers nothing optional (the transaction itself will then get 451).
 * Shared by the sessions of one server; thread-safe.
 */
final class HopCapabilities {
    static final Duration FRESH = Duration.ofSeconds(60);
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    private record Known(InetSocketAddress hop, Set<String> extensions, Instant until) {}

    private final Clock clock;
    private volatile Known known;

    HopCapabilities(Clock clock) {
        this.clock = clock;
    }

    /** The next hop's EHLO keywords, upper-case; probes when nothing fresh is known for this hop. */
    Set<String> of(SmtpSettings settings) {
        Known k = known;
        Instant now = clock.instant();
        if (k != null && k.hop().equals(settings.nextHop()) && now.isBefore(k.until())) return k.extensions();
        Set<String> extensions;
        Duration keep = FRESH;
        try (NextHop hop = NextHop.connect(settings.nextHop(), settings.hostname(), settings.nextHopTimeout())) {
            extensions = hop.extensions();
        } catch (IOException e) {
            extensions = Set.of();
            keep = RETRY_AFTER_FAILURE;
        }
        known = new Known(settings.nextHop(), extensions, now.plus(keep));
        return extensions;
    }
}
