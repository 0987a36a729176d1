package org.bayard.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions and the throttle. A session is a random 256-bit id in an HttpOnly, SameSite=Strict
 * cookie, with its own CSRF token; it ends after {@code idle} without use, {@link #MAX_AGE} after
 * its login however much it is used (a cookie taken from a moderator's browser is not good for
 * ever while the page stays open), or at logout. After
 * {@code maxFailures} wrong credentials a client address gets 429 for {@code lockout}, whatever
 * it sends, so guessing costs time even with the right password in the middle. A right password
 * does not clear the count: a client holding any account of its own (a read-only dashboard login,
 * a list moderator's) logged in with it after every ninth guess at another account and was never
 * throttled. Failures are forgotten once {@code lockout} has passed since the last one.
 */
final class Guard {
    /** A login: the account as configured when it logged in, so that a reload that changes the account ends it. */
    record Session(String id, Account account, String csrf, Instant started, Instant[] lastUsed) {
        String user() {
            return account.name();
        }

        Role role() {
            return account.role();
        }

        Scope scope() {
            return account.scope();
        }
    }

    private record Failures(int count, Instant since) {}

    /** A working day and then some: a moderator logs in again the next morning. */
    static final Duration MAX_AGE = Duration.ofHours(24);

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
        Instant now = clock.instant();
        Session s = new Session(Passwords.token(), a, Passwords.token(), now, new Instant[] {now});
        sessions.put(s.id(), s);
        return s;
    }

    Optional<Session> find(String id) {
        if (id == null || id.length() != 43) return Optional.empty();
        Session s = sessions.get(id);
        if (s == null) return Optional.empty();
        Instant now = clock.instant();
        synchronized (s) {
            if (s.lastUsed()[0].plus(idle).isBefore(now) || s.started().plus(MAX_AGE).isBefore(now)) {
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

    /** Ends the sessions of accounts no longer configured as they were: removed, or with a new role, scope or password. */
    void keepOnly(List<Account> current) {
        sessions.values().removeIf(s -> !current.contains(s.account()));
    }

    private void expire() {
        Instant cutoff = clock.instant().minus(idle);
        Instant oldest = clock.instant().minus(MAX_AGE);
        sessions.values().removeIf(s -> s.lastUsed()[0].isBefore(cutoff) || s.started().isBefore(oldest));
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
}
