package org.bayard.http;

import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;

/** The time a test moves by hand, by setting {@link #now}: for what lasts a while (lockouts, cached credentials). */
final class HandMovedClock implements InstantSource {
    volatile Instant now = Instant.parse("2026-11-23T06:00:00Z");

    @Override
    public Instant instant() {
        return now;
    }

    /** A clock that reads {@link #now} whenever it is asked, in UTC. */
    Clock utc() {
        return withZone(ZoneOffset.UTC);
    }
}
