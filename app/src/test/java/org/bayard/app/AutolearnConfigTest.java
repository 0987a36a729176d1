package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bayard.app.config.ConfigException;
import org.bayard.app.config.ConfigLoader;
import org.bayard.core.train.AutolearnParams;
import org.junit.jupiter.api.Test;

class AutolearnConfigTest {

    @Test
    void autolearnIsOffUnlessTheFileTurnsItOn() {
        assertThat(ConfigLoader.parse("classifier:\n  ham-cutoff: 0.2\n", "t.yaml").autolearn()).isEqualTo(AutolearnParams.DEFAULTS);
        assertThat(ConfigLoader.parse("autolearn:\n  enabled: true\n  spam-min-points: 12\n  ham-max-probability: 0.001\n",
                "t.yaml").autolearn()).isEqualTo(new AutolearnParams(true, 12, 0.001));
    }

    @Test
    void aMistypedAutolearnValueIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("autolearn:\n  enabled: yes please\n", "t.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("autolearn.enabled must be true or false");
        assertThatThrownBy(() -> ConfigLoader.parse("autolearn:\n  spam-min-point: 3\n", "t.yaml"))
                .hasMessageContaining("autolearn.spam-min-point");
        assertThatThrownBy(() -> ConfigLoader.parse("autolearn:\n  spam-min-points: 0\n", "t.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("spam-min-points must be a number > 0");
    }
}
