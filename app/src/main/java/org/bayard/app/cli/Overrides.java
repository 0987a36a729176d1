package org.bayard.app.cli;

import java.nio.file.Path;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.GateConfig;

/**
 * Command-line options that override the smtp: and http: sections. They are applied to every
 * load of the file, at start and at each reload, so that a reload compares like with like: the
 * file's {@code listen} under a {@code --listen} is not in use, and editing it needs no restart.
 */
final class Overrides {
    private Overrides() {}

    static BayardConfig apply(BayardConfig c, String nextHop, Path quarantine) {
        return apply(c, null, nextHop, quarantine, null);
    }

    /** Each option may be null: the file's value (or its default) stays. */
    static BayardConfig apply(BayardConfig c, String listen, String nextHop, Path quarantine, String http) {
        GateConfig g = c.smtp();
        if (listen != null) OptionRange.hostPort("--listen", listen);
        if (nextHop != null) OptionRange.hostPort("--next-hop", nextHop);
        if (http != null) OptionRange.hostPort("--http", http);
        g = g.withCommandLine(listen != null ? listen : g.listen(), nextHop != null ? nextHop : g.nextHop(),
                quarantine != null ? java.util.Optional.of(quarantine.toString()) : g.quarantine());
        return new BayardConfig(c.db(), c.classifier(), c.limits(), c.autolearn(), c.policy(), g,
                http == null ? c.http() : c.http().map(h -> h.withListen(http)), c.store(), c.spamd(), c.milter(), c.redis(), c.nntp());
    }
}
