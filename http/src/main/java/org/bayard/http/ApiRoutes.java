package org.bayard.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON API under {@code /api/}: check, learn, stats, the blocklist, and the quarantine (list,
 * export, one item, its raw message, decisions). Its own class because scripts depend on its
 * paths and shapes, which must not move when the moderation page's do.
 */
final class ApiRoutes {
    private final Gatekeeper gatekeeper;
    private final MessageIntake intake;
    private final Backend backend;
    private final Metrics metrics;
    private final Moderation moderation;
    private final Figures figures;

    ApiRoutes(Gatekeeper gatekeeper, MessageIntake intake, Backend backend, Metrics metrics, Moderation moderation, Figures figures) {
        this.gatekeeper = gatekeeper;
        this.intake = intake;
        this.backend = backend;
        this.metrics = metrics;
        this.moderation = moderation;
        this.figures = figures;
    }

    /** Answers {@code /api/} followed by {@code p}; 404 for a path it does not know. */
    int route(Request r, String p) throws IOException {
        switch (p) {
            case "check" -> {
                if (!r.method.equals("POST")) throw Responses.wrongMethod(r.ex, "POST");
                gatekeeper.sameOrigin(r);
                gatekeeper.authenticate(r, Role.READ);
                return Responses.ok(r.ex, Rspamd.check(intake.scan(r)));
            }
            case "learn", "unlearn", "forget" -> {
                gatekeeper.wholeStore(gatekeeper.change(r, Role.ADMIN));
                String cls = r.q("class");
                if (cls != null && !cls.equals("spam") && !cls.equals("ham")) throw new Stop(400, "class is spam or ham");
                if (p.equals("learn") && cls == null) throw new Stop(400, "learn needs ?class=spam or ?class=ham");
                byte[] msg = intake.message(r);
                Backend.LearnResult res = p.equals("learn") ? backend.learn(msg, cls, "api")
                        : backend.unlearn(msg, p.equals("forget") ? Optional.empty() : Optional.ofNullable(cls));
                if (p.equals("learn") && res.changed()) metrics.learned(cls, "api");
                return Responses.ok(r.ex, Map.of("outcome", res.kind().name().toLowerCase(Locale.ROOT), "changed", res.changed(), "detail", res.describe()));
            }
            case "stats" -> {
                return Responses.ok(r.ex, figures.of(gatekeeper.read(r)));
            }
            case "quarantine" -> {
                Principal who = gatekeeper.read(r);
                List<Backend.Held> matching = QueueListing.filter(moderation.queue(who).held(), r::q);
                List<Backend.Held> page = QueueListing.page(matching, r::q);
                Map<String, String> inDoubt = moderation.inDoubt(page);
                List<Object> items = new ArrayList<>(page.size());
                for (Backend.Held m : page) {
                    if (!inDoubt.containsKey(m.id())) {
                        items.add(m);
                        continue;
                    }
                    // as the item's own view says it, so that a bulk decision from the list is not a surprise refusal
                    Map<String, Object> marked = new LinkedHashMap<>(Responses.JSON.convertValue(m,
                            new tools.jackson.core.type.TypeReference<Map<String, Object>>() {}));
                    marked.put("releaseInDoubt", inDoubt.get(m.id()));
                    items.add(marked);
                }
                return Responses.ok(r.ex, Map.of("items", items, "total", matching.size()));
            }
            case "blocklist" -> {
                gatekeeper.wholeStore(gatekeeper.read(r));
                List<Backend.Blocked> entries = backend.blocklist();
                return Responses.ok(r.ex, Map.of("entries", entries, "total", entries.size()));
            }
            case "blocklist/add", "blocklist/remove" -> {
                gatekeeper.wholeStore(gatekeeper.change(r, Role.ADMIN));
                String client = required(r, "client"), sender = required(r, "sender");
                try {
                    if (p.equals("blocklist/add")) return Responses.ok(r.ex, backend.block(client, sender, hours(r.q("hours"))));
                    if (!backend.unblock(client, sender)) throw new Stop(404, "no blocklist entry for " + client + " " + sender);
                    return Responses.ok(r.ex, Map.of("removed", true));
                } catch (IllegalArgumentException e) {
                    throw new Stop(400, e.getMessage());
                }
            }
            case "quarantine/export" -> {
                Principal who = gatekeeper.read(r);
                List<Backend.Held> items = QueueListing.filter(moderation.queue(who).held(), r::q);
                r.ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"quarantine.mbox\"");
                return Responses.stream(r.ex, 200, "application/mbox", out -> Mbox.write(items, moderation.queue(who), out));
            }
            default -> {
                if (!p.startsWith("quarantine/")) throw new Stop(404, "not found: /api/" + p);
                String rest = p.substring("quarantine/".length());
                int slash = rest.indexOf('/');
                String id = slash < 0 ? rest : rest.substring(0, slash);
                String verb = slash < 0 ? "" : rest.substring(slash + 1);
                if (!Ids.valid(id)) throw new Stop(400, "not a quarantine id");
                if (verb.isEmpty()) {
                    Principal who = gatekeeper.read(r);
                    Backend.HeldView view = moderation.queue(who).view(id).orElseThrow(() -> new Stop(404, "no such held message"));
                    Optional<String> inDoubt = backend.releaseInDoubt(id);
                    if (inDoubt.isEmpty()) return Responses.ok(r.ex, view);
                    // said before anyone releases it: a plain release is refused, ?force=1 delivers it regardless
                    Map<String, Object> shown = new LinkedHashMap<>(Responses.JSON.convertValue(view,
                            new tools.jackson.core.type.TypeReference<Map<String, Object>>() {}));
                    shown.put("releaseInDoubt", inDoubt.get());
                    return Responses.ok(r.ex, shown);
                }
                if (verb.equals("raw")) {
                    Principal who = gatekeeper.read(r);
                    try (java.io.InputStream raw = moderation.queue(who).openRaw(id).orElseThrow(() -> new Stop(404, "no such held message"))) {
                        r.ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"message.eml\"");
                        // sent from its file as it is read (chunked)
                        return Responses.stream(r.ex, 200, "application/octet-stream", raw::transferTo);
                    }
                }
                // before the method and the id, as an unknown path is: a mistyped action is told so
                if (!Moderation.ACTIONS.contains(verb)) throw new Stop(404, Moderation.UNKNOWN_ACTION);
                Principal who = gatekeeper.change(r, Role.ADMIN);
                return Responses.ok(r.ex, Map.of("id", id, "result", moderation.decide(who, id, verb, Moderation.forced(r.q("force"), verb), Moderation.API)));
            }
        }
    }

    private static String required(Request r, String name) {
        String v = r.q(name);
        if (v == null || v.isEmpty()) throw new Stop(400, "missing ?" + name + "=");
        return v;
    }

    private static Optional<Double> hours(String v) {
        if (v == null) return Optional.empty();
        try {
            return Optional.of(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            throw new Stop(400, "hours must be a number, got '" + v + "'");
        }
    }
}
