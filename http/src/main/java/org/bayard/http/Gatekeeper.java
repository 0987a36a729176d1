package org.bayard.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who may do what: credentials (session cookie, Basic, or Rspamd's Password header) checked in
 * constant time with a lockout after repeated failures, right ones remembered for a while so that
 * they cost one PBKDF2 and not one per request ({@link CredentialCache}), roles, and for state changes POST plus
 * same-origin plus the session's CSRF token. Every refusal is a {@link Stop} with its status.
 */
final class Gatekeeper {
    private static final String COOKIE = LoginRoutes.COOKIE;
    private final Guard guard;
    private final Metrics metrics;
    /** Right credentials checked lately, so that the same ones again cost no PBKDF2. */
    private final CredentialCache remembered;
    /** The configured logins; replaced whole when the configuration is reloaded. */
    private volatile List<Account> accounts;

    Gatekeeper(HttpSettings settings, Guard guard, Metrics metrics, Clock clock) {
        this.accounts = settings.accounts();
        this.guard = guard;
        this.metrics = metrics;
        this.remembered = new CredentialCache(clock);
    }

    /** From now on, {@code next} are the logins; a session of an account not among them as it is ends at its next use. */
    void accounts(List<Account> next) {
        accounts = List.copyOf(next);
        // a check begun before the swap may still remember an old account; find() refuses it as no longer configured
        remembered.clear();
    }

    static final String LOCKED = "too many failed logins; wait and try again";
    static final String SESSION_ENDED = "Your session has ended (the service restarted, you logged out, or it expired); nothing was done. Log in again.";

    Principal authenticate(Request r, Role needed) {
        String client = r.client();
        Optional<String> cookie = cookie(r, COOKIE);
        String authz = r.header("Authorization");
        String password = r.header("Password");
        if (cookie.isPresent() && authz == null && password == null) {
            Optional<Guard.Session> s = guard.find(cookie.get());
            if (s.isPresent() && accounts.contains(s.get().account())) {
                return authorise(r, new Principal(s.get().user(), s.get().role(), s.get().scope(), s), needed);
            }
            s.ifPresent(stale -> guard.close(stale.id())); // its account was removed or changed by a reload
        }
        if (guard.locked(client)) throw new Stop(429, LOCKED);
        if (authz == null && password == null) {
            // a page's cookie whose session is gone (a restart: sessions live in memory): words for
            // the moderator who pressed a button, not the ones for scripts
            if (cookie.isPresent()) throw new Stop(401, SESSION_ENDED);
            throw new Stop(401, "credentials required: a password (rspamc -P) or HTTP Basic");
        }
        Optional<Account> who = Optional.empty();
        String wrong = "wrong user name or password";
        if (authz != null && authz.regionMatches(true, 0, "Basic ", 0, 6) && authz.length() < 1024) {
            String dec;
            try {
                dec = new String(Base64.getDecoder().decode(authz.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                dec = "";
            }
            int colon = dec.indexOf(':');
            if (colon > 0) who = check(client, dec.substring(0, colon), dec.substring(colon + 1));
            else guard.failed(client);
        } else if (password != null && password.length() < 1024) {
            who = checkAny(client, password); // Rspamd's controller style: the password alone
            wrong = "wrong password";
        } else {
            guard.failed(client);
        }
        if (who.isEmpty()) throw new Stop(401, wrong);
        return authorise(r, new Principal(who.get().name(), who.get().role(), who.get().scope(), Optional.empty()), needed);
    }

    private Principal authorise(Request r, Principal p, Role needed) {
        r.principal = p;
        if (!p.role().allows(needed)) throw new Stop(403, "account " + p.user() + " is read-only; this needs an admin account");
        return p;
    }

    /**
     * For store-wide calls (training on uploaded messages, the sender blocklist): an account with a
     * scope moderates only its own held mail, so it gets 403 here whatever its role.
     */
    Principal wholeStore(Principal p) {
        if (!p.scope().everything()) throw new Stop(403, "this account is limited to its scope's held mail; this call is for accounts without a scope");
        return p;
    }

    /**
     * Checks a name and password (HTTP Basic, the login form) from {@code client}, a wrong one
     * counting towards its lockout. A pair found right in the last {@link CredentialCache#TTL}
     * costs no PBKDF2; any other runs one, also for an unknown name, so that unknown names take
     * as long as known ones.
     *
     * @throws Stop 429 when the client has as many failures and checks under way as the lockout allows
     */
    Optional<Account> check(String client, String user, String password) {
        List<Account> all = accounts;
        char[] pw = password.toCharArray();
        boolean[] ran = {false};
        try {
            return counted(client, ran, remembered.check(CredentialCache.Via.BASIC, user, pw, all, throttled(client, ran, () -> {
                Account match = null;
                for (Account a : all) if (Passwords.same(a.name(), user)) match = a;
                String hash = match != null ? match.passwordHash() : all.get(0).passwordHash();
                return verify(hash, pw) && match != null ? Optional.of(match) : Optional.empty();
            })));
        } finally {
            Passwords.wipe(pw);
        }
    }

    /**
     * Rspamd's Password header: the password alone, so the account is the first whose password it
     * is. A password found right in the last {@link CredentialCache#TTL} costs no PBKDF2; any other
     * is tried against every account, one PBKDF2 each, so the time does not tell which one matched.
     */
    private Optional<Account> checkAny(String client, String password) {
        List<Account> all = accounts;
        char[] pw = password.toCharArray();
        boolean[] ran = {false};
        try {
            return counted(client, ran, remembered.check(CredentialCache.Via.PASSWORD_HEADER, "", pw, all, throttled(client, ran, () -> {
                Account found = null;
                for (Account a : all) if (verify(a.passwordHash(), pw) && found == null) found = a;
                return Optional.ofNullable(found);
            })));
        } finally {
            Passwords.wipe(pw);
        }
    }

    /**
     * The PBKDF2s of a check, run only while the client has tries left (else 429): the lockout
     * is checked and the try taken in one step, so requests side by side cannot all slip past it
     * before any has failed. A wrong result counts as the client's failure as it ends.
     */
    private Supplier<Optional<Account>> throttled(String client, boolean[] ran, Supplier<Optional<Account>> pbkdf2) {
        return () -> {
            if (!guard.checking(client)) throw new Stop(429, LOCKED);
            ran[0] = true;
            Optional<Account> found = Optional.empty();
            try {
                found = pbkdf2.get();
                return found;
            } finally {
                guard.checked(client, found.isPresent());
            }
        };
    }

    /** A wrong result that took another request's check (the same credentials at once) counts as this client's failure too. */
    private Optional<Account> counted(String client, boolean[] ran, Optional<Account> found) {
        if (found.isEmpty() && !ran[0]) guard.failed(client);
        return found;
    }

    /** Every PBKDF2 run for a request goes through here, so that /metrics shows what credentials cost. */
    private boolean verify(String hash, char[] pw) {
        metrics.passwordHashed();
        return Passwords.verify(hash, pw);
    }

    static Optional<String> cookie(Request r, String name) {
        List<String> all = r.ex.getRequestHeaders().get("Cookie");
        if (all == null) return Optional.empty();
        for (String line : all) {
            for (String c : line.split(";")) {
                String t = c.trim();
                if (t.startsWith(name + "=")) return Optional.of(t.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    /** A browser's request from another site: a foreign Origin or Sec-Fetch-Site: cross-site. */
    void sameOrigin(Request r) {
        String site = r.header("Sec-Fetch-Site");
        if (site != null && !(site.equals("same-origin") || site.equals("none"))) throw new Stop(403, "cross-site request refused");
        String origin = r.header("Origin");
        String host = r.header("Host");
        if (origin != null && (host == null || !(origin.equals("http://" + host) || origin.equals("https://" + host)))) {
            throw new Stop(403, "cross-origin request refused");
        }
    }

    /** For state changes: POST, same origin, and with a cookie session also the session's CSRF token. */
    Principal change(Request r, Role needed) throws IOException {
        if (!r.method.equals("POST")) {
            r.ex.getResponseHeaders().set("Allow", "POST");
            throw new Stop(405, "state changes need POST");
        }
        sameOrigin(r);
        Principal p = authenticate(r, needed);
        if (p.session().isPresent()) {
            String token = r.header("X-CSRF-Token");
            if (token == null) {
                String ct = Optional.ofNullable(r.header("Content-Type")).orElse("");
                if (ct.startsWith("application/x-www-form-urlencoded")) token = r.field("csrf");
            }
            if (!Passwords.same(token, p.session().get().csrf())) throw new Stop(403, "missing or wrong CSRF token");
        }
        return p;
    }

    Principal read(Request r) {
        if (!(r.method.equals("GET") || r.method.equals("HEAD"))) {
            r.ex.getResponseHeaders().set("Allow", "GET, HEAD");
            throw new Stop(405, "use GET");
        }
        return authenticate(r, Role.READ);
    }
}
