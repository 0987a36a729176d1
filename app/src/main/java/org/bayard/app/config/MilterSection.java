package org.bayard.app.config;

import java.util.Optional;

/** The {@code milter:} section: the milter door runs only when it is there (an empty {@code milter:} takes every default). */
final class MilterSection {
    private MilterSection() {}

    static Optional<MilterConfig> read(ConfigSection top) {
        if (!top.node().has("milter")) return Optional.empty();
        ConfigSection s = top.section("milter");
        s.allow();
        return Optional.of(new MilterConfig(s.doorAddress("listen", MilterConfig.DEFAULT_LISTEN),
                s.integer("max-connections", MilterConfig.DEFAULT_MAX_CONNECTIONS, 1, 100_000),
                s.socketMode("socket-mode", DoorAddress.DEFAULT_SOCKET_MODE)));
    }
}
