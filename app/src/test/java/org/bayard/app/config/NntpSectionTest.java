package org.bayard.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NntpSectionTest {
    private static final String GROUPS = "  groups:\n    comp.lang.java: java-list@lists.example.org\n";

    @Test
    void noSectionIsNoGatewayAndEveryKeyIsRead() {
        assertThat(ConfigLoader.parse("db: /var/lib/bayard\n", "t").nntp()).isEmpty();
        NntpConfig n = ConfigLoader.parse("""
                nntp:
                  server: "news.example.org:563"
                  tls: implicit
                  tls-ca-file: /etc/bayard/news-ca.pem
                  user: gateway
                  password: "s3cret"
                  submit-to: "127.0.0.1:2525"
                  sender: news@lists.example.org
                  interval-seconds: 60
                  timeout-seconds: 20
                  groups:
                    comp.lang.java: java-list@lists.example.org
                    alt.test: Test-List@Lists.Example.org
                """, "t").nntp().orElseThrow();
        assertThat(n).isEqualTo(new NntpConfig("news.example.org:563", NntpConfig.TLS_IMPLICIT, Optional.of("/etc/bayard/news-ca.pem"),
                Optional.of("gateway"), Optional.of("s3cret"),
                Optional.of("127.0.0.1:2525"), Optional.of("news@lists.example.org"), 60, 20,
                Map.of("comp.lang.java", "java-list@lists.example.org", "alt.test", "Test-List@Lists.Example.org")));
        assertThat(List.copyOf(n.groups().keySet())).as("in the file's order").containsExactly("comp.lang.java", "alt.test");
        assertThat(n.submitAddress(GateConfig.DEFAULTS)).isEqualTo("127.0.0.1:2525");
        NntpConfig plain = ConfigLoader.parse("nntp:\n" + GROUPS, "t").nntp().orElseThrow();
        assertThat(plain.server()).isEqualTo(NntpConfig.DEFAULT_SERVER);
        assertThat(plain.tls()).isEqualTo(NntpConfig.TLS_NONE);
        assertThat(plain.submitAddress(GateConfig.DEFAULTS)).as("the gate itself").isEqualTo(GateConfig.DEFAULTS.listen());
    }

    @Test
    void mistakesAreNamedWithTheFileAndKey() {
        assertMistake("nntp:\n", "f.yaml: nntp.groups is missing: name each newsgroup and the list its articles go to");
        assertMistake("nntp:\n  groups: {}\n", "f.yaml: nntp.groups names no newsgroup");
        assertMistake("nntp:\n  groups: [comp.lang.java]\n", "f.yaml: nntp.groups must be a mapping of newsgroup to list address");
        assertMistake("nntp:\n  groups:\n    ../../etc: list@example.org\n", "f.yaml: nntp.groups: '../../etc' is not a newsgroup's name");
        assertMistake("nntp:\n  groups:\n    comp.lang.java: not an address\n", "f.yaml: nntp.groups.comp.lang.java: 'not an address' is not an email address");
        assertMistake("nntp:\n  server: news.example.org\n" + GROUPS, "f.yaml: nntp.server must be host:port, got 'news.example.org'");
        assertMistake("nntp:\n  server: \"news.example.org:0\"\n" + GROUPS, "f.yaml: nntp.server needs the news server's port");
        assertMistake("nntp:\n  user: gateway\n" + GROUPS, "f.yaml: nntp.user and nntp.password go together (AUTHINFO sends both); there is no password");
        assertMistake("nntp:\n  password: x\n" + GROUPS, "f.yaml: nntp.user and nntp.password go together (AUTHINFO sends both); there is no user");
        assertMistake("nntp:\n  user: gate way\n  password: x\n" + GROUPS, "f.yaml: nntp.user and nntp.password must be printable ASCII");
        assertMistake("nntp:\n  sender: nobody\n" + GROUPS, "f.yaml: nntp.sender: 'nobody' is not an email address");
        assertMistake("nntp:\n  submit-to: gate\n" + GROUPS, "f.yaml: nntp.submit-to must be host:port");
        assertMistake("nntp:\n  interval-seconds: 0\n" + GROUPS, "nntp.interval-seconds");
        assertMistake("nntp:\n  tls: yes\n" + GROUPS, "f.yaml: nntp.tls must be none, starttls (after MODE READER, on the server's port) or implicit");
        assertMistake("nntp:\n  tls-ca-file: /etc/ca.pem\n" + GROUPS, "f.yaml: nntp.tls-ca-file is for TLS, and nntp.tls is none");
        assertMistake("nntp:\n  groupz:\n    a.b: l@example.org\n", "unknown key(s) [nntp.groupz");
    }

    private static void assertMistake(String yaml, String message) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "f.yaml")).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void theDumpReadsBackAsTheSameSettings() {
        BayardConfig c = ConfigLoader.parse("nntp:\n  server: \"10.0.0.5:119\"\n  tls: starttls\n  tls-ca-file: /etc/ca.pem\n  user: u\n  password: \"p\"\n  sender: a@example.org\n"
                + "  groups:\n    comp.lang.java: java-list@lists.example.org\n    alt.test: t@example.org\n", "t");
        assertThat(ConfigLoader.parse(ConfigDump.yaml(c), "dump").nntp()).isEqualTo(c.nntp());
    }
}
