package org.bayard.http;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The quarantine as one account sees it: the held items inside its {@link Scope}. An item
 * outside is answered exactly as one that does not exist, so a list moderator can neither read
 * nor decide another list's mail, nor learn that it is there. Every quarantine path of the
 * service (listing, export, view, raw, decisions, the held count) goes through here; for an
 * account without a scope it asks the backend exactly as before scopes existed.
 */
final class VisibleQueue {
    private final Backend backend;
    private final Scope scope;

    VisibleQueue(Backend backend, Scope scope) {
        this.backend = backend;
        this.scope = scope;
    }

    /** The held items inside the scope, in the backend's order. */
    List<Backend.Held> held() throws IOException {
        List<Backend.Held> all = backend.held();
        return scope.everything() ? all : all.stream().filter(h -> scope.covers(h.rcpt())).toList();
    }

    /** Whether the item is held and inside the scope. */
    boolean contains(String id) throws IOException {
        if (scope.everything()) return backend.holds(id);
        return backend.held(id).filter(h -> scope.covers(h.rcpt())).isPresent();
    }

    Optional<Backend.HeldView> view(String id) throws IOException {
        return scope.everything() || contains(id) ? backend.view(id) : Optional.empty();
    }

    Optional<java.io.InputStream> openRaw(String id) throws IOException {
        return scope.everything() || contains(id) ? backend.openRaw(id) : Optional.empty();
    }
}
