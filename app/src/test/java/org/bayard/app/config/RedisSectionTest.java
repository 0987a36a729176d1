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
                  tls-cert-file: /etc/bayard/redis-client.pem
                  tls-key-file: /etc/bayard/redis-client.key
                """, "t").redis().orElseThrow();
        assertThat(r).isEqualTo(new RedisSettings("redis.example.org", 6380, Optional.of("s3cret"), 2, "lists", Duration.ofMillis(750),
                new RedisSettings.Tls(true, Optional.of("/etc/bayard/redis-ca.pem"), Optional.of("/etc/bayard/redis-client.pem"),
                        Optional.of("/etc/bayard/redis-client.key"))));
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
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  tls-cert-file: /etc/c.pem\n", "f.yaml"))
                .isInstanceOf(ConfigException.class).hasMessage("f.yaml: redis.tls-cert-file is for TLS, and tls is false: set tls to true");
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  tls: true\n  tls-key-file: /etc/c.key\n", "f.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("f.yaml: redis.tls-key-file is the key of tls-cert-file's certificate, and tls-cert-file is not set");
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  tls: yes\n", "f.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("redis.tls");
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  servers: \"127.0.0.1:6379\"\n", "f.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key(s) [redis.servers");
    }

    @Test
    void sentinelsNameTheMasterInsteadOfAnAddress() {
        RedisSettings r = ConfigLoader.parse("""
                redis:
                  sentinels: ["10.0.0.1:26379", "sentinel-b.example.org:26380", "[2001:db8::5]:26379"]
                  sentinel-master: lists
                  sentinel-password: "s p"
                  password: "master's"
                """, "t").redis().orElseThrow();
        assertThat(r.sentinels().master()).isEqualTo("lists");
        assertThat(r.sentinels().password()).contains("s p");
        assertThat(r.password()).contains("master's");
        assertThat(r.sentinels().list()).isEqualTo("10.0.0.1:26379, sentinel-b.example.org:26380, [2001:db8::5]:26379");
        assertThat(r.sentinels().addresses()).allMatch(java.net.InetSocketAddress::isUnresolved);
        assertThat(r.describe()).isEqualTo("redis master lists (sentinels 10.0.0.1:26379, sentinel-b.example.org:26380, [2001:db8::5]:26379)"
                + " prefix bayard");
        assertThat(ConfigLoader.parse("redis:\n  sentinels: []\n", "t").redis().orElseThrow().sentinels()).isEqualTo(RedisSettings.Sentinels.NONE);
    }

    @Test
    void sentinelMistakesAreNamedWithTheFileAndKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  sentinels: [\"10.0.0.1:26379\"]\n", "f.yaml"))
                .hasMessage("f.yaml: redis.sentinel-master is missing: the name the sentinels monitor the master under");
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  sentinel-master: lists\n", "f.yaml"))
                .hasMessage("f.yaml: redis.sentinel-master is set but no sentinels are named");
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  sentinel-password: x\n", "f.yaml"))
                .hasMessage("f.yaml: redis.sentinel-password is set but no sentinels are named");
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  address: \"10.0.0.9:6379\"\n  sentinels: [\"10.0.0.1:26379\"]\n"
                + "  sentinel-master: m\n", "f.yaml")).hasMessageStartingWith("f.yaml: redis.address and redis.sentinels both say where");
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  sentinels: [\"10.0.0.1\"]\n  sentinel-master: m\n", "f.yaml"))
                .hasMessageContaining("redis.sentinels must be host:port, got '10.0.0.1'");
        assertThatThrownBy(() -> ConfigLoader.parse("redis:\n  sentinels: \"10.0.0.1:26379\"\n  sentinel-master: m\n", "f.yaml"))
                .hasMessageContaining("redis.sentinels must be a list");
    }

    @Test
    void theDumpOfSentinelsReadsBackAsTheSameSettings() {
        BayardConfig c = ConfigLoader.parse("redis:\n  sentinels: [\"10.0.0.1:26379\", \"[::1]:26380\"]\n  sentinel-master: lists\n"
                + "  sentinel-password: pw\n  tls: true\n", "t");
        assertThat(ConfigLoader.parse(ConfigDump.yaml(c), "dump").redis()).isEqualTo(c.redis());
    }

    @Test
    void theDumpReadsBackAsTheSameSettings() {
        BayardConfig c = ConfigLoader.parse("redis:\n  address: \"10.0.0.5:6390\"\n  password: \"p w\"\n  prefix: x\n  tls: true\n"
                + "  tls-ca-file: /etc/ca.pem\n", "t");
        assertThat(ConfigLoader.parse(ConfigDump.yaml(c), "dump").redis()).isEqualTo(c.redis());
    }
}
