package org.bayard.app.config;

import java.util.Optional;

/** The {@code spamd:} section: the spamd door runs only when it is there (an empty {@code spamd:} takes every default). */
final class SpamdSection {
    private SpamdSection() {}

    static Optional<SpamdConfig> read(ConfigSection top) {
        if (!top.node().has("spamd")) return Optional.empty();
        ConfigSection s = top.section("spamd");
        s.allow();
        return Optional.of(new SpamdConfig(s.doorAddress("listen", SpamdConfig.DEFAULT_LISTEN),
                s.integer("max-connections", SpamdConfig.DEFAULT_MAX_CONNECTIONS, 1, 10_000), s.bool("allow-tell", false),
                s.socketMode("socket-mode", DoorAddress.DEFAULT_SOCKET_MODE), s.path("tls-cert-file"), s.path("tls-key-file")));
    }
}
