package org.bayard.app.cli;

import java.nio.file.Path;
import org.bayard.app.AppContext;
import org.bayard.app.config.BayardConfig;
import picocli.CommandLine.Option;

/** The options every store-using command shares: where the store and the configuration are. */
public final class CommonOptions extends ConfigOption {
    @Option(names = "--db", paramLabel = "DIR", description = "Store directory (default: $BAYARD_DB, else the configuration's db, else $XDG_DATA_HOME/bayard, else ~/.local/share/bayard).")
    Path db;

    /** --db, else $BAYARD_DB, else the configuration's {@code db}, else a per-user default. */
    public Path dbPath(AppContext ctx, BayardConfig cfg) {
        if (db != null) return db;
        String env = ctx.env().get("BAYARD_DB");
        if (env != null && !env.isBlank()) return Path.of(env);
        if (cfg.db().isPresent()) return Path.of(cfg.db().get());
        // the XDG base directory specification: unset, empty or relative (invalid, so ignored), it is ~/.local/share;
        // taken as relative it put the store under whatever directory the command was run in
        String xdg = ctx.env().get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("bayard");
    }
}
