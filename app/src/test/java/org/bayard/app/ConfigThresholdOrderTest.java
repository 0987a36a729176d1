package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thresholds that contradict each other, and numbers that are not finite, through
 * {@code bayard config check} and {@code bayard serve}: each is refused with one line naming the
 * key (both keys, with their values, for an order), and exit 1, because a file that passes the
 * check is taken for one that works.
 */
class ConfigThresholdOrderTest {
    @TempDir Path dir;

    private Cli.Result check(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("bayard.yaml"), yaml);
        return new Cli(dir.resolve("db")).run("config", "check", file.toString());
    }

    private void refused(String yaml, String... shown) throws IOException {
        Cli.Result r = check(yaml);
        assertThat(r.exitCode()).as(yaml + "\n" + r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).as(yaml).startsWith("bayard: " + dir.resolve("bayard.yaml") + ": ").hasLineCount(1).contains(shown);
        assertThat(r.out()).isEmpty();
    }

    /**
     * The classifier calls a score below ham-cutoff ham and one at or above spam-cutoff spam: with
     * ham-cutoff above spam-cutoff the error named neither key in full nor which value was whose
     * ("classifier: cutoffs must satisfy 0 <= ham-cutoff <= spam-cutoff <= 1: 0.95, 0.9"). Equal
     * cutoffs stay allowed: no unsure band, a choice `bayard eval` can recommend.
     */
    @Test
    void aHamCutoffAboveTheSpamCutoffNamesBothKeysAndValues() throws IOException {
        refused("classifier:\n  ham-cutoff: 0.95\n  spam-cutoff: 0.9\n", "classifier.ham-cutoff 0.95", "classifier.spam-cutoff 0.9");
        refused("classifier:\n  ham-cutoff: 0.95\n", "classifier.ham-cutoff 0.95", "classifier.spam-cutoff 0.9");
        assertThat(check("classifier:\n  ham-cutoff: 0.5\n  spam-cutoff: 0.5\n").exitCode()).isZero();
    }

    /**
     * The policy checks reject, then hold, then tag: a tag-score above hold-score was accepted,
     * and no message was ever tagged for its score, as every one that reached it was held first.
     */
    @Test
    void aTagScoreAboveTheHoldScoreIsRefused() throws IOException {
        refused("policy:\n  tag-score: 8\n", "policy.tag-score 8.0", "policy.hold-score 5.0");
        refused("policy:\n  reject-score: 20\n  hold-score: 12\n  tag-score: 15\n", "policy.tag-score 15.0", "policy.hold-score 12.0");
        // equal is the default: score tagging off, hold decides
        assertThat(check("policy:\n  reject-score: 20\n  hold-score: 12\n  tag-score: 12\n").exitCode()).isZero();
        assertThat(check("policy:\n  tag-score: 3\n").exitCode()).isZero();
    }

    /** hold-score above reject-score was refused, but as "policy: hold-score ... reject-score ...", without the section on both keys. */
    @Test
    void aHoldScoreAboveTheRejectScoreNamesBothKeysAndValues() throws IOException {
        refused("policy:\n  reject-score: 10\n  hold-score: 20\n", "policy.hold-score 20.0", "policy.reject-score 10.0");
        refused("policy:\n  reject-score: 4\n", "policy.hold-score 5.0", "policy.reject-score 4.0");
    }

    /**
     * Autolearn learns ham only when Bayes is sure: a ham-max-probability above the ham cutoff
     * taught the classifier, as ham, mail it had itself called unsure.
     */
    @Test
    void autolearnOnHamTheClassifierCallsUnsureIsRefused() throws IOException {
        refused("autolearn:\n  enabled: true\n  ham-max-probability: 0.3\n", "autolearn.ham-max-probability 0.3",
                "classifier.ham-cutoff 0.2");
        refused("autolearn:\n  enabled: true\nclassifier:\n  ham-cutoff: 0.005\n", "autolearn.ham-max-probability 0.01",
                "classifier.ham-cutoff 0.005");
        // autolearn off: the key has no effect, and a classifier that calls nothing ham stays possible
        assertThat(check("autolearn:\n  ham-max-probability: 0.3\n").exitCode()).isZero();
        assertThat(check("autolearn:\n  enabled: true\n  ham-max-probability: 0.2\n").exitCode()).isZero();
    }

    /** serve refuses to start on such a file as the check refuses it, with the same line (a child JVM: on a file it took, it would serve on). */
    @Test
    void serveRefusesToStartOnContradictoryThresholds() throws Exception {
        Path file = Files.writeString(dir.resolve("bayard.yaml"), "policy:\n  tag-score: 8\n");
        Path log = dir.resolve("serve.log");
        List<Process> started = new ArrayList<>();
        Process serve = ServeProcess.start(ServeProcess.command(List.of(), dir.resolve("db"), dir.resolve("q"), 9, "-c", file.toString()),
                log, started);
        try {
            assertThat(serve.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
            assertThat(serve.exitValue()).isEqualTo(1);
            // other lines may come first (a warning when the tests run as root)
            List<String> refusal = Files.readAllLines(log).stream().filter(l -> l.startsWith("bayard: " + file + ": ")).toList();
            assertThat(refusal).as(Files.readString(log)).singleElement().asString().contains("policy.tag-score 8.0", "policy.hold-score 5.0");
        } finally {
            ChildJvm.kill(serve);
        }
    }

    private static final Pattern NUMERIC = Pattern.compile("^( *)([A-Za-z0-9_-]+): (-?[0-9][0-9.]*)$");
    private static final Pattern SECTION = Pattern.compile("^( *)([A-Za-z0-9_-]+):$");

    /**
     * Every numeric key of {@code config defaults}, given .nan, .inf, -.inf or 1e999 (which YAML
     * reads as infinity): .inf was accepted for the scores, points and bands (a reject-score of
     * .inf rejects nothing, points of .inf made every score infinite or NaN), and the rest were
     * refused only by chance, by ranges that did not say the number was not finite.
     */
    @Test
    void everyNumericKeyRefusesANumberThatIsNotFinite() throws IOException {
        String defaults = new Cli(dir.resolve("db")).run("config", "defaults").out();
        List<String> lines = defaults.lines().toList();
        int keys = 0;
        Deque<String> path = new ArrayDeque<>();
        Deque<Integer> indents = new ArrayDeque<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher section = SECTION.matcher(line);
            Matcher numeric = NUMERIC.matcher(line);
            int indent = line.length() - line.stripLeading().length();
            while (!indents.isEmpty() && indents.peek() >= indent && !line.isBlank() && !line.stripLeading().startsWith("#")) {
                indents.pop();
                path.pop();
            }
            if (section.matches()) {
                indents.push(indent);
                path.push(section.group(2));
            } else if (numeric.matches()) {
                List<String> parts = new ArrayList<>(path);
                java.util.Collections.reverse(parts);
                parts.add(numeric.group(2));
                String key = String.join(".", parts);
                keys++;
                for (String value : List.of(".nan", ".inf", "-.inf", "1e999", "-1e999")) {
                    List<String> changed = new ArrayList<>(lines);
                    changed.set(i, numeric.group(1) + numeric.group(2) + ": " + value);
                    refused(String.join("\n", changed) + "\n", key + " must be ");
                }
            }
        }
        assertThat(keys).as("numeric keys found in:\n" + defaults).isGreaterThan(40);
        String http = "http:\n  users: [{name: a, role: admin, password-hash: \""
                + org.bayard.http.Passwords.hash("a long passphrase".toCharArray(), 10_000) + "\"}]\n";
        for (String key : List.of("max-body-bytes", "max-concurrent")) {
            for (String value : List.of(".nan", ".inf", "-.inf", "1e999")) refused(http + "  " + key + ": " + value + "\n", "http." + key + " must be ");
        }
    }
}
