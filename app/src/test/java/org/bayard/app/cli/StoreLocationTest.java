package org.bayard.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.bayard.app.AppContext;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/** Where the store is: --db, else $BAYARD_DB, else the configuration's db, else the per-user default of the XDG base directories. */
class StoreLocationTest {
    private static final Path HOME_DEFAULT = Path.of(System.getProperty("user.home"), ".local", "share", "bayard");

    private static Path chosen(Map<String, String> env, BayardConfig cfg) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        AppContext ctx = new AppContext(new ByteArrayInputStream(new byte[0]), sink, sink, env, Clock.systemUTC(), false);
        return new CommonOptions().dbPath(ctx, cfg);
    }

    @Test
    void theEnvironmentThenTheConfigurationThenTheUsersDataDirectory() {
        BayardConfig withDb = ConfigLoader.parse("db: /srv/bayard\n", "t.yaml");
        assertThat(chosen(Map.of("BAYARD_DB", "/var/lib/bayard"), withDb)).isEqualTo(Path.of("/var/lib/bayard"));
        assertThat(chosen(Map.of("XDG_DATA_HOME", "/data"), withDb)).isEqualTo(Path.of("/srv/bayard"));
        assertThat(chosen(Map.of("XDG_DATA_HOME", "/data"), BayardConfig.DEFAULTS)).isEqualTo(Path.of("/data/bayard"));
        assertThat(chosen(Map.of(), BayardConfig.DEFAULTS)).isEqualTo(HOME_DEFAULT);
    }

    /**
     * The XDG base directory specification has a relative XDG_DATA_HOME ignored, as invalid: it
     * was taken, and the store went under whatever directory the command ran in (/ under
     * systemd), so a learn and a serve started from different places used different stores.
     */
    @Test
    void aRelativeXdgDataHomeIsIgnoredAsTheSpecificationSays() {
        assertThat(chosen(Map.of("XDG_DATA_HOME", "data"), BayardConfig.DEFAULTS)).isEqualTo(HOME_DEFAULT);
        assertThat(chosen(Map.of("XDG_DATA_HOME", "./.local/share"), BayardConfig.DEFAULTS)).isEqualTo(HOME_DEFAULT);
    }
}
