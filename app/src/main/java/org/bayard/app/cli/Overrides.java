package org.bayard.app.cli;

import java.nio.file.Path;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.GateConfig;
import org.bayard.app.config.HostPort;

/** Command-line options that override the smtp: section. */
final class Overrides {
    private Overrides() {}

    static BayardConfig apply(BayardConfig c, String nextHop, Path quarantine) {
        GateConfig g = c.smtp();
        if (nextHop != null) HostPort.parse(nextHop, "--next-hop");
        g = g.withNextHopAndQuarantine(nextHop != null ? nextHop : g.nextHop(),
                quarantine != null ? java.util.Optional.of(quarantine.toString()) : g.quarantine());
        return new BayardConfig(c.db(), c.classifier(), c.limits(), c.autolearn(), c.policy(), g, c.http());
    }
}
