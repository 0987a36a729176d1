package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.ConfigException;
import org.bayard.app.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class ConfigFileTest {

    @Test
    void theDocumentedFileStatesExactlyTheDefaults() {
        BayardConfig documented = ConfigLoader.load(Path.of("../config/bayard.yaml"));
        assertThat(documented).isEqualTo(BayardConfig.DEFAULTS);
    }

    @Test
    void aTypoIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("classifier:\n  spam-cutof: 0.8\n", "t.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("classifier.spam-cutof");
    }

    @Test
    void aWrongTypeIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("classifier:\n  ham-cutoff: low\n", "t.yaml"))
                .hasMessageContaining("classifier.ham-cutoff must be a number");
    }

    @Test
    void inconsistentCutoffsAreRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("classifier:\n  ham-cutoff: 0.95\n", "t.yaml"))
                .hasMessageContaining("cutoffs");
    }

    @Test
    void anEmptyFileMeansDefaults() {
        assertThat(ConfigLoader.parse("", "t.yaml")).isEqualTo(BayardConfig.DEFAULTS);
    }
}
