package org.bayard.http;

import java.io.IOException;
import java.util.Optional;

/**
 * Logging in and out of the moderation page: the login form, the lockout after failed logins,
 * and the session cookie set and cleared. Apart from the pages because it opens and ends
 * sessions, which no other route does.
 */
final class LoginRoutes {
    static final String COOKIE = "bayard_session";

    private final Gatekeeper gatekeeper;
    private final Guard guard;
    private final Pages pages;

    LoginRoutes(Gatekeeper gatekeeper, Guard guard, Pages pages) {
        this.gatekeeper = gatekeeper;
        this.guard = guard;
        this.pages = pages;
    }

    /** {@code /login}: the form, and a post of it that opens a session (a cookie) or says why not. */
    int login(Request r) throws IOException {
        if (r.method.equals("GET") || r.method.equals("HEAD")) return Responses.html(r.ex, 200, pages.login(null, AfterLogin.page(r.q("next"))));
        if (!r.method.equals("POST")) throw Responses.wrongMethod(r.ex, "GET, HEAD, POST");
        gatekeeper.sameOrigin(r);
        String next = AfterLogin.page(r.field("next"));
        String client = r.client();
        if (guard.locked(client)) return Responses.html(r.ex, 429, pages.login("Too many failed logins; wait a few minutes.", next));
        String user = Optional.ofNullable(r.field("user")).orElse("");
        String password = Optional.ofNullable(r.field("password")).orElse("");
        Optional<Account> a;
        if (user.length() > 64 || password.length() > 1024) {
            guard.failed(client);
            a = Optional.empty();
        } else {
            try {
                a = gatekeeper.check(client, user, password); // counts a wrong one towards the lockout
            } catch (Stop locked) {
                if (locked.status != 429) throw locked;
                return Responses.html(r.ex, 429, pages.login("Too many failed logins; wait a few minutes.", next));
            }
        }
        if (a.isEmpty()) return Responses.html(r.ex, 401, pages.login("Wrong user name or password.", next));
        Guard.Session s = guard.open(a.get());
        r.principal = new Principal(s.user(), s.role(), s.scope(), Optional.of(s));
        r.ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict"
                + (r.cameOverHttps() ? "; Secure" : ""));
        return Responses.redirect(r.ex, next);
    }

    /** {@code /logout}: ends the session, clears its cookie and goes back to the login form. */
    int logout(Request r) throws IOException {
        Principal who = gatekeeper.change(r, Role.READ);
        who.session().ifPresent(s -> guard.close(s.id()));
        r.ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
        return Responses.redirect(r.ex, "/login");
    }
}
