package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoring, explaining and pipe mode against a store trained on the bundled sample. */
class ScoreAndFilterTest {
    static final Path SAMPLES = Path.of(System.getProperty("bayard.samples", "../samples"));

    @TempDir static Path dir;
    static Cli cli;

    @BeforeAll
    static void train() {
        cli = new Cli(dir.resolve("db"));
        Cli.Result r = cli.run("train", "--ham", SAMPLES.resolve("ham.mbox").toString(), "--spam", SAMPLES.resolve("spam.mbox").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("train: 500 messages");
    }

    @Test
    void heldOutSpamAndHamGetTheirVerdictsWithClues() {
        Cli.Result spam = cli.run("score", SAMPLES.resolve("held-out/spam-1.eml").toString());
        assertThat(spam.out()).contains(" spam ").contains("clues: \"");
        Cli.Result ham = cli.run("score", "--json", SAMPLES.resolve("held-out/ham-2.eml").toString());
        assertThat(ham.out()).contains("\"verdict\":\"ham\"").contains("\"clues\":[{\"token\":");
    }

    @Test
    void explainShowsEveryClueWithItsCounts() {
        Cli.Result r = cli.run("explain", SAMPLES.resolve("held-out/spam-2.eml").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("store has 300 ham and 200 spam").containsPattern("(?m)^  0\\.\\d{4} +\\d+ +\\d+  \\S+");
    }

    @Test
    void filterAddsSpamAssassinStyleHeadersAndKeepsTheBody() throws Exception {
        byte[] message = Files.readAllBytes(SAMPLES.resolve("held-out/spam-1.eml"));
        Cli.Result r = cli.runWithInput(message, "filter", "--exit-code");
        String out = r.out();
        assertThat(r.exitCode()).isZero(); // bogofilter's table: 0 = spam
        assertThat(out).contains("X-Spam-Flag: YES").containsPattern("X-Spam-Status: Yes, score=\\d+\\.\\d required=5\\.0 tests=BAYES_\\d+ autolearn=no version=")
                .containsPattern("X-Bayard-Classification: spam; p=[01]\\.\\d{4}");
        String body = new String(message, StandardCharsets.ISO_8859_1);
        assertThat(new String(r.outBytes(), StandardCharsets.ISO_8859_1)).endsWith(body.substring(body.indexOf("\n\n")));
    }

    @Test
    void filterOfHamExitsOneWithExitCodeAndZeroByDefault() throws Exception {
        byte[] message = Files.readAllBytes(SAMPLES.resolve("held-out/ham-2.eml"));
        assertThat(cli.runWithInput(message, "filter", "--exit-code").exitCode()).isEqualTo(1);
        Cli.Result plain = cli.runWithInput(message, "filter");
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.out()).contains("X-Spam-Flag: NO");
    }

    @Test
    void filterNeverEatsTheMessageWhenTheStoreIsUnusable() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        byte[] message = "Subject: hi\n\nhello\n".getBytes(StandardCharsets.US_ASCII);
        Cli.Result r = new Cli(notADir).runWithInput(message, "filter");
        assertThat(r.exitCode()).isEqualTo(75);
        assertThat(r.outBytes()).isEqualTo(message);
        assertThat(r.err()).contains("passed unfiltered");
    }

    @Test
    void tokensPrintsPrefixedFeatures() {
        Cli.Result r = cli.run("tokens", SAMPLES.resolve("held-out/spam-1.eml").toString());
        assertThat(r.out()).containsPattern("(?m)^subject:").containsPattern("(?m)^from:");
    }
}
