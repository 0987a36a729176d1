package org.bayard.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The moderation page under {@code /ui/}: the queue, the dashboard, one message and its body,
 * and the form that decides a selection. Its own class because it answers browsers (HTML,
 * redirects after a post, the sandboxed body) where the API answers scripts.
 */
final class PageRoutes {
    /** The most messages one bulk decision takes: one page of the queue, so that "select all" can be decided. */
    static final int MAX_BULK = QueueListing.MAX_PAGE;

    private final Gatekeeper gatekeeper;
    private final DashboardPage dashboard;
    private final Backend backend;
    private final Moderation moderation;
    private final Figures figures;

    PageRoutes(Gatekeeper gatekeeper, DashboardPage dashboard, Backend backend, Moderation moderation, Figures figures) {
        this.gatekeeper = gatekeeper;
        this.dashboard = dashboard;
        this.backend = backend;
        this.moderation = moderation;
        this.figures = figures;
    }

    /** Answers {@code /ui/} followed by {@code p}; 404 for a page it does not know. */
    int route(Request r, String p) throws IOException {
        if (p.equals("action")) {
            Principal who = gatekeeper.change(r, Role.ADMIN);
            String verb = Optional.ofNullable(r.field("action")).orElse("");
            List<String> ids = r.form().getOrDefault("id", List.of());
            if (ids.isEmpty()) throw new Stop(400, "select at least one message");
            boolean force = Moderation.forced(r.field("force"), verb);
            // given on one message's page, after its warning: never to a selection
            if (force && ids.size() > 1) throw new Stop(400, "force is for one message at a time; nothing was done");
            if (ids.size() > MAX_BULK) throw new Stop(400, "at most " + MAX_BULK + " messages at once");
            int done = 0, failed = 0, elsewhere = 0;
            for (String id : ids) {
                if (!Ids.valid(id)) throw new Stop(400, "not a quarantine id");
            }
            for (String id : ids) {
                try {
                    moderation.decide(who, id, verb, force, Moderation.PAGE);
                    done++;
                } catch (Stop s) {
                    if (s.status == 404 && s.getMessage().startsWith("unknown action")) throw s;
                    // gone (404) or taken by another decision (409) is not "still held": told so, a
                    // moderator went looking for mail another had decided, or decided it again
                    if (s.status == 404 || s.status == 409) elsewhere++;
                    else failed++;
                }
            }
            String msg = who.user() != null ? "&done=" + done + "&failed=" + failed + "&elsewhere=" + elsewhere : "";
            String back = QueueListing.placeFrom(r.field("back"));
            return Responses.redirect(r.ex, "/ui/queue?" + (back.isEmpty() ? "" : back + "&") + "verb=" + (verb.matches("[a-z-]{1,12}") ? verb : "") + msg);
        }
        Principal who = gatekeeper.read(r);
        String csrf = who.session().map(Guard.Session::csrf).orElse("");
        if (p.equals("queue")) {
            List<Backend.Held> items = QueueListing.filter(moderation.queue(who).held(), r::q);
            // one page is at most one bulk decision's worth, so that "select all" can be decided
            List<Backend.Held> shown = QueueListing.page(items, name -> name.equals("limit") ? String.valueOf(MAX_BULK) : r.q(name));
            QueuePage.Listing listing = new QueuePage.Listing(shown, items.size(), QueueListing.offset(r::q), MAX_BULK, r::q, moderation.inDoubt(shown));
            return Responses.html(r.ex, 200, QueuePage.render(who, csrf, listing, r.q("verb"),
                    new QueuePage.Outcome(r.q("done"), r.q("failed"), r.q("elsewhere"))));
        }
        if (p.equals("dashboard")) return Responses.html(r.ex, 200, dashboard.render(who, csrf, figures.of(who)));
        if (p.startsWith("message/")) {
            String rest = p.substring("message/".length());
            boolean body = rest.endsWith("/body");
            String id = body ? rest.substring(0, rest.length() - 5) : rest;
            if (!Ids.valid(id)) throw new Stop(400, "not a quarantine id");
            Backend.HeldView v = moderation.queue(who).view(id).orElseThrow(() -> new Stop(404, "no such held message"));
            if (body) {
                // only ever inside the sandboxed iframe: no scripts, no same-origin, nothing remote
                r.ex.getResponseHeaders().set("Content-Security-Policy", Pages.BODY_CSP);
                r.ex.getResponseHeaders().set("X-Frame-Options", "SAMEORIGIN");
                return Responses.send(r.ex, 200, "text/html; charset=utf-8", v.html().orElse("").getBytes(StandardCharsets.UTF_8));
            }
            return Responses.html(r.ex, 200, MessagePage.render(who, csrf, v, backend.releaseInDoubt(id), "html".equals(r.q("view"))));
        }
        throw new Stop(404, "not found: /ui/" + p);
    }
}
