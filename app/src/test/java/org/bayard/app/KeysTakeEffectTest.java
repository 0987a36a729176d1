package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every classifier and limits key changes what {@code score} and {@code filter} say about the
 * held-out sample: a key that is read but not passed on to the code that scores leaves the
 * output exactly as with the defaults.
 */
class KeysTakeEffectTest {
    static final Path SAMPLES = Path.of(System.getProperty("bayard.samples", "../samples"));

    @TempDir static Path dir;
    static Cli cli;
    static String scoreWithDefaults;
    static String filterWithDefaults;

    @BeforeAll
    static void train() throws IOException {
        cli = new Cli(dir.resolve("db"));
        Cli.Result r = cli.run("train", "--ham", SAMPLES.resolve("ham.mbox").toString(), "--spam", SAMPLES.resolve("spam.mbox").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path none = Files.writeString(dir.resolve("none.yaml"), "# the defaults\n");
        scoreWithDefaults = score(none);
        filterWithDefaults = filter(none);
    }

    static String score(Path config) {
        Cli.Result r = cli.run("score", "--json", "--clues", "0", "-c", config.toString(), SAMPLES.resolve("held-out").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out();
    }

    static String filter(Path config) throws IOException {
        StringBuilder all = new StringBuilder();
        for (String m : List.of("ham-1", "ham-2", "ham-3", "ham-4", "spam-1", "spam-2", "spam-3", "spam-4")) {
            Cli.Result r = cli.runWithInput(Files.readAllBytes(SAMPLES.resolve("held-out/" + m + ".eml")), "filter", "--clues", "1000", "-c",
                    config.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            // with every clue: the probability is shown to 4 places, where a confident message rarely moves, and a
            // key that only changes a few weak tokens (max-parts: parts past it still give their words) shows there
            all.append(r.out().lines().filter(l -> l.startsWith("X-Bayard-Classification") || l.startsWith("X-Spam-Status")).toList());
        }
        return all.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"classifier:\n  unknown-word-strength: 5", "classifier:\n  unknown-word-prob: 0.9",
            "classifier:\n  minimum-prob-strength: 0.0", "classifier:\n  max-discriminators: 3", "classifier:\n  max-evidence-tokens: 2",
            "classifier:\n  ham-cutoff: 0.0\n  spam-cutoff: 0.0", "limits:\n  max-scan-bytes: 300", "limits:\n  max-depth: 1",
            "limits:\n  max-parts: 1", "limits:\n  max-header-bytes: 20", "limits:\n  max-text-chars: 20",
            "limits:\n  max-word-length: 3", "limits:\n  max-tokens: 5"})
    void eachKeyChangesWhatScoreAndFilterSay(String yaml) throws IOException {
        Path config = Files.writeString(dir.resolve("changed.yaml"), yaml + "\n");
        assertThat(score(config)).as("score with " + yaml).isNotEqualTo(scoreWithDefaults);
        assertThat(filter(config)).as("filter with " + yaml).isNotEqualTo(filterWithDefaults);
    }
}
