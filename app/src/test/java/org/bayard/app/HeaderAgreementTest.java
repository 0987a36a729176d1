package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configurations whose X-Spam-* fields cannot tell the same story, through {@code bayard config
 * check}: the check accepts them (they work) but warns in one line naming the keys, since a
 * postmaster who moved classifier.spam-cutoff expects X-Spam-Flag to move, and one who chose
 * unsure-action tag gets "Yes" with a score below required=.
 */
class HeaderAgreementTest {
    @TempDir Path dir;

    private Cli.Result check(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("bayard.yaml"), yaml);
        return new Cli(dir.resolve("db")).run("config", "check", file.toString());
    }

    private void warned(String yaml, String... shown) throws IOException {
        Cli.Result r = check(yaml);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).endsWith(": ok\n");
        assertThat(r.err()).as(yaml).hasLineCount(1).contains("warning").contains(shown);
    }

    @Test
    void theDefaultsAndAlignedChangesAreNotWarnedAbout() throws IOException {
        for (String yaml : new String[] {"", "classifier:\n  spam-cutoff: 0.95\npolicy:\n  bayes-points: {BAYES_90: 4.0}\n",
                "policy:\n  unsure-action: accept\n", "policy:\n  hold-score: 6.0\n  tag-score: 6.0\n  bayes-points: {BAYES_90: 6.0}\n"}) {
            Cli.Result r = check(yaml);
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.err()).as(yaml).isEmpty();
        }
    }

    /** spam-cutoff 0.95 with BAYES_90 still worth the hold score: p=0.92 is flagged YES but classified unsure. */
    @Test
    void aSpamCutoffTheBayesPointsDoNotFollowIsWarnedAbout() throws IOException {
        warned("classifier:\n  spam-cutoff: 0.95\n", "classifier.spam-cutoff 0.95", "policy.hold-score 5.0", "policy.bayes-points BAYES_90");
        warned("classifier:\n  spam-cutoff: 0.85\n", "classifier.spam-cutoff 0.85", "policy.bayes-points BAYES_80");
        warned("policy:\n  hold-score: 7.5\n  tag-score: 7.5\n", "policy.hold-score 7.5", "policy.bayes-points BAYES_90");
    }

    /** unsure-action tag flags unsure mail YES whatever its score: "Yes, score=1.5 required=5.0". */
    @Test
    void taggingUnsureMailBelowTheTagScoreIsWarnedAbout() throws IOException {
        warned("policy:\n  unsure-action: tag\n", "policy.unsure-action tag", "policy.tag-score 5.0");
    }
}
