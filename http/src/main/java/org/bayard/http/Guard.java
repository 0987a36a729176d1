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

    /**
     * A client's wrong credentials: {@code count} of them, the last at {@code since}, and
     * {@code checking} checks of its credentials under way (each a PBKDF2).
     */
    private record Failures(int count, Instant since, int checking) {
        /** As it stands at {@code now}: failures forgotten once {@code lockout} has passed since the last. */
        Failures at(Instant now, Duration lockout) {
            return since.plus(lockout).isBefore(now) ? new Failures(0, since, checking) : this;
        }

        /** Null, for the map to drop it, when there is nothing left to remember. */
        Failures orNone() {
            return count == 0 && checking == 0 ? null : this;
        }
    }

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
        client = throttled(client);
        Instant now = clock.instant();
        Failures f = failures.computeIfPresent(client, (k, v) -> v.at(now, lockout).orNone());
        return f != null && f.count() >= maxFailures;
    }

    void failed(String client) {
        client = throttled(client);
        Instant now = clock.instant();
        if (failures.size() > 100_000) failures.clear(); // bounded memory under a spray of addresses
        failures.compute(client, (k, v) -> {
            Failures f = v == null ? new Failures(0, now, 0) : v.at(now, lockout);
            return new Failures(f.count() + 1, now, f.checking());
        });
    }

    /**
     * Before a check of the client's credentials that costs a PBKDF2: false, and nothing taken,
     * when its failures and the checks it has under way already reach {@code maxFailures}; else
     * {@link #checked} must follow. Checking {@link #locked} first was not enough: requests sent
     * side by side all passed it before any had failed, and 60 wrong guesses at once each got
     * their PBKDF2 and a 401 where 10 should have.
     */
    boolean checking(String client) {
        client = throttled(client);
        Instant now = clock.instant();
        if (failures.size() > 100_000) failures.clear(); // as in failed()
        boolean[] begun = {false};
        failures.compute(client, (k, v) -> {
            Failures f = v == null ? new Failures(0, now, 0) : v.at(now, lockout);
            if (f.count() + f.checking() >= maxFailures) return f.orNone();
            begun[0] = true;
            return new Failures(f.count(), f.since(), f.checking() + 1);
        });
        return begun[0];
    }

    /** A check {@link #checking} allowed has ended: a failure when the credentials were wrong. */
    void checked(String client, boolean right) {
        client = throttled(client);
        Instant now = clock.instant();
        failures.compute(client, (k, v) -> {
            Failures f = v == null ? new Failures(0, now, 1) : v.at(now, lockout); // cleared meanwhile: still this one to end
            return new Failures(f.count() + (right ? 0 : 1), right ? f.since() : now, Math.max(0, f.checking() - 1)).orNone();
        });
    }

    /**
     * Whose failures an address's are: its own for IPv4, its /64 for IPv6. A site is given a /64
     * (or more) and picks addresses in it at will, so counted per address an IPv6 client took a
     * new one every ten guesses and was never locked out.
     */
    static String throttled(String client) {
        if (client.indexOf(':') < 0) return client;
        try {
            // a literal with a colon is parsed, never looked up in the DNS
            byte[] a = java.net.InetAddress.getByName(client).getAddress();
            if (a.length != 16) return client;
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) prefix.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
            return prefix.append(":/64").toString();
        } catch (java.net.UnknownHostException e) {
            return client; // not an address (a forwarded hop may be anything): counted as it is
        }
    }
}
