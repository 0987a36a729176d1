package org.bayard.smtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the next hop offers, learned by a short EHLO probe and remembered for a minute, so that
 * our EHLO offers an extension only when the message can be passed on with it, and a SIZE no
 * larger than the next hop's.
 * An unreachable next hop offers nothing optional (the transaction itself will then get 451), nor
 * does one that leads back to this gate (MAIL then gets 554 5.4.0): the probe stops at the
 * greeting, or each probe's EHLO would probe again, session within session.
 * Shared by the sessions of one server; thread-safe, with at most one probe running at a time.
 */
final class HopCapabilities {
    static final Duration FRESH = Duration.ofSeconds(60);
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    /** What the next hop's EHLO offered: its keywords, upper-case, and its SIZE limit (0: none named). */
    record Offer(Set<String> extensions, long sizeLimit) {
        static final Offer NOTHING = new Offer(Set.of(), 0);
    }

    /** What a probe found: the offer, until when it holds, and why the hop could not be had (empty when it could). */
    private record Known(InetSocketAddress hop, Offer offer, Instant until, Optional<String> unreachable) {}

    private final Clock clock;
    private final LoopMarks marks;
    private volatile Known known;
    private final AtomicBoolean probing = new AtomicBoolean();

    HopCapabilities(Clock clock, LoopMarks marks) {
        this.clock = clock;
        this.marks = marks;
    }

    /**
     * What the next hop offers. One probe runs at a time: a next hop that takes connections and
     * never greets kept every EHLO waiting the next-hop timeout, each with a connection of its own.
     * When what is known has gone stale it is answered at once and refreshed behind the sessions;
     * only the first EHLO for a hop waits for the probe, and others meanwhile get {@link Offer#NOTHING}
     * (no optional extension: safe, as the message can always be passed on without one).
     */
    Offer of(SmtpSettings settings) {
        Known k = knownFor(settings);
        if (k != null && fresh(k)) return k.offer();
        Offer lastKnown = k != null ? k.offer() : Offer.NOTHING;
        if (!probing.compareAndSet(false, true)) return lastKnown;
        if (k != null) {
            probeBehind(settings);
            return lastKnown;
        }
        return probe(settings);
    }

    /**
     * What the next hop offered when it was last asked, however long ago, without asking it:
     * empty when it has not been asked yet (or {@code settings} name another). A hint only: the
     * next hop may have changed since, and one that could not be reached offers nothing.
     */
    Optional<Offer> lastKnown(SmtpSettings settings) {
        return Optional.ofNullable(knownFor(settings)).map(Known::offer);
    }

    /**
     * Why the next hop could not be had when last probed (refused, silent, or a loop back to this
     * gate), without its address; empty when it was reached, or has not been probed yet. A stale
     * answer is refreshed behind the caller, who never waits for the probe, so that a monitor
     * asking now and then keeps it current while no mail comes; at most one probe runs at a time.
     */
    Optional<String> unreachable(SmtpSettings settings) {
        Known k = knownFor(settings);
        if ((k == null || !fresh(k)) && probing.compareAndSet(false, true)) probeBehind(settings);
        return k != null ? k.unreachable() : Optional.empty();
    }

    /** What the last probe found of the next hop {@code settings} name; null when it probed another or none yet. */
    private Known knownFor(SmtpSettings settings) {
        Known k = known;
        return k != null && k.hop().equals(settings.nextHop()) ? k : null;
    }

    private boolean fresh(Known k) {
        return clock.instant().isBefore(k.until());
    }

    /** Runs {@link #probe} on a thread of its own; the caller holds {@link #probing}. */
    private void probeBehind(SmtpSettings settings) {
        Thread.ofVirtual().name("next-hop-probe").start(() -> probe(settings));
    }

    /** Probes the next hop and remembers the answer; the caller holds {@link #probing}, released here. */
    private Offer probe(SmtpSettings settings) {
        try {
            Known found;
            try (NextHop hop = NextHop.connect(settings.nextHop(), settings.hostname(), settings.nextHopTimeout(), marks, 0,
                    settings.nextHopTls())) {
                found = new Known(settings.nextHop(), new Offer(hop.extensions(), hop.sizeLimit()), clock.instant().plus(FRESH),
                        Optional.empty());
            } catch (IOException e) {
                found = new Known(settings.nextHop(), Offer.NOTHING, clock.instant().plus(RETRY_AFTER_FAILURE),
                        Optional.of(e instanceof LoopMarks.Loop
                                ? "the next hop leads back to this gate: mail is refused with 554 5.4.0"
                                : "the next hop cannot be reached: mail is answered 451 4.3.0"));
            }
            known = found;
            return found.offer();
        } finally {
            probing.set(false);
        }
    }
}
