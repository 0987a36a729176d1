package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.ConfigException;
import org.bayard.app.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /** A quoted value got "must be true or false, got 'true'", which names nothing to change. */
    @Test
    void aQuotedBooleanOrNumberSaysToRemoveTheQuotes() {
        assertThatThrownBy(() -> ConfigLoader.parse("autolearn:\n  enabled: \"true\"\n", "t.yaml"))
                .hasMessage("t.yaml: autolearn.enabled must be true or false, got the quoted text \"true\" (remove the quotes)");
        assertThatThrownBy(() -> ConfigLoader.parse("classifier:\n  ham-cutoff: \"0.3\"\n", "t.yaml"))
                .hasMessage("t.yaml: classifier.ham-cutoff must be a number, got the quoted text \"0.3\" (remove the quotes)");
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  max-recipients: \"50\"\n", "t.yaml"))
                .hasMessage("t.yaml: smtp.max-recipients must be a whole number, got the quoted text \"50\" (remove the quotes)");
        assertThatThrownBy(() -> ConfigLoader.parse("autolearn:\n  enabled: yes\n", "t.yaml"))
                .hasMessage("t.yaml: autolearn.enabled must be true or false, got 'yes'");
    }

    /**
     * A file far larger than any configuration (a log or a mailbox named by mistake) was read and
     * parsed whole: 100 MB kept `config check` busy for minutes, and serve's watcher re-read it every second.
     */
    @Test
    void aFileFarLargerThanAnyConfigurationIsRefusedAtOnce(@TempDir Path tmp) throws IOException {
        Path big = tmp.resolve("big.yaml");
        try (var out = Files.newBufferedWriter(big)) {
            out.write("smtp:\n  hostname: x\n");
            String comment = "# " + "c".repeat(1022) + "\n";
            for (int i = 0; i < 64 * 1024; i++) out.write(comment); // 64 MiB
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> ConfigLoader.load(big)).isInstanceOf(ConfigException.class)
                .hasMessage("cannot read configuration " + big + ": larger than 1 MiB, which no configuration is; is it the right file?");
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    /** The classifier's own checks named a key without its section: "max-discriminators must be > 0: 0". */
    @Test
    void aClassifierValueOutOfRangeNamesItsSection() {
        assertThatThrownBy(() -> ConfigLoader.parse("classifier:\n  max-discriminators: 0\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml: classifier: max-discriminators must be");
        assertThatThrownBy(() -> ConfigLoader.parse("classifier:\n  spam-cutoff: 1.5\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml: classifier: cutoffs must satisfy");
    }

    /** 99999999999 got "must be a whole number", which it is: the problem is its size. */
    @Test
    void aWholeNumberTooLargeSaysSo() {
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  max-message-bytes: 99999999999\n", "t.yaml"))
                .hasMessage("t.yaml: smtp.max-message-bytes must be at most 2147483647, got 99999999999");
    }

    /** An unknown key that is a near miss of a known one, or a known key in the wrong section, says which. */
    @Test
    void anUnknownKeyNamesTheKeyItProbablyMeant() {
        assertThatThrownBy(() -> ConfigLoader.parse("classifier:\n  ham-cuttoff: 0.1\n", "t.yaml"))
                .hasMessageContaining("classifier.ham-cuttoff (did you mean classifier.ham-cutoff?)");
        assertThatThrownBy(() -> ConfigLoader.parse("classifer:\n  ham-cutoff: 0.1\n", "t.yaml"))
                .hasMessageContaining("classifer (did you mean classifier?)");
        assertThatThrownBy(() -> ConfigLoader.parse("ham-cutoff: 0.1\n", "t.yaml"))
                .hasMessageContaining("ham-cutoff (did you mean classifier.ham-cutoff?)");
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  reject-score: 8\n", "t.yaml"))
                .hasMessageContaining("smtp.reject-score (did you mean policy.reject-score?)");
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  colour: red\n", "t.yaml"))
                .hasMessageContaining("unknown key(s) [smtp.colour]; known here:");
    }

    /**
     * A list or a mapping where a number or true/false belongs ("ham-cutoff: [0.2]") ended in an
     * internal error and a stack trace, exit 70: the message that shows the wrong value asked the
     * parser for it as text, which a list has not.
     */
    @Test
    void aListOrMappingWhereAValueBelongsIsAnErrorNotACrash() {
        assertThatThrownBy(() -> ConfigLoader.parse("classifier:\n  ham-cutoff: [0.2]\n", "t.yaml"))
                .isInstanceOf(ConfigException.class).hasMessage("t.yaml: classifier.ham-cutoff must be a number, got a list");
        assertThatThrownBy(() -> ConfigLoader.parse("autolearn:\n  enabled: [true]\n", "t.yaml"))
                .isInstanceOf(ConfigException.class).hasMessage("t.yaml: autolearn.enabled must be true or false, got a list");
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  max-recipients:\n    a: 1\n", "t.yaml"))
                .isInstanceOf(ConfigException.class).hasMessage("t.yaml: smtp.max-recipients must be a whole number, got a mapping");
    }

    @Test
    void aWrongTypeIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("classifier:\n  ham-cutoff: low\n", "t.yaml"))
                .hasMessageContaining("classifier.ham-cutoff must be a number");
    }

    @Test
    void anSmtpHostnameThatWouldBreakTheGreetingIsRefused() {
        for (String bad : List.of("\"\"", "\"mx example\"", "\"mx.example\\r\\nRSET\"")) {
            assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  hostname: " + bad + "\n", "t.yaml"))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("t.yaml").hasMessageContaining("smtp.hostname must be");
        }
        assertThat(ConfigLoader.parse("smtp:\n  hostname: mx-1.example.org\n", "t.yaml").smtp().hostname()).isEqualTo("mx-1.example.org");
        assertThat(ConfigLoader.parse("smtp:\n  hostname: \"[192.0.2.1]\"\n", "t.yaml").smtp().hostname()).isEqualTo("[192.0.2.1]");
    }

    @Test
    void trapAddressesAreComparedWithoutBracketsSpacesOrCase() {
        var smtp = ConfigLoader.parse("smtp:\n  spam-traps: [\"<Trap@Example.test>\", \" bait@example.test \"]\n"
                + "  ham-traps: [\"< good@example.test >\"]\n", "t.yaml").smtp();
        assertThat(smtp.spamTraps()).containsExactly("trap@example.test", "bait@example.test");
        assertThat(smtp.hamTraps()).containsExactly("good@example.test");
    }

    /**
     * One network or trap written as a plain value, as SpamAssassin's trusted_networks and Postfix's
     * mynetworks take it, got "smtp.relay-networks must be a list", leaving the reader to find out
     * how YAML writes one. The message shows the value written as a list.
     */
    @Test
    void aSingleValueWhereAListIsExpectedIsShownAsAList() {
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  relay-networks: 192.0.2.0/24\n", "t.yaml"))
                .hasMessage("t.yaml: smtp.relay-networks must be a list, e.g. relay-networks: [\"192.0.2.0/24\"]");
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  spam-traps: trap@example.org, bait@example.org\n", "t.yaml"))
                .hasMessage("t.yaml: smtp.spam-traps must be a list, e.g. spam-traps: [\"trap@example.org\", \"bait@example.org\"]");
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  relay-domains:\n    example.org: yes\n", "t.yaml"))
                .hasMessage("t.yaml: smtp.relay-domains must be a list");
    }

    /**
     * Exim's domain lists write subdomains "*.example.org", and relay-domains took it as one
     * literal domain that no recipient has: config check said ok, and the gate then refused mail
     * for every subdomain as relaying. An entry that cannot be a domain is refused, with the form
     * that works; a wrong network names its key, which "bad prefix length in '10.0.0.0/33'" did not.
     */
    @Test
    void aRelayDomainThatCanBeNoDomainIsRefusedWithTheFormThatWorks() {
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  relay-domains: [\"*.example.org\"]\n", "t.yaml"))
                .hasMessage("t.yaml: smtp.relay-domains: '*.example.org' is not a domain; write .example.org for its subdomains"
                        + " (and example.org for the domain itself)");
        for (String bad : List.of("@example.org", "postmaster@example.org", "example .org", "example.org.", "")) {
            assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  relay-domains: [\"" + bad + "\"]\n", "t.yaml")).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("t.yaml: smtp.relay-domains: '" + bad + "' is not a domain");
        }
        assertThat(ConfigLoader.parse("smtp:\n  relay-domains: [example.org, .example.org, xn--bcher-kva.example, \"[192.0.2.1]\"]\n", "t.yaml")
                .smtp().relayDomains()).hasSize(4);
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  relay-networks: [\"10.0.0.0/33\"]\n", "t.yaml"))
                .hasMessage("t.yaml: smtp.relay-networks: bad prefix length in '10.0.0.0/33'");
    }

    @Test
    void anInfiniteUnknownWordStrengthIsRefused() {
        // every token's probability was inf/inf, NaN, and no message reached a cutoff
        assertThatThrownBy(() -> ConfigLoader.parse("classifier:\n  unknown-word-strength: .inf\n", "t.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("t.yaml").hasMessageContaining("unknown-word-strength");
    }

    /**
     * "quarantine" (what held mail is called) got "unknown action 'quarantine'; one of accept, tag,
     * hold, reject": no key named, and reject offered, which is then refused.
     */
    @Test
    void aWrongUnsureActionNamesTheKeyAndOnlyTheChoicesThatWork() {
        for (String bad : List.of("quarantine", "reject")) {
            assertThatThrownBy(() -> ConfigLoader.parse("policy:\n  unsure-action: " + bad + "\n", "t.yaml"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("t.yaml: policy.unsure-action must be hold, tag or accept, got '" + bad + "'");
        }
        assertThat(ConfigLoader.parse("policy:\n  unsure-action: Tag\n", "t.yaml").policy().unsureAction().label()).isEqualTo("tag");
    }

    @Test
    void inconsistentCutoffsAreRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("classifier:\n  ham-cutoff: 0.95\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml: classifier.ham-cutoff 0.95 is above classifier.spam-cutoff 0.9: ");
    }

    /**
     * Attachment names are compared in lower case, but the configured endings were taken as
     * written: ".EXE" in policy.executable-extensions never matched anything, and an empty entry
     * ("") matched every attachment, so every message with one was held, without a word.
     */
    @Test
    void executableExtensionsAreCaseInsensitiveAndAnEmptyOneIsRefused() {
        BayardConfig c = ConfigLoader.parse("policy:\n  executable-extensions: [\".EXE\", \" .Scr \"]\n", "t.yaml");
        byte[] message = ("From: a@example.org\nMessage-ID: <1@example.org>\nSubject: invoice\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee attached\n--b\n"
                + "Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"setup.exe\"\n\nMZ\n--b--\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        org.bayard.core.policy.Decision d = new org.bayard.core.policy.Policy(c.policy(), c.limits()).decide(message, java.util.Optional.empty());
        assertThat(d.symbolNames()).contains("EXECUTABLE_ATTACHMENT");
        assertThatThrownBy(() -> ConfigLoader.parse("policy:\n  executable-extensions: [\".exe\", \"\"]\n", "t.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("t.yaml: policy.executable-extensions");
    }

    /**
     * YAML's .nan is a number, and it was taken: points of .nan made the total score of every
     * message with that symbol NaN, which is at or above no threshold, so even a BAYES_999 spam
     * was accepted; tag-score: .nan never tagged. Each is refused, naming the key.
     */
    @Test
    void notANumberIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("policy:\n  points:\n    MISSING_MESSAGE_ID: .nan\n", "t.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("t.yaml: policy.points.MISSING_MESSAGE_ID must be a finite number, got .nan");
        assertThatThrownBy(() -> ConfigLoader.parse("policy:\n  tag-score: .nan\n", "t.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("t.yaml: policy.tag-score must be a finite number, got .nan");
    }

    /**
     * The documented default store is ~/.local/share/bayard, but "db: ~/bayard" in the file was
     * taken literally: the store went into a directory named "~" under whatever the current
     * directory was (/ under systemd), so learn and serve run from different places used
     * different stores. A leading ~/ is now the home directory, as in the shell; a bare ~ is
     * YAML's null (unset), as everywhere else in YAML.
     */
    @Test
    void aPathStartingWithTildeIsInTheHomeDirectory() {
        String home = System.getProperty("user.home");
        BayardConfig c = ConfigLoader.parse("db: ~/stores/bayard\nsmtp:\n  quarantine: ~/q\n  bypass-file: ~/bypass\n", "t.yaml");
        assertThat(c.db()).contains(Path.of(home, "stores/bayard").toString());
        assertThat(c.smtp().quarantine()).contains(Path.of(home, "q").toString());
        assertThat(c.smtp().bypassFile()).contains(Path.of(home, "bypass").toString());
        assertThat(ConfigLoader.parse("db: ~\n", "t.yaml").db()).isEmpty();
    }

    /**
     * "db: \"\"" (a template whose variable was empty) was "ok" to config check, and learn then made
     * its store in whatever the current directory was, as --db= once did; an empty quarantine or
     * harvest-dir likewise named the current directory. An empty or blank path is refused.
     */
    @Test
    void anEmptyPathIsRefusedNotTheCurrentDirectory() {
        for (String yaml : List.of("db: \"\"", "db: \"  \"", "smtp:\n  quarantine: \"\"", "smtp:\n  harvest-dir: ''",
                "smtp:\n  harvest-flag-file: \"\"", "smtp:\n  bypass-file: \"\"")) {
            String key = yaml.startsWith("db") ? "db" : "smtp." + yaml.substring(yaml.indexOf("  ") + 2, yaml.lastIndexOf(':'));
            assertThatThrownBy(() -> ConfigLoader.parse(yaml + "\n", "t.yaml")).as(yaml).isInstanceOf(ConfigException.class)
                    .hasMessage("t.yaml: " + key + " is empty; leave it out, or write null, for the default");
        }
    }

    /**
     * 'config check' said ok to smtp.max-message-bytes below 1024, but serve refused to start on
     * it with "max-message-bytes must be at least 1024", naming neither the file nor the section.
     */
    @Test
    void aMessageSizeLimitServeRefusesIsRefusedByTheCheckToo() {
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  max-message-bytes: 100\n", "t.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("t.yaml: smtp.max-message-bytes must be at least 1024, got 100");
    }

    @Test
    void anEmptyFileMeansDefaults() {
        assertThat(ConfigLoader.parse("", "t.yaml")).isEqualTo(BayardConfig.DEFAULTS);
    }

    /** Two policy: sections: the parser kept the second and dropped the first without a word. */
    @Test
    void aKeyGivenTwiceIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.parse("policy:\n  reject-score: 12\npolicy:\n  hold-score: 4\n", "t.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("t.yaml: key \"policy\" appears twice");
        assertThatThrownBy(() -> ConfigLoader.parse("policy:\n  points:\n    MISSING_MESSAGE_ID: 1\n    MISSING_MESSAGE_ID: 2\n", "t.yaml"))
                .hasMessageContaining("\"MISSING_MESSAGE_ID\" appears twice");
    }

    /**
     * The second key's column was the parser's, which stands after the key, at its colon: "line 4,
     * column 13" for a hold-score indented two spaces, where an editor's line:column jump lands
     * past the key. It is the column where the key begins.
     */
    @Test
    void aKeyGivenTwiceIsNamedAtTheColumnWhereItBegins() {
        assertThatThrownBy(() -> ConfigLoader.parse("policy:\n  reject-score: 12\npolicy:\n  hold-score: 4\n", "t.yaml"))
                .hasMessageContaining("(the second time at line 3, column 1)");
        assertThatThrownBy(() -> ConfigLoader.parse("policy:\n  hold-score: 4\n  tag-score: 4\n  hold-score: 5\n", "t.yaml"))
                .hasMessageContaining("(the second time at line 4, column 3)");
        assertThatThrownBy(() -> ConfigLoader.parse("policy:\n  hold-score: 4\n  \"hold-score\": 5\n", "t.yaml"))
                .hasMessageContaining("(the second time at line 3, column 3)");
    }

    /**
     * The parser does not expand YAML aliases: it handed over the anchor's name as the value, so
     * "harvest-dir: *store" (the anchor on db) was taken as a directory named "store" under the
     * current one, without a word, and "tag-score: *hold" got "must be a number, got 'hold'".
     * An alias is refused, naming its place and saying to write the value out.
     */
    @Test
    void anAliasIsRefusedInsteadOfReadAsTheAnchorsName() {
        assertThatThrownBy(() -> ConfigLoader.parse("db: &store /var/lib/bayard\nsmtp:\n  harvest-dir: *store\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.yaml: line 3, column 16: *store refers to a YAML anchor, and Bayard does not expand anchors;"
                        + " write the value out in full");
        assertThatThrownBy(() -> ConfigLoader.parse("policy:\n  hold-score: &h 6.0\n  tag-score: *h\n", "t.yaml"))
                .hasMessage("t.yaml: line 3, column 14: *h refers to a YAML anchor, and Bayard does not expand anchors;"
                        + " write the value out in full");
        // an anchor no alias uses changes nothing
        assertThat(ConfigLoader.parse("policy:\n  hold-score: &h 6.0\n", "t.yaml").policy().holdScore()).isEqualTo(6.0);
    }

    /** Billion laughs: nine levels of nine aliases each, under a key that takes a list. Refused at once. */
    @Test
    void anAliasBombIsRefusedQuickly(@TempDir Path dir) throws IOException {
        StringBuilder yaml = new StringBuilder("smtp:\n  relay-domains: &a [\"lol.example\", \"lol.example\", \"lol.example\"]\n");
        char previous = 'a';
        for (char level = 'b'; level <= 'j'; level++) {
            yaml.append("  x-").append(level).append(": &").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*" + previous))).append("]\n");
            previous = level;
        }
        yaml.append("  spam-traps: *j\n");
        Path bomb = Files.writeString(dir.resolve("bomb.yaml"), yaml);
        long start = System.nanoTime();
        Cli.Result r = new Cli(dir.resolve("db")).run("config", "check", bomb.toString());
        assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: " + bomb + ": line 3, column 12: *a refers to a YAML anchor, and Bayard does not"
                + " expand anchors; write the value out in full\n");
    }

    /** A second document (a '---' line, as in a multi-document YAML file) got the parser's own words about its settings. */
    @Test
    void aSecondDocumentIsNamedAsSuch() {
        assertThatThrownBy(() -> ConfigLoader.parse("classifier:\n  ham-cutoff: 0.2\n---\nsmtp:\n  listen: \"127.0.0.1:2525\"\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("t.yaml: a second YAML document begins at line 4")
                .hasMessageNotContaining("Token").hasMessageNotContaining("FAIL_ON");
        assertThat(ConfigLoader.parse("---\nclassifier:\n  ham-cutoff: 0.2\n", "t.yaml").classifier().hamCutoff()).isEqualTo(0.2);
    }

    /** A list, or a message file given by mistake, was "ok": the defaults, silently. */
    @Test
    void aFileThatIsNotAMappingIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.parse("- a\n- b\n", "t.yaml")).hasMessageContaining("t.yaml: not a Bayard configuration");
        assertThatThrownBy(() -> ConfigLoader.parse("just some text\n", "t.yaml")).hasMessageContaining("not a Bayard configuration");
    }

    /** Zero or negative limits were accepted: max-tokens -1 learns and scores nothing, max-connections 0 serves nobody. */
    @Test
    void limitsOutOfRangeAreErrorsNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("limits:\n  max-tokens: -1\n", "t.yaml"))
                .hasMessageContaining("t.yaml: limits.max-tokens must be at least 1, got -1");
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  max-connections: 0\n", "t.yaml"))
                .hasMessageContaining("smtp.max-connections must be at least 1, got 0");
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  max-line-length: 80\n", "t.yaml"))
                .hasMessageContaining("smtp.max-line-length must be at least 512");
        // a body stall limit of 0 would cut every body at once; past an hour it no longer fits the socket's timeout
        String user = "http:\n  users:\n    - name: u\n      password-hash: \"" + org.bayard.http.Passwords.hash("a long passphrase".toCharArray(), 10_000)
                + "\"\n";
        assertThatThrownBy(() -> ConfigLoader.parse(user + "  body-stall-seconds: 0\n", "t.yaml"))
                .hasMessageContaining("t.yaml: http.body-stall-seconds must be at least 1, got 0");
        assertThatThrownBy(() -> ConfigLoader.parse(user + "  body-stall-seconds: 2147483647\n", "t.yaml"))
                .hasMessageContaining("t.yaml: http.body-stall-seconds must be at most 3600, got 2147483647");
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  listen: nohost\n", "t.yaml"))
                .hasMessageContaining("t.yaml: smtp.listen must be host:port");
    }

    /** A Unix socket whose folder is not there: serve could not listen, and config check says so before a start fails. */
    @Test
    void checkWarnsOfAUnixSocketsMissingFolder(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bayard.yaml"), "milter:\n  listen: \"unix:" + dir.resolve("run/milter.sock") + "\"\n"
                + "spamd:\n  listen: \"" + dir.resolve("spamd.sock") + "\"\n");
        Cli.Result r = new Cli(dir.resolve("db")).run("config", "check", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("bayard: " + file + ": warning: milter.listen: the folder " + dir.resolve("run")
                + " does not exist, so serve could not listen there (systemd's RuntimeDirectory=bayard makes /run/bayard)\n");
    }

    /** The YAML parser's message spans several lines with an excerpt and a caret; the command line's errors are one line. */
    @Test
    void aSyntaxErrorIsOneLineWithItsPlace(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "policy:\n  reject-score: [1,\n");
        Cli.Result r = new Cli(dir.resolve("db")).run("config", "check", bad.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("bayard: " + bad + ": not valid YAML at line ").hasLineCount(1);
    }

    /**
     * YAML takes no tab to indent, nor after "key:" in a block (where Rspamd's and SpamAssassin's
     * files take any blank). The parser's words were "found character '\\t(TAB)' that cannot start
     * any token. (Do not use \\t(TAB) for indentation)", also for a tab that indents nothing.
     */
    @Test
    void aTabIsNamedAsSuchWithWhatToDo() {
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n\thostname: mx.example.org\n", "t.yaml"))
                .hasMessage("t.yaml: a tab at line 2, column 1: YAML takes only spaces to indent and after a key's colon;"
                        + " replace the tab with spaces");
        assertThatThrownBy(() -> ConfigLoader.parse("smtp:\n  hostname:\tmx.example.org\n", "t.yaml"))
                .hasMessage("t.yaml: a tab at line 2, column 12: YAML takes only spaces to indent and after a key's colon;"
                        + " replace the tab with spaces");
        // inside a quoted value, and after a value before a comment, a tab is YAML's as any blank
        assertThat(ConfigLoader.parse("smtp:\n  hostname: mx.example.org\t# the gate\n", "t.yaml").smtp().hostname())
                .isEqualTo("mx.example.org");
    }

    /**
     * Every command takes - for standard input but config check, which looked for a file named
     * "-" ("no such file"): a configuration made by a template tool could not be checked before it
     * was written out.
     */
    @Test
    void checkReadsStandardInputAsDash(@TempDir Path dir) {
        Cli cli = new Cli(dir.resolve("db"));
        Cli.Result ok = cli.runWithInput("smtp:\n  hostname: mx.example.org\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "config", "check", "-");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("-: ok\n");
        Cli.Result bad = cli.runWithInput("smtp:\n  max-recipients: 0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "config", "check", "-");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("bayard: -: smtp.max-recipients must be at least 1, got 0\n");
    }

    @Test
    void anUnreadableFileSaysWhy(@TempDir Path dir) throws IOException {
        Path binary = Files.write(dir.resolve("b.yaml"), new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});
        assertThatThrownBy(() -> ConfigLoader.load(binary)).hasMessage("cannot read configuration " + binary + ": not UTF-8 text");
        assertThatThrownBy(() -> ConfigLoader.load(dir)).hasMessage("cannot read configuration " + dir + ": it is a directory");
    }

    /**
     * There was no way to see the defaults but to read the documented file, which may lag behind
     * the code (postconf -d, rspamadm configdump). What `config defaults` prints is a configuration
     * `config check` accepts unchanged, and it loads to exactly the defaults.
     */
    @Test
    void theDefaultsArePrintedAsAFileThatChecksAndLoadsToTheDefaults(@TempDir Path dir) throws IOException {
        Cli cli = new Cli(dir.resolve("db"));
        Cli.Result r = cli.run("config", "defaults");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("\nsmtp:\n  listen: \"127.0.0.1:10025\"\n", "\n# http:\n");
        Path file = Files.writeString(dir.resolve("defaults.yaml"), r.out());
        assertThat(cli.run("config", "check", file.toString()).out()).isEqualTo(file + ": ok\n");
        assertThat(ConfigLoader.load(file)).isEqualTo(BayardConfig.DEFAULTS);
        // with no file, show prints the same settings
        Cli.Result show = cli.run("config", "show");
        assertThat(show.exitCode()).isZero();
        assertThat(show.out().lines().filter(l -> !l.startsWith("#")).toList())
                .isEqualTo(r.out().lines().filter(l -> !l.startsWith("#")).toList());
    }

    /** `config show -c FILE` prints the file's values and the defaults of the rest: it loads to what the file loads to. */
    @Test
    void showPrintsTheFileMergedWithTheDefaults(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bayard.yaml"), "policy:\n  reject-score: 12.5\nsmtp:\n  spam-traps: [trap@example.org]\n");
        Cli.Result r = new Cli(dir.resolve("db")).run("config", "show", "-c", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# The configuration " + file + " gives")
                .contains("  reject-score: 12.5\n  hold-score: 5.0\n", "  spam-traps: [\"trap@example.org\"]\n");
        assertThat(ConfigLoader.parse(r.out(), "shown")).isEqualTo(ConfigLoader.load(file));
    }

    @Test
    void showRefusesABadFileAsCheckDoesAndTheSubcommandsTakeNoArguments(@TempDir Path dir) throws IOException {
        Cli cli = new Cli(dir.resolve("db"));
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "smtp:\n  max-recipients: 0\n");
        Cli.Result r = cli.run("config", "show", "-c", bad.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("bayard: " + bad + ": smtp.max-recipients must be at least 1, got 0\n");
        Cli.Result extra = cli.run("config", "defaults", bad.toString());
        assertThat(extra.exitCode()).isEqualTo(2);
        assertThat(extra.out()).isEmpty();
        assertThat(extra.err()).startsWith("bayard config defaults: Unmatched argument").contains("see 'bayard config defaults --help'")
                .hasLineCount(1);
        assertThat(cli.run("config", "show", bad.toString()).exitCode()).isEqualTo(2);
    }
}
