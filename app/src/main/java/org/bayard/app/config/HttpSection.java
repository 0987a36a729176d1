package org.bayard.app.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The {@code http:} section: the moderation service runs only when it is there, and then only
 * with at least one user, since there is no default password.
 */
final class HttpSection {
    private HttpSection() {}

    /** The service's settings, or empty when the file has no http section. */
    static Optional<HttpConfig> read(ConfigSection top) {
        ConfigSection hs = top.section("http");
        if (hs.node() == null) return Optional.empty();
        hs.allow();
        String origin = hs.origin();
        JsonNode users = hs.node().get("users");
        if (users == null || !users.isArray() || users.isEmpty()) {
            throw new ConfigException(origin + ": http.users must list at least one user (there is no default password)");
        }
        List<org.bayard.http.Account> accounts = new ArrayList<>();
        int i = 0;
        for (JsonNode u : users) {
            if (!u.isObject()) throw new ConfigException(origin + ": http.users[" + i + "] must be a mapping");
            ConfigSection us = new ConfigSection(origin, "http.users[" + i + "].", u);
            us.allow();
            String name = us.string("name").orElseThrow(() -> new ConfigException(origin + ": http.users needs a name for every user"));
            String hash = us.string("password-hash").orElse("");
            if (u.has("scope") && u.get("scope").isString()) {
                throw new ConfigException(origin + ": http.users[" + i + "].scope must be a list, e.g. scope: [\"" + u.get("scope").stringValue() + "\"]");
            }
            try {
                // present but null (every entry commented out) is an empty scope, never "everything"
                org.bayard.http.Scope scope = u.has("scope") ? org.bayard.http.Scope.of(us.strings("scope", List.of()))
                        : org.bayard.http.Scope.ALL;
                accounts.add(new org.bayard.http.Account(name, org.bayard.http.Role.parse(us.string("role").orElse("read-only")), hash, scope));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(origin + ": http.users[" + i + "] (" + name + "): " + e.getMessage());
            }
            i++;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (org.bayard.http.Account a : accounts) {
            if (!names.add(a.name())) throw new ConfigException(origin + ": http.users: two users are named " + a.name());
        }
        HttpConfig h = new HttpConfig(hs.listenAddress("listen", HttpConfig.DEFAULT_LISTEN), accounts,
                hs.integer("max-body-bytes", HttpConfig.DEFAULT_MAX_BODY_BYTES, 1),
                hs.integer("max-concurrent", HttpConfig.DEFAULT_MAX_CONCURRENT, 1),
                proxies(hs), hs.path("history-file").orElse(""),
                hs.integer("body-stall-seconds", HttpConfig.DEFAULT_BODY_STALL_SECONDS, 1),
                hs.path("tls-cert-file"), hs.path("tls-key-file"));
        if (h.bodyStallSeconds() > HttpConfig.MAX_BODY_STALL_SECONDS) { // the request's own time limit ends it long before
            throw new ConfigException(origin + ": http.body-stall-seconds must be at most " + HttpConfig.MAX_BODY_STALL_SECONDS
                    + ", got " + h.bodyStallSeconds());
        }
        return Optional.of(h);
    }

    /**
     * The proxies' addresses in the form the service compares with a connection's: as written,
     * an IPv6 proxy ("::1") never matched the long form Java gives ("0:0:0:0:0:0:0:1"), and a
     * network or a host name matched nothing; either way the headers were ignored without a word.
     */
    private static List<String> proxies(ConfigSection hs) {
        List<String> out = new ArrayList<>();
        for (String p : hs.strings("trusted-proxies", List.of())) {
            try {
                out.add(org.bayard.app.gate.Blocklist.clientAddress(p));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(hs.origin() + ": http.trusted-proxies: " + e.getMessage() + " (list each proxy's own address)");
            }
        }
        return out;
    }
}
