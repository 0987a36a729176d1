package org.bayard.app.cli;

import java.nio.file.Path;
import org.bayard.app.AppContext;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.ConfigLoader;
import picocli.CommandLine.Option;

/**
 * The configuration option alone, for the commands that never open the store (tokens, eval,
 * eval plot): they took --db as well, said "Store directory" in their help and ignored it.
 */
public class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file (default: $BAYARD_CONFIG if set).")
    Path config;

    public BayardConfig config(AppContext ctx) {
        Path file = file(ctx);
        return file == null ? BayardConfig.DEFAULTS : ConfigLoader.load(file);
    }

    /** The file's bytes and the configuration they give, as {@link #config} reads them; null when there is no file. */
    public ConfigLoader.Read read(AppContext ctx) {
        Path file = file(ctx);
        return file == null ? null : ConfigLoader.read(file);
    }

    /** The configuration file: --config, else $BAYARD_CONFIG; null for none (the defaults). */
    public Path file(AppContext ctx) {
        if (config != null) return config;
        String env = ctx.env().get("BAYARD_CONFIG");
        return env != null && !env.isBlank() ? Path.of(env) : null;
    }
}
