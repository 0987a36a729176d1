package org.bayard.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions and the throttle. A session is a random 256-bit id in an HttpOnly, SameSite=Strict
 * cookie, with its own CSRF token; it ends after {@code idle} without use or at logout. After
 * {@code maxFailures} wrong credentials a client address gets 429 for {@code lockout}, whatever
 * it sends, so guessing costs time even with the right password in the middle.
 */
final class Guard {
    record Session(String id, String user, Role role, Scope scope, String csrf, Instant[] lastUsed) {}

    private record Failures(int count, Instant since) {}

    private final Clock clock;
    private final Duration idle;
    private final int maxFailures;
    private final Duration lockout;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    Guard(Clock clock, Duration idle, int maxFailures, Duration lockout) {
        this.clock = clock;
        this.idle = idle;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
    }

    Session open(Account a) {
        if (sessions.size() > 10_000) expire();
        Session s = new Session(Passwords.token(), a.name(), a.role(), a.scope(), Passwords.token(), new Instant[] {clock.instant()});
        sessions.put(s.id(), s);
        return s;
    }

    Optional<Session> find(String id) {
        if (id == null || id.length() != 43) return Optional.empty();
        Session s = sessions.get(id);
        if (s == null) return Optional.empty();
        Instant now = clock.instant();
        synchronized (s) {
            if (s.lastUsed()[0].plus(idle).isBefore(now)) {
                sessions.remove(id);
                return Optional.empty();
            }
            s.lastUsed()[0] = now;
        }
        return Optional.of(s);
    }

    void close(String id) {
        if (id != null) sessions.remove(id);
    }

    private void expire() {
        Instant cutoff = clock.instant().minus(idle);
        sessions.values().removeIf(s -> s.lastUsed()[0].isBefore(cutoff));
    }

    boolean locked(String client) {
        Failures f = failures.get(client);
        if (f == null) return false;
        if (f.since().plus(lockout).isBefore(clock.instant())) {
            failures.remove(client, f);
            return false;
        }
        return f.count() >= maxFailures;
    }

    void failed(String client) {
        Instant now = clock.instant();
        if (failures.size() > 100_000) failures.clear(); // bounded memory under a spray of addresses
        failures.merge(client, new Failures(1, now), (a, b) -> a.since().plus(lockout).isBefore(now)
                ? new Failures(1, now) : new Failures(a.count() + 1, now));
    }

    void succeeded(String client) {
        failures.remove(client);
    }
}
