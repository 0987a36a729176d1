package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes in how a command is called: exit 2 and one line naming the mistake and where the help
 * is, as spamc and bogofilter answer them, instead of the whole help with the one line that
 * mattered above its first screen.
 */
class UsageErrorsTest {
    private static final Path HAM = Path.of("../samples/held-out/ham-1.eml");

    @TempDir Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir.resolve("db"));
    }

    private static void usageErrorInOneLine(Cli.Result r, String... contains) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).doesNotContain("Usage:").contains(contains);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingRequiredOptionOrParameterIsOneLine() {
        usageErrorInOneLine(cli.run("eval"), "bayard eval: Missing required option: '--index=FILE'", "see 'bayard eval --help'");
        usageErrorInOneLine(cli.run("learn", "--spam"), "bayard learn: Missing required parameter: 'PATH'");
        usageErrorInOneLine(cli.run("db", "export"), "bayard db export: Missing required parameter");
    }

    @Test
    void anOptionGivenTwiceIsOneLine() {
        usageErrorInOneLine(cli.run("score", "--db", "a", "--db", "b", HAM.toString()),
                "bayard score: option '--db' (DIR) should be specified only once");
    }

    @Test
    void anUnknownOptionIsOneLineAndTheSuggestion() {
        Cli.Result r = cli.run("learn", "--spma", HAM.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("bayard learn: Unknown option: '--spma' (see 'bayard learn --help')")
                .contains("--spam").doesNotContain("Usage:").hasLineCount(2);
    }

    /**
     * An option a command does not have, given a value ("explain --clues 3 x.eml", as score takes
     * it), got "Unknown options: '--clues', 'x.eml'": the value had been taken for the message, and
     * the message was called an unknown option. The line names the unknown option alone.
     */
    @Test
    void anUnknownOptionWithAValueIsNamedAloneNotWithTheFileAfterIt() {
        Cli.Result r = cli.run("explain", "--clues", "3", HAM.toString());
        usageErrorInOneLine(r, "bayard explain: Unknown option: '--clues' (see 'bayard explain --help')");
        assertThat(r.err()).doesNotContain(HAM.toString());
    }

    /**
     * "bayard --db /var/lib/bayard score x.eml", as git -C or spamc -d take options first, said
     * only that --db is unknown, which the reader knows it is not. The line says where it goes.
     */
    @Test
    void aCommandsOptionGivenBeforeTheCommandSaysWhereItGoes() {
        usageErrorInOneLine(cli.run("--db", "x", "score", HAM.toString()),
                "bayard: Unknown option: '--db'; it goes after the command: bayard score --db ... (see 'bayard --help')");
        usageErrorInOneLine(cli.run("db", "--db=x", "stats"),
                "bayard db: Unknown option: '--db=x'; it goes after the command: bayard db stats --db ... (see 'bayard db --help')");
        usageErrorInOneLine(cli.run("--nonsense", "score", HAM.toString()), "bayard: Unknown option: '--nonsense' (see 'bayard --help')");
    }

    /**
     * "bayard --db DIR score" as README writes it, with no message yet: score's own error came
     * first ("Missing required parameter: 'PATH'"), and the reader added a path to get the line
     * about --db; likewise for a subcommand's missing argument.
     */
    @Test
    void anOptionBeforeItsCommandIsSaidBeforeWhatTheCommandLacks() {
        usageErrorInOneLine(cli.run("--db", "x", "score"),
                "bayard: Unknown option: '--db'; it goes after the command: bayard score --db ... (see 'bayard --help')");
        usageErrorInOneLine(cli.run("-c", "x.yaml", "db", "export"),
                "bayard: Unknown option: '-c'; it goes after the command: bayard db export -c ... (see 'bayard --help')");
    }

    /**
     * "bayard score --spma" said "Missing required parameter: 'PATH'", and the reader who added
     * a message was then told about the option: an unknown option is the first mistake to name,
     * wherever it stands, as it is when the command has all it needs.
     */
    @Test
    void anUnknownOptionIsSaidBeforeWhatTheCommandLacks() {
        usageErrorInOneLine(cli.run("score", "--nonsense"), "bayard score: Unknown option: '--nonsense' (see 'bayard score --help')");
        usageErrorInOneLine(cli.run("--nonsense", "score"), "bayard: Unknown option: '--nonsense' (see 'bayard --help')");
        usageErrorInOneLine(cli.run("learn", "--spam", "--nonsense=3"), "bayard learn: Unknown option: '--nonsense=3'");
        usageErrorInOneLine(cli.run("db", "export", "--nonsense"), "bayard db export: Unknown option: '--nonsense'");
        // an option's value that looks like an option is the value, not an unknown option
        usageErrorInOneLine(cli.run("score", "--db", "-odd"), "bayard score: Missing required parameter: 'PATH'");
        // after "--" every word is a parameter
        usageErrorInOneLine(cli.run("db", "export", "--", "-x", "-y"), "bayard db export:");
    }

    /** The list of subcommands is the answer to a command that needs one. */
    @Test
    void aCommandWithoutItsSubcommandStillListsThem() {
        Cli.Result r = cli.run("db");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("bayard db: missing subcommand; see 'bayard db --help'\n").contains("stats", "export", "import");
    }

    /** `bayard help db stats` printed the help of db. */
    @Test
    void helpFollowsEveryWordToTheSubcommand() {
        Cli.Result r = cli.run("help", "db", "stats");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: bayard db stats").isEqualTo(cli.run("db", "stats", "--help").out());
        assertThat(cli.run("help", "mbox", "split").out()).startsWith("Usage: bayard mbox split");
        assertThat(cli.run("help").out()).startsWith("Usage: bayard ");
    }

    /**
     * A mistyped command got picocli's "Unmatched arguments from index 0: 'lern', '--spam', 'x.eml'",
     * which calls the command an argument and lists every word after it, and a second line offering
     * three commands ("learn or unlearn or serve"). It is now one line naming the unknown command
     * and the one it most likely was.
     */
    @Test
    void anUnknownCommandIsNamedAsSuchWithTheLikelyOne() {
        usageErrorInOneLine(cli.run("lern", "--spam", HAM.toString()), "bayard: unknown command 'lern' (did you mean learn?); see 'bayard --help'");
        usageErrorInOneLine(cli.run("db", "stat"), "bayard db: unknown command 'stat' (did you mean db stats?); see 'bayard db --help'");
        usageErrorInOneLine(cli.run("mbox", "splt", "x.mbox"), "bayard mbox: unknown command 'splt' (did you mean mbox split?); see 'bayard mbox --help'");
        usageErrorInOneLine(cli.run("frobnicate"), "bayard: unknown command 'frobnicate'; see 'bayard --help'");
    }

    @Test
    void helpOfAnUnknownCommandSaysWhichWord() {
        usageErrorInOneLine(cli.run("help", "db", "statz"), "bayard help: unknown command 'db statz'; see 'bayard db --help'");
    }

    /**
     * An empty --db (a shell variable that was not set) was the current directory: learn made its
     * store there, score read whatever was there. Every empty value is now a usage error.
     */
    @Test
    void anEmptyValueIsAUsageErrorNotTheCurrentDirectory() throws Exception {
        usageErrorInOneLine(cli.run("learn", "--spam", "--db=", HAM.toString()), "Invalid value for option '--db': the value is empty");
        usageErrorInOneLine(cli.run("score", "--config", "", HAM.toString()), "'--config'", "the value is empty");
        usageErrorInOneLine(cli.run("db", "export", ""), "bayard db export:", "the value is empty");
        assertThat(Files.exists(Path.of("data.mdb"))).as("a store in the current directory").isFalse();
        Cli.Result filtered = cli.runWithInput("Subject: x\n\nbody\n".getBytes(), "filter", "--db=");
        assertThat(filtered.exitCode()).isEqualTo(75);
        assertThat(filtered.out()).isEqualTo("Subject: x\n\nbody\n");
    }

    /** The exit codes were in the README only, and 70 (an internal error) not even there. */
    @Test
    void theTopLevelHelpListsTheExitCodes() {
        assertThat(cli.run("--help").out()).contains("Exit codes:", "  0 ", "  1 ", "  2 ", " 70 ", " 75 ");
    }

    /**
     * The README says the exit codes are also in 'bayard --help', but serve's 3 (out of heap, from
     * the launcher's -XX:+ExitOnOutOfMemoryError) was not there, and 2's "one line" left out the
     * second line a mistyped option gets (picocli's "Possible solutions: --spam").
     */
    @Test
    void theTopLevelHelpNamesServesOutOfHeapCodeAndTheSuggestionLine() {
        String help = cli.run("--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains(" 3 bayard serve: it ran out of heap").contains("Possible solutions");
        Cli.Result mistyped = cli.run("learn", "--spma", HAM.toString());
        assertThat(mistyped.err().lines().skip(1).findFirst()).hasValueSatisfying(l -> assertThat(l).startsWith("Possible solutions: "));
    }

    /**
     * 'bayard quarantine --help' (and -h, --version) ended with a NullPointerException's trace and
     * exit 1: with no ACTION given, asking whether the action only prints read the missing action.
     * Every command and subcommand the help lists answers --help with exit 0, and --version too,
     * which printed nothing below bayard itself, though every command's help lists it.
     */
    @Test
    void everyCommandAnswersHelpAndVersion() {
        List<List<String>> commands = subcommands(List.of());
        assertThat(commands).extracting(c -> String.join(" ", c)).contains("quarantine", "db stats", "config check");
        for (List<String> command : commands) {
            assertThat(answer(command, "--version")).startsWith("bayard " + Version.NUMBER + " (tokenizer ");
        }
    }

    /** What {@code command option} prints, once it has ended with exit 0 and nothing on stderr. */
    private String answer(List<String> command, String option) {
        List<String> args = new ArrayList<>(command);
        args.add(option);
        Cli.Result r = cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
        assertThat(r.err()).as(String.join(" ", args)).isEmpty();
        return r.out();
    }

    /**
     * The commands under {@code command}, as the "Commands:" list of its help names them, all levels
     * down; each one's --help is checked on the way.
     */
    private List<List<String>> subcommands(List<String> command) {
        String help = answer(command, "--help");
        assertThat(help).startsWith(("Usage: bayard " + String.join(" ", command)).strip());
        List<List<String>> found = new ArrayList<>();
        int list = help.indexOf("\nCommands:\n");
        if (list < 0) return found;
        Matcher name = Pattern.compile("(?m)^  ([a-z][a-z-]*)  ").matcher(help.substring(list));
        while (name.find()) {
            if (name.group(1).equals("help")) continue;
            List<String> sub = new ArrayList<>(command);
            sub.add(name.group(1));
            found.add(sub);
            found.addAll(subcommands(sub));
        }
        return found;
    }
}
