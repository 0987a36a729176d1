package org.bayard.smtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What the next hop offers, learned by a short EHLO probe and remembered for a minute, so that
 * our EHLO offers an extension only when the message can be passed on with it, and a SIZE no
 * larger than the next hop's.
 * An unreachable next hop offers nothing optional (the transaction itself will then get 451), nor
 * does one that leads back to this gate (MAIL then gets 554 5.4.0): the probe stops at the
 * greeting, or each probe's EHLO would probe again, session within session.
 * Shared by the sessions of one server; thread-safe.
 */
final class HopCapabilities {
    static final Duration FRESH = Duration.ofSeconds(60);
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    /** What the next hop's EHLO offered: its keywords, upper-case, and its SIZE limit (0: none named). */
    record Offer(Set<String> extensions, long sizeLimit) {
        static final Offer NOTHING = new Offer(Set.of(), 0);
    }

    private record Known(InetSocketAddress hop, Offer offer, Instant until) {}

    private final Clock clock;
    private final LoopMarks marks;
    private volatile Known known;

    HopCapabilities(Clock clock, LoopMarks marks) {
        this.clock = clock;
        this.marks = marks;
    }

    /** What the next hop offers; probes when nothing fresh is known for this hop. */
    Offer of(SmtpSettings settings) {
        Known k = known;
        Instant now = clock.instant();
        if (k != null && k.hop().equals(settings.nextHop()) && now.isBefore(k.until())) return k.offer();
        Offer offer;
        Duration keep = FRESH;
        try (NextHop hop = NextHop.connect(settings.nextHop(), settings.hostname(), settings.nextHopTimeout(), marks)) {
            offer = new Offer(hop.extensions(), hop.sizeLimit());
        } catch (IOException e) {
            offer = Offer.NOTHING;
            keep = RETRY_AFTER_FAILURE;
        }
        known = new Known(settings.nextHop(), offer, now.plus(keep));
        return offer;
    }
}
