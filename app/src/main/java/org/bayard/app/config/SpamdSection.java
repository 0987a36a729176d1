package org.bayard.app.config;

import java.util.Optional;

/** The {@code spamd:} section: the spamd door runs only when it is there (an empty {@code spamd:} takes every default). */
final class SpamdSection {
    private SpamdSection() {}

    static Optional<SpamdConfig> read(ConfigSection top) {
        if (!top.node().has("spamd")) return Optional.empty();
        ConfigSection s = top.section("spamd");
        s.allow();
        SpamdConfig c = new SpamdConfig(s.string("listen").orElse(SpamdConfig.DEFAULT_LISTEN),
                s.integer("max-connections", SpamdConfig.DEFAULT_MAX_CONNECTIONS, 1, 10_000),
                s.bool("allow-tell", false));
        try {
            HostPort.parse(c.listen(), "spamd.listen");
        } catch (IllegalArgumentException | ConfigException e) {
            throw new ConfigException(s.origin() + ": " + e.getMessage());
        }
        return Optional.of(c);
    }
}
