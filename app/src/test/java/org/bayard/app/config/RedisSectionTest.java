package org.bayard.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.bayard.store.redis.RedisSettings;
import org.junit.jupiter.api.Test;

class RedisSectionTest {

    @Test
    void noSectionIsTheEmbeddedStoreAndEveryKeyIsRead() {
        assertThat(ConfigLoader.parse("db: /var/lib/bayard\n", "t").redis()).isEmpty();
        RedisSettings r = ConfigLoader.parse("""
                redis:
                  address: "redis.example.org:6380"
                  password: "s3cret"
                  database: 2
                  prefix: "lists"
                  timeout-ms: 750
                  tls: true
                  tls-ca-file: /etc/bayard/redis-ca.pem
                """, "t").redis().orElseThrow();
        assertThat(r).isEqualTo(new RedisSettings("redis.example.org", 6380, Optional.of("s3cret"), 2, "lists", Duration.ofMillis(750),
                new RedisSettings.Tls(true, Optional.of("/etc/bayard/redis-ca.pem"))));
        assertThat(ConfigLoader.parse("redis:\n", "t").redis().orElseThrow().tls()).isEqualTo(RedisSettings.Tls.OFF);
        assertThat(ConfigLoader.parse("redis:\n  address: \"[::1]:6379\"\n", "t").redis().orElseThrow().host()).isIn("::1", "0:0:0:0:0:0:0:1");
    }

    @Test
    void mistakesAreNamedWithTheFileAndKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  address: localhost\n", "f.yaml"))
                .isInstanceOf(ConfigException.class).hasMessage("f.yaml: redis.address must be host:port, got 'localhost'");
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  address: \"127.0.0.1:0\"\n", "f.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("redis.address needs the server's port");
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  prefix: \"a b\"\n", "f.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("f.yaml: redis.prefix must be a non-empty word");
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  database: -1\n", "f.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("redis.database");
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  timeout-ms: 0\n", "f.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("redis.timeout-ms");
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  tls-ca-file: /etc/ca.pem\n", "f.yaml"))
                .isInstanceOf(ConfigException.class).hasMessage("f.yaml: redis.tls-ca-file is for TLS, and tls is false: set tls to true");
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  tls: yes\n", "f.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("redis.tls");
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  servers: \"127.0.0.1:6379\"\n", "f.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key(s) [redis.servers");
    }

    @Test
    void theDumpReadsBackAsTheSameSettings() {
        BayardConfig c = ConfigLoader.parse("redis:\n  address: \"10.0.0.5:6390\"\n  password: \"p w\"\n  prefix: x\n  tls: true\n"
                + "  tls-ca-file: /etc/ca.pem\n", "t");
        assertThat(ConfigLoader.parse(ConfigDump.yaml(c), "dump").redis()).isEqualTo(c.redis());
    }
}
