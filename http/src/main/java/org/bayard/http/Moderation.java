package org.bayard.http;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a moderator may see and decide: the principal's share of the queue, one decision on one
 * held message, and which items an earlier, cut-off release may have delivered. The JSON API and
 * the moderation page both decide through here, so that they refuse with the same statuses and words.
 */
final class Moderation {
    /** How a release names the door a decision came through, in the released message's X-Bayard-Released field. */
    static final String PAGE = "the moderation page";
    static final String API = "the HTTP API";
    /** The decisions on a held message, as the API and the page name them. */
    static final List<String> ACTIONS = List.of("release", "learn-ham", "discard", "learn-spam");
    static final String UNKNOWN_ACTION = "unknown action; one of " + String.join(", ", ACTIONS);

    private final Backend backend;
    private final Metrics metrics;

    Moderation(Backend backend, Metrics metrics) {
        this.backend = backend;
        this.metrics = metrics;
    }

    /** The held mail this principal may see and decide. */
    VisibleQueue queue(Principal who) {
        return new VisibleQueue(backend, who.scope());
    }

    /**
     * Of {@code items}, those an earlier, cut-off release may have delivered, with who released them
     * and when ({@link Backend#releaseInDoubt}); one page's worth, each a look for its note.
     */
    Map<String, String> inDoubt(List<Backend.Held> items) {
        Map<String, String> found = new HashMap<>();
        for (Backend.Held m : items) backend.releaseInDoubt(m.id()).ifPresent(note -> found.put(m.id(), note));
        return found;
    }

    /**
     * Whether a decision is forced ({@code force=1}): a release or learn-ham of an item an earlier,
     * cut-off release may have delivered, which is otherwise refused. It means that only, so that
     * a moderator does not take it for an override of anything else.
     */
    static boolean forced(String force, String verb) {
        if (force == null) return false;
        if (!force.equals("1")) throw new Stop(400, "force is 1 or left out, not '" + force + "'; nothing was done");
        if (!verb.equals("release") && !verb.equals("learn-ham")) {
            throw new Stop(400, "force is for release and learn-ham only; nothing was done");
        }
        return true;
    }

    /**
     * Runs one moderator decision; 404 for an unknown id or one outside the scope, 409 when another
     * decision has the item, 502 when the next hop refuses a release or an earlier release may
     * have delivered the item ({@code force} delivers it regardless). {@code via} is {@link #PAGE}
     * or {@link #API}: a release made by a script is not written down as a person's click.
     */
    String decide(Principal who, String id, String verb, boolean force, String via) throws IOException {
        if (!queue(who).contains(id)) {
            // said to those who see the whole queue: a scoped moderator learns nothing of others' items
            Optional<String> released = who.scope().everything() ? backend.releasedAlready(id) : Optional.empty();
            if (released.isPresent()) throw new Stop(409, released.get() + "; nothing was done");
            throw new Stop(404, "no such held message");
        }
        try {
            String result = switch (verb) {
                case "release" -> backend.release(id, false, who.user(), via, force);
                case "learn-ham" -> backend.release(id, true, who.user(), via, force);
                case "discard" -> backend.discard(id, false);
                case "learn-spam" -> backend.discard(id, true);
                default -> throw new Stop(404, UNKNOWN_ACTION);
            };
            if (verb.equals("learn-ham")) metrics.learned("ham", "moderator");
            if (verb.equals("learn-spam")) metrics.learned("spam", "moderator");
            return result;
        } catch (Backend.Taken e) {
            throw new Stop(409, "another decision on this message came first; nothing was done or learned");
        } catch (Backend.InDoubt e) {
            throw new Stop(502, "not done, the message stays held: " + e.getMessage() + "; here: POST /api/quarantine/" + id + "/"
                    + verb + "?force=1, or the message's page's button that releases it anyway");
        } catch (IOException e) {
            throw new Stop(502, "not done, the message stays held: " + e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            // the store could not learn it (a full disk, say): ours to fix, not the next hop's, and not a bug
            throw new Stop(503, "not done, the message stays held: " + e.getMessage());
        }
    }
}
