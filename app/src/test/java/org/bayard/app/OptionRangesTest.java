package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every option with a range, given a value outside it: a usage error like a value that is no
 * number at all (exit 2, one line naming the option and its range, and where the help is), and
 * nothing done, not even a store made at --db. Such values exited 1, the code for bad input or
 * environment, so a script could not tell a mistyped command from a failed run.
 */
class OptionRangesTest {
    private static final String HAM = "../samples/held-out/ham-1.eml";
    private static final String SPAM = "../samples/held-out/spam-1.eml";
    private static final String FRESH = "FRESH"; // stands for a store directory that must not be made

    @TempDir Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir.resolve("db"));
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                bad("bayard train", "--batch must be at least 1, got 0", "train", "--db", FRESH, "--batch", "0", "--ham", HAM),
                bad("bayard train", "--threads must be between 1 and 1024, got 0", "train", "--db", FRESH, "--threads", "0", "--ham", HAM),
                bad("bayard train", "--threads must be between 1 and 1024, got 5000", "train", "--db", FRESH, "--threads", "5000", "--ham", HAM),
                bad("bayard tte", "--max-rounds must be at least 1, got 0", "tte", "--db", FRESH, "--ham", HAM, "--spam", SPAM, "--max-rounds", "0"),
                bad("bayard score", "--clues must be 0 or more, got -1", "score", "--db", FRESH, "--clues", "-1", HAM),
                bad("bayard eval", "--threads must be between 1 and 1024, got 100000", "eval", "--index", HAM, "--protocol", "cv", "--threads", "100000"),
                bad("bayard eval", "--folds must be at least 2, got 1", "eval", "--index", "no-such-index", "--protocol", "cv", "--folds", "1"),
                bad("bayard eval", "--cost-fp must be a finite number, 0 or more, got -1.0", "eval", "--index", HAM, "--cost-fp", "-1"),
                bad("bayard eval", "--cost-fn must be a finite number, 0 or more, got Infinity", "eval", "--index", HAM, "--cost-fn", "Infinity"),
                bad("bayard eval", "--cost-fp, --cost-fn and --cost-unsure are all 0, so no cutoffs are better than others:"
                        + " give at least one a weight above 0", "eval", "--index", HAM,
                        "--cost-fp", "0", "--cost-fn", "0", "--cost-unsure", "0"),
                bad("bayard eval plot", "--cost-unsure must be a finite number, 0 or more, got -0.5", "eval", "plot", "--scores", HAM,
                        "--cost-unsure", "-0.5", "-o", FRESH),
                bad("bayard quarantine", "--days must be 0 or more, got -1", "quarantine", "--db", FRESH, "expire", "--days", "-1"),
                bad("bayard quarantine", "--next-hop: the port must be between 0 and 65535, got 65536", "quarantine", "--db", FRESH,
                        "--next-hop", "127.0.0.1:65536", "list"),
                bad("bayard blocklist", "--hours must be over 0 and at most 87600, got 0.0", "blocklist", "--db", FRESH,
                        "add", "192.0.2.7", "a@example.net", "--hours", "0"),
                bad("bayard blocklist", "--hours must be over 0 and at most 87600, got 1.0E300", "blocklist", "--db", FRESH,
                        "add", "192.0.2.7", "a@example.net", "--hours", "1e300"),
                bad("bayard blocklist", "not an IP address: '999.1.1.1'", "blocklist", "--db", FRESH, "add", "999.1.1.1", "a@example.net"),
                bad("bayard blocklist", "not an envelope sender: 'a b@example.net' (use <> for the null sender)", "blocklist", "--db", FRESH,
                        "remove", "192.0.2.7", "a b@example.net"),
                bad("bayard serve", "--listen: the port must be between 0 and 65535, got 65536", "serve", "--db", FRESH,
                        "--listen", "127.0.0.1:65536"),
                bad("bayard serve", "--next-hop: the port must be between 0 and 65535, got 99999", "serve", "--db", FRESH,
                        "--listen", "127.0.0.1:0", "--next-hop", "127.0.0.1:99999"),
                bad("bayard serve", "--http: the port must be between 0 and 65535, got -1", "serve", "--db", FRESH,
                        "--listen", "127.0.0.1:0", "--http", "127.0.0.1:-1"),
                bad("bayard serve", "--listen must be host:port, got 'localhost'", "serve", "--db", FRESH, "--listen", "localhost"));
    }

    /** Commands of the wrong shape (an unknown action, a missing argument, no input): usage errors as well. */
    static Stream<Arguments> misshapen() {
        return Stream.of(
                bad("bayard blocklist", "unknown blocklist action 'lsit'; one of list, add, remove", "blocklist", "--db", FRESH, "lsit"),
                bad("bayard blocklist", "blocklist add needs CLIENT and SENDER", "blocklist", "--db", FRESH, "add", "192.0.2.7"),
                bad("bayard blocklist", "blocklist remove needs CLIENT and SENDER", "blocklist", "--db", FRESH, "remove"),
                bad("bayard blocklist", "blocklist list takes no CLIENT or SENDER", "blocklist", "--db", FRESH, "list", "192.0.2.7"),
                bad("bayard quarantine", "unknown quarantine action 'lst'; one of list, show, release, discard, learn-ham, learn-spam, export, expire",
                        "quarantine", "--db", FRESH, "lst"),
                bad("bayard quarantine", "quarantine release needs at least one ID, as 'bayard quarantine list' shows them",
                        "quarantine", "--db", FRESH, "release"),
                bad("bayard quarantine", "quarantine export needs --mbox FILE", "quarantine", "--db", FRESH, "export"),
                bad("bayard quarantine", "quarantine list takes no ID; to read one: quarantine show ID", "quarantine", "--db", FRESH, "list", "MWQ4Q24Y.2"),
                bad("bayard quarantine", "quarantine expire takes no ID; the age goes in --days (e.g. --days 7)", "quarantine", "--db", FRESH, "expire", "7"),
                bad("bayard train", "nothing to train: give --ham PATH... and/or --spam PATH...", "train", "--db", FRESH),
                bad("bayard train", "standard input can be read only once: give '-' to --ham or to --spam, not both",
                        "train", "--db", FRESH, "--ham", "-", "--spam", "-"),
                bad("bayard eval", "unknown protocol 'k-fold': use online, batch, tte or cv", "eval", "--index", HAM, "--protocol", "k-fold"),
                bad("bayard eval plot", "2 --label for 1 --scores: one name per score file, in the same order", "eval", "plot", "--scores", HAM,
                        "--label", "a", "--label", "b", "-o", FRESH));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("misshapen")
    void aMisshapenCommandIsAUsageError(String command, String said, String[] args) {
        aValueOutOfRangeIsAUsageError(command, said, args);
    }

    private static Arguments bad(String command, String said, String... args) {
        return Arguments.of(command, said, args);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("outOfRange")
    void aValueOutOfRangeIsAUsageError(String command, String said, String[] args) {
        Path fresh = dir.resolve("fresh");
        String[] withPaths = Stream.of(args).map(a -> a.equals(FRESH) ? fresh.toString() : a).toArray(String[]::new);
        Cli.Result r = cli.run(withPaths);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).isEqualTo(command + ": " + said + " (see '" + command + " --help')\n");
        assertThat(r.out()).isEmpty();
        assertThat(fresh).as("nothing made at --db or -o").doesNotExist();
    }

    /** Pipe mode has its own codes: the mail still goes out, with the failure code, never 2 ("unsure" to --exit-code). */
    @Test
    void filterPassesTheMessageOnWithItsFailureCode() throws Exception {
        byte[] message = Files.readAllBytes(Path.of(HAM));
        for (boolean exitCode : new boolean[] {false, true}) {
            Cli.Result r = exitCode ? cli.runWithInput(message, "filter", "--exit-code", "--clues", "-1")
                    : cli.runWithInput(message, "filter", "--clues", "-1");
            assertThat(r.exitCode()).isEqualTo(exitCode ? 3 : 75);
            assertThat(r.outBytes()).isEqualTo(message);
            assertThat(r.err()).isEqualTo("bayard filter: --clues must be 0 or more, got -1; message passed unfiltered"
                    + " (see 'bayard filter --help')\n");
        }
    }
}
