package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bayard.app.CliAccess;
import org.bayard.app.config.ConfigException;
import org.bayard.app.config.ConfigLoader;
import org.bayard.app.config.HttpConfig;
import org.bayard.http.Account;
import org.bayard.http.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-account moderation scopes: list moderators see and decide only their own lists' held mail. */
class ScopedModerationTest {
    @TempDir Path tmp;

    static String hash() {
        return DeskHarness.accounts().get(0).passwordHash();
    }

    static String users(String scopeLines) {
        return "http:\n  users:\n    - name: root\n      role: admin\n      password-hash: \"" + hash() + "\"\n"
                + "    - name: announce-mods\n      role: admin\n      password-hash: \"" + hash() + "\"\n" + scopeLines;
    }

    // ---------------------------------------------------------------- configuration

    @Test
    void aScopeIsReadFromTheConfigurationAndNoScopeMeansEverything() {
        HttpConfig h = ConfigLoader.parse(users("      scope: [announce@lists.example.org, \"@Dev.Example.net\", .hosted.example.com]\n"), "t")
                .http().orElseThrow();
        Account root = h.users().get(0), mods = h.users().get(1);
        assertThat(root.scope()).isEqualTo(Scope.ALL);
        assertThat(mods.scope().entries()).containsExactly("announce@lists.example.org", "dev.example.net", ".hosted.example.com");
        assertThat(mods.scope().covers(List.of("announce@lists.example.org", "x@dev.example.net"))).isTrue();
        assertThat(mods.scope().covers(List.of("announce@lists.example.org", "x@example.org"))).isFalse();
    }

    @Test
    void badScopesAreConfigErrorsNamingTheUserAndTheEntry() {
        Map<String, String> bad = Map.of(
                "      scope: []\n", "http.users[1] (announce-mods): scope is empty",
                "      scope:\n", "http.users[1] (announce-mods): scope is empty",
                "      scope: lists.example.org\n", "http.users[1].scope must be a list, e.g. scope: [\"lists.example.org\"]",
                "      scope: [announce]\n", "http.users[1] (announce-mods): scope entry 'announce': neither an address",
                "      scope: [lists.example.org, \"*.example.org\"]\n", "scope entry '*.example.org': wildcards are written with a leading dot",
                "      scope: [\"list@\"]\n", "scope entry 'list@'",
                "      scope: [1]\n", "http.users[1].scope must be a list of strings",
                "      scopes: [lists.example.org]\n", "unknown key(s) [http.users[1].scopes]");
        bad.forEach((yaml, why) -> assertThatThrownBy(() -> ConfigLoader.parse(users(yaml), "t.yaml")).as(yaml)
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("t.yaml: ").hasMessageContaining(why));
    }

    @Test
    void configCheckReportsABadScope() throws Exception {
        Path cfg = tmp.resolve("bayard.yaml");
        Path db = tmp.resolve("db");
        Files.writeString(cfg, users("      scope: [announce]\n"));
        assertThat(CliAccess.run(db, "config", "check", cfg.toString())).isNotZero();
        assertThat(CliAccess.err(db, "config", "check", cfg.toString()))
                .contains("http.users[1] (announce-mods): scope entry 'announce': neither an address (announce@lists.example.org) nor a domain");
        Files.writeString(cfg, users("      scope: [announce@lists.example.org]\n"));
        assertThat(CliAccess.run(db, "config", "check", cfg.toString())).isZero();
    }
}
