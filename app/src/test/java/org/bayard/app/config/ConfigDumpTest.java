package org.bayard.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bayard.http.Passwords;
import org.bayard.store.redis.RedisSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code bayard config defaults} and {@code show} print {@link ConfigDump}'s YAML: it must name
 * every key the loader takes, and load back to the configuration it was written from.
 */
class ConfigDumpTest {
    private static final String HASH = Passwords.hash("a long passphrase".toCharArray(), 10_000);

    @Test
    void theDefaultsLoadBackToExactlyTheDefaults() {
        assertThat(ConfigLoader.parse(ConfigDump.yaml(BayardConfig.DEFAULTS), "defaults")).isEqualTo(BayardConfig.DEFAULTS);
    }

    /** A key added to the loader and forgotten here would be missing from the listing of the defaults. */
    @Test
    void theDefaultsNameEveryKeyTheLoaderTakesTheHttpSpamdMilterRedisAndNntpSectionsCommentedOut() {
        String dump = ConfigDump.yaml(BayardConfig.DEFAULTS);
        JsonNode live = new YAMLMapper().readTree(dump);
        assertThat(live.has("http")).as("no http section unless configured").isFalse();
        assertThat(live.has("spamd")).as("no spamd section unless configured").isFalse();
        String http = dump.substring(dump.indexOf("\n# http:\n") + 1).replaceAll("(?m)^# ", "");
        JsonNode commented = new YAMLMapper().readTree(http);
        String spamd = dump.substring(dump.indexOf("\n# spamd:\n") + 1, dump.indexOf("\n# milter: not configured") + 1).replaceAll("(?m)^# ", "");
        JsonNode commentedSpamd = new YAMLMapper().readTree(spamd);
        String milter = dump.substring(dump.indexOf("\n# milter:\n") + 1, dump.indexOf("\n# redis: not configured") + 1).replaceAll("(?m)^# ", "");
        JsonNode commentedMilter = new YAMLMapper().readTree(milter);
        String redis = dump.substring(dump.indexOf("\n# redis:\n") + 1, dump.indexOf("\n# nntp: not configured") + 1).replaceAll("(?m)^# ", "");
        JsonNode commentedRedis = new YAMLMapper().readTree(redis);
        String nntp = dump.substring(dump.indexOf("\n# nntp:\n") + 1, dump.indexOf("\n# http: not configured") + 1).replaceAll("(?m)^# ", "");
        JsonNode commentedNntp = new YAMLMapper().readTree(nntp);

        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<String>> section : ConfigLoader.knownKeys().sections().entrySet()) {
            for (String key : section.getValue()) {
                String path = section.getKey() + key;
                JsonNode tree = path.startsWith("http") ? commented : path.startsWith("spamd") ? commentedSpamd
                        : path.startsWith("milter") ? commentedMilter : path.startsWith("redis") ? commentedRedis
                        : path.startsWith("nntp") ? commentedNntp : live;
                if (!has(tree, section.getKey(), key)) missing.add(path);
            }
        }
        assertThat(missing).isEmpty();
        // the commented section is a working one once its example user has a real hash
        HttpConfig h = ConfigLoader.parse(http.replace("HASH", HASH), "t").http().orElseThrow();
        assertThat(h.listen()).isEqualTo(HttpConfig.DEFAULT_LISTEN);
        assertThat(h.maxBodyBytes()).isEqualTo(HttpConfig.DEFAULT_MAX_BODY_BYTES);
        assertThat(h.maxConcurrent()).isEqualTo(HttpConfig.DEFAULT_MAX_CONCURRENT);
        assertThat(h.historyFile()).isEmpty();
        assertThat(ConfigLoader.parse(spamd, "t").spamd()).contains(SpamdConfig.DEFAULTS);
        // an empty section is the door with its defaults, not no door
        assertThat(ConfigLoader.parse("spamd:\n", "t").spamd()).contains(SpamdConfig.DEFAULTS);
        assertThat(ConfigLoader.parse(milter, "t").milter()).contains(MilterConfig.DEFAULTS);
        assertThat(ConfigLoader.parse("milter:\n", "t").milter()).contains(MilterConfig.DEFAULTS);
        assertThat(ConfigLoader.parse(redis, "t").redis()).contains(RedisSettings.local(6379));
        assertThat(ConfigLoader.parse("redis:\n", "t").redis()).contains(RedisSettings.local(6379));
        // the gateway's example: the defaults with one group, which a gateway needs
        assertThat(ConfigLoader.parse(nntp, "t").nntp()).contains(NntpConfig.EXAMPLE);
    }

    /** Whether {@code key} is in the mapping at {@code section} ("policy.points.", "http.users[]." for any user). */
    private static boolean has(JsonNode root, String section, String key) {
        JsonNode node = root;
        for (String step : section.split("\\.")) {
            if (step.isEmpty()) continue;
            boolean item = step.endsWith("[]");
            node = node.get(item ? step.substring(0, step.length() - 2) : step);
            if (node != null && item) node = node.get(0);
            if (node == null) return false;
        }
        return node.has(key);
    }

    /** Every value away from its default, with text YAML would read as something else. */
    @Test
    void aConfigurationWithEveryKindOfValueLoadsBackUnchanged() {
        String yaml = """
                db: "/var/lib/bayard # not a comment"
                classifier: {unknown-word-strength: 0.000001, ham-cutoff: 0.123456789012345, spam-cutoff: 0.95}
                limits: {max-scan-bytes: 1000000, max-tokens: 7}
                autolearn: {enabled: true, spam-min-points: 1e300, ham-max-probability: 0.05}
                policy:
                  reject-score: 1.0e300
                  hold-score: -1.5e-7
                  tag-score: -1e300
                  unsure-action: accept
                  points: {SUBJECT_8BIT: 0}
                  bayes-points: {BAYES_999: 123456789.25}
                  executable-extensions: [".EXE", ".zip"]
                smtp:
                  hostname: "null"
                  next-hop: "[::1]:25"
                  relay-networks: []
                  relay-domains: ["true", "yes", ".example.org"]
                  quarantine: "/q/with \\"quotes\\" and \\\\ and\\ttab"
                  bypass-file: "~"
                  spam-traps: ["<Trap@Example.org>"]
                  ham-traps: ["h\\u2028am@example.org"]
                  blocklist-hours: 0.5
                  harvest: true
                  harvest-dir: "/h: x"
                  harvest-flag-file: "/f"
                  unsure-delay-seconds: 300
                  scan-timeout-ms: 1
                  tls-cert-file: "/etc/ssl/mail: chain.pem"
                  tls-key-file: /etc/ssl/private/mail.pem
                http:
                  listen: "127.0.0.1:0"
                  users:
                    - {name: root, role: admin, password-hash: "%s"}
                    - {name: mods, password-hash: "%s", scope: [announce@lists.example.org, "@Dev.Example.net", .hosted.example.com]}
                  max-body-bytes: 1
                  max-concurrent: 2
                  trusted-proxies: ["10.0.0.1"]
                  history-file: "/h.tsv"
                  body-stall-seconds: 3
                spamd:
                  listen: "[::1]:7830"
                  max-connections: 3
                  allow-tell: true
                milter:
                  listen: "unix:/run/bayard/milter.sock"
                  max-connections: 4
                  socket-mode: "0666"
                """.formatted(HASH, HASH);
        BayardConfig config = ConfigLoader.parse(yaml, "t");
        String dump = ConfigDump.yaml(config);
        assertThat(ConfigLoader.parse(dump, "dump")).as(dump).isEqualTo(config);
        assertThat(config.spamd()).contains(new SpamdConfig("[::1]:7830", 3, true));
        assertThat(config.milter()).contains(new MilterConfig("unix:/run/bayard/milter.sock", 4, 0666));
        assertThat(dump).contains("reject-score: 1" + "0".repeat(300) + "\n", "tag-score: -1" + "0".repeat(300) + "\n", "hold-score: -0.00000015", "spam-min-points: 1" + "0".repeat(300),
                "role: read-only", "scope: [\"announce@lists.example.org\", \"dev.example.net\", \".hosted.example.com\"]",
                "ham-traps: [\"h\\u2028am@example.org\"]");
    }

    @Test
    void aPathWithAnExpandedHomeIsWrittenExpanded() {
        BayardConfig config = ConfigLoader.parse("smtp:\n  quarantine: ~/q\n", "t");
        assertThat(ConfigDump.yaml(config)).contains("quarantine: \"" + Path.of(System.getProperty("user.home"), "q") + "\"");
    }
}
