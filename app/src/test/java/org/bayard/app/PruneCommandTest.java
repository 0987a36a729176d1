package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bayard db prune} on the real LMDB store trained on the bundled sample. */
class PruneCommandTest {
    static final Path SAMPLES = ScoreAndFilterTest.SAMPLES;

    @TempDir Path dir;

    @Test
    void pruneRemovesEveryTokenSeenOnceKeepsTheRestAndSaysWhatItRemoved() throws IOException {
        Cli cli = trained();
        Dump before = export(cli, "before");
        long hapaxes = before.tokens.stream().filter(c -> c[0] + c[1] <= 1).count();
        assertThat(hapaxes).as("a trained store is mostly tokens seen once").isGreaterThan(before.tokens.size() / 3);

        Cli.Result r = cli.run("db", "prune");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("prune: removed " + hapaxes + " of " + before.tokens.size() + " tokens (counted at most 1 time;")
                .contains("), " + (before.tokens.size() - hapaxes) + " left\n").contains("on disk: ");

        Dump after = export(cli, "after");
        assertThat(after.tokens).hasSize((int) (before.tokens.size() - hapaxes));
        assertThat(after.tokens).allMatch(c -> c[0] + c[1] >= 2);
        assertThat(after.totals).isEqualTo(before.totals);
        assertThat(after.ledger).isEqualTo(before.ledger);

        Cli.Result twice = cli.run("db", "prune", "--max-count", "2");
        assertThat(twice.exitCode()).as(twice.err()).isZero();
        assertThat(export(cli, "after2").tokens).allMatch(c -> c[0] + c[1] >= 3);
    }

    @Test
    void forgettingEveryHamAfterAPruneLeavesNoCountBelowZeroNorAboveItsClass() throws IOException {
        Cli cli = trained();
        assertThat(cli.run("db", "prune").exitCode()).isZero();

        Cli.Result f = cli.run("forget", SAMPLES.resolve("ham.mbox").toString());
        assertThat(f.exitCode()).as(f.err()).isZero();
        assertThat(f.out()).contains("300 unlearned");

        Dump left = export(cli, "forgotten");
        assertThat(left.totals).containsExactly(0L, 200L);
        // a count that went below 0 and wrapped would be negative, or far above the messages of its class
        assertThat(left.tokens).allMatch(c -> c[0] == 0 && c[1] >= 0 && c[1] <= 200);
        assertThat(left.tokens).isNotEmpty();
    }

    /** The file keeps its size after a prune; db stats says how much of it is in use, and an export and import gets the rest back. */
    @Test
    void statsSayHowMuchOfThePrunedFileIsFreeAndAnExportAndImportWritesOnlyWhatIsInUse() throws IOException {
        Cli cli = trained();
        assertThat(cli.run("db", "prune").exitCode()).isZero();

        Cli.Result stats = cli.run("db", "stats");
        Matcher line = Pattern.compile("on disk   ([0-9.]+) MiB \\(([0-9.]+) MiB in use, ([0-9.]+) MiB free pages that learning reuses\\)\n")
                .matcher(stats.out());
        assertThat(line.find()).as(stats.out()).isTrue();
        double inUse = Double.parseDouble(line.group(2));
        assertThat(Double.parseDouble(line.group(3))).isGreaterThan(inUse / 2);

        Path dump = dir.resolve("compact.dump.gz");
        assertThat(cli.run("db", "export", dump.toString()).exitCode()).isZero();
        Cli fresh = new Cli(dir.resolve("db.new"));
        assertThat(fresh.run("db", "import", dump.toString()).exitCode()).isZero();
        String freshStats = fresh.run("db", "stats", "--json").out();
        Matcher sizes = Pattern.compile("\"bytes_on_disk\":(\\d+),\"bytes_in_use\":(\\d+)").matcher(freshStats);
        assertThat(sizes.find()).as(freshStats).isTrue();
        assertThat(Long.parseLong(sizes.group(1)) / 1048576.0).isLessThan(inUse * 1.2 + 0.1);
        assertThat(fresh.run("db", "stats").out()).doesNotContain("free pages");
    }

    /** A dry run says what a prune would remove, the same figures, and changes nothing. */
    @Test
    void aDryRunSaysWhatThePruneWouldRemoveAndChangesNothing() throws IOException {
        Cli cli = trained();
        Dump before = export(cli, "before");

        Cli.Result dry = cli.run("db", "prune", "--dry-run", "--max-count", "2");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        Dump unchanged = export(cli, "unchanged");
        assertThat(unchanged.tokens).hasSameSizeAs(before.tokens);
        assertThat(unchanged.ledger).isEqualTo(before.ledger);

        Cli.Result real = cli.run("db", "prune", "--max-count", "2");
        String figures = real.out().lines().findFirst().orElseThrow().replaceFirst("^prune: removed ", "");
        assertThat(dry.out()).isEqualTo("prune (dry run): would remove " + figures.replace(" left", " would be left")
                + "\nnothing was changed\n");
    }

    @Test
    void aMaxCountBelowOneIsAUsageErrorAndAMissingStoreAnError() {
        Cli cli = new Cli(dir.resolve("db"));
        Cli.Result zero = cli.run("db", "prune", "--max-count", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--max-count must be at least 1, got 0");

        Cli.Result missing = cli.run("db", "prune");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no store at");
        assertThat(dir.resolve("db")).doesNotExist();
    }

    // ---- the ledger, by age ----

    /** Ham learned 130 days ago and spam 30 days ago, as a site's ledger fills over months. */
    private Cli learnedOverMonths(MutableClock clock) {
        Cli cli = new Cli(dir.resolve("db"), clock);
        Cli.Result ham = cli.run("learn", "--ham", SAMPLES.resolve("ham.mbox").toString());
        assertThat(ham.exitCode()).as(ham.err()).isZero();
        clock.advance(Duration.ofDays(100));
        Cli.Result spam = cli.run("learn", "--spam", SAMPLES.resolve("spam.mbox").toString());
        assertThat(spam.exitCode()).as(spam.err()).isZero();
        clock.advance(Duration.ofDays(30));
        return cli;
    }

    @Test
    void ledgerOlderThanRemovesOnlyTheOldEntriesAndLeavesTokensAndTotalsAsTheyWere() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
        Cli cli = learnedOverMonths(clock);
        Dump before = export(cli, "before");
        assertThat(before.ledger).hasSize(500);

        Cli.Result dry = cli.run("db", "prune", "--ledger-older-than", "60", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).isEqualTo("prune (dry run): would remove 300 of 500 ledger entries (learned before"
                + " 2026-05-10T08:00:00Z, 60 days ago; 300 ham, 0 spam), 200 would be left\nnothing was changed\n");
        assertThat(export(cli, "unchanged").ledger).isEqualTo(before.ledger);

        Cli.Result r = cli.run("db", "prune", "--ledger-older-than", "60");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("prune: removed 300 of 500 ledger entries (learned before 2026-05-10T08:00:00Z, 60 days ago;"
                        + " 300 ham, 0 spam), 200 left\n")
                .contains("300 counted messages now have no ledger entry").doesNotContain("tokens");

        Dump after = export(cli, "after");
        assertThat(after.ledger).hasSize(200).allMatch(l -> l.split(" ")[2].equals("spam"));
        assertThat(before.ledger).containsAll(after.ledger);
        assertThat(after.totals).isEqualTo(before.totals);
        assertThat(after.tokenLines()).isEqualTo(before.tokenLines());
        assertThat(cli.run("db", "stats").out()).contains("ledger    200 entries (300 learned messages have none:");
        assertThat(cli.run("db", "stats", "--json").out()).contains("\"ledger\":200,\"messages_without_ledger_entry\":300");
        assertThat(cli.run("db", "prune", "--ledger-older-than", "60").out()).startsWith("prune: removed 0 of 200 ledger entries");
    }

    /** With both options, one transaction prunes both; a dry run says both. */
    @Test
    void ledgerOlderThanWithMaxCountPrunesBoth() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
        Cli cli = learnedOverMonths(clock);
        Dump before = export(cli, "before");
        long hapaxes = before.tokens.stream().filter(c -> c[0] + c[1] <= 1).count();

        Cli.Result dry = cli.run("db", "prune", "--ledger-older-than", "1", "--max-count", "1", "--dry-run");
        assertThat(dry.out()).contains("would remove " + hapaxes + " of " + before.tokens.size() + " tokens")
                .contains("would remove 500 of 500 ledger entries").endsWith("nothing was changed\n");
        Cli.Result r = cli.run("db", "prune", "--ledger-older-than", "1", "--max-count", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Dump after = export(cli, "after");
        assertThat(after.ledger).isEmpty();
        assertThat(after.tokens).hasSize((int) (before.tokens.size() - hapaxes));
        assertThat(after.totals).isEqualTo(before.totals);
    }

    /**
     * What a pruned entry costs, said rather than done wrong: forget cannot take the message out
     * (it subtracts nothing, and says why), and learning it again counts it a second time.
     */
    @Test
    void forgetOfAMessageWhoseEntryWasPrunedSubtractsNothingAndSaysWhy() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
        Cli cli = learnedOverMonths(clock);
        assertThat(cli.run("db", "prune", "--ledger-older-than", "60").exitCode()).isZero();
        Dump pruned = export(cli, "pruned");

        Cli.Result f = cli.run("forget", SAMPLES.resolve("ham.mbox").toString());
        assertThat(f.exitCode()).as(f.err()).isZero();
        assertThat(f.out()).contains("forget: 300 messages (300 not learned)")
                .contains("forget: 300 of these are not in the ledger, but the store counts 300 learned messages whose ledger entries are gone");
        Dump forgotten = export(cli, "forgotten");
        assertThat(forgotten.totals).isEqualTo(pruned.totals);
        assertThat(forgotten.tokenLines()).isEqualTo(pruned.tokenLines());

        // the spam's entries are there: forget takes it out, and says nothing more
        Cli.Result spam = cli.run("forget", SAMPLES.resolve("spam.mbox").toString());
        assertThat(spam.out()).isEqualTo("forget: 200 messages (200 unlearned)\n");
        assertThat(export(cli, "spamless").totals).containsExactly(300L, 0L);

        Cli.Result again = cli.run("learn", "--ham", SAMPLES.resolve("ham.mbox").toString());
        assertThat(again.out()).contains("300 learned");
        assertThat(export(cli, "twice").totals).as("learned again, counted twice").containsExactly(600L, 0L);
    }

    /**
     * forget -v and unlearn -v on a store that lost entries: each message without one says so on
     * its own line, as the API's detail does, not a bare "not learned" that reads as nothing to do;
     * a message whose entry is there says what it always said.
     */
    @Test
    void forgetAndUnlearnVerboseSayOfEachMessageWithoutAnEntryThatItIsNotInTheLedger() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
        Cli cli = learnedOverMonths(clock);
        assertThat(cli.run("db", "prune", "--ledger-older-than", "60").exitCode()).isZero();

        for (String verb : new String[] {"forget", "unlearn"}) {
            Cli.Result f = cli.run(verb, "-v", SAMPLES.resolve("ham.mbox").toString());
            assertThat(f.exitCode()).as(f.err()).isZero();
            java.util.List<String> perMessage = f.out().lines().filter(l -> !l.startsWith(verb + ":")).toList();
            assertThat(perMessage).hasSize(300).allMatch(l -> l.endsWith(": " + "not learned: not in the ledger (never learned, or its entry was pruned: then it stays counted)"), "each says it");
        }
        Cli.Result spam = cli.run("unlearn", "-v", "--ham", SAMPLES.resolve("spam.mbox").toString());
        assertThat(spam.out().lines().filter(l -> !l.startsWith("unlearn:")).toList()).hasSize(200)
                .allMatch(l -> l.endsWith(": not unlearned (learned as spam)"));
    }

    /** On a whole ledger, forget -v of a message never learned says "not learned", as before. */
    @Test
    void forgetVerboseOnAWholeLedgerSaysNotLearned() {
        Cli cli = new Cli(dir.resolve("db"));
        assertThat(cli.run("learn", "--spam", SAMPLES.resolve("spam.mbox").toString()).exitCode()).isZero();
        Cli.Result f = cli.run("forget", "-v", SAMPLES.resolve("ham.mbox").toString());
        assertThat(f.out().lines().filter(l -> !l.startsWith("forget:")).toList()).hasSize(300)
                .allMatch(l -> l.endsWith(": not learned"));
    }

    /** A store that never lost an entry: forget of a message never learned says only that. */
    @Test
    void forgetOfAMessageNeverLearnedSaysNothingMoreWhileTheLedgerIsWhole() {
        Cli cli = new Cli(dir.resolve("db"));
        assertThat(cli.run("learn", "--spam", SAMPLES.resolve("spam.mbox").toString()).exitCode()).isZero();
        Cli.Result f = cli.run("forget", SAMPLES.resolve("ham.mbox").toString());
        assertThat(f.out()).isEqualTo("forget: 300 messages (300 not learned)\n");
    }

    /** Export, import and check agree with a ledger shorter than the totals: none calls it damage. */
    @Test
    void aPrunedLedgerExportsImportsAndChecksWhole() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
        Cli cli = learnedOverMonths(clock);
        assertThat(cli.run("db", "prune", "--ledger-older-than", "60").exitCode()).isZero();
        Cli.Result check = cli.run("db", "check");
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();

        Path dump = dir.resolve("pruned.dump.gz");
        assertThat(cli.run("db", "export", dump.toString()).exitCode()).isZero();
        Cli fresh = new Cli(dir.resolve("db.new"), clock);
        Cli.Result imported = fresh.run("db", "import", dump.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        String sizes = "\"bytes_on_disk\":\\d+,\"bytes_in_use\":\\d+";
        assertThat(fresh.run("db", "stats", "--json").out().replaceAll(sizes, ""))
                .isEqualTo(cli.run("db", "stats", "--json").out().replaceAll(sizes, ""))
                .contains("\"ham\":300,\"spam\":200,\"tokens\":").contains("\"ledger\":200,\"messages_without_ledger_entry\":300");
        Dump original = export(cli, "original");
        Dump copy = export(fresh, "copy");
        assertThat(copy.totals).isEqualTo(original.totals);
        assertThat(copy.ledger).isEqualTo(original.ledger);
        assertThat(fresh.run("db", "check").exitCode()).isZero();
    }

    @Test
    void ledgerOlderThanBelowOneDayIsAUsageError() {
        Cli cli = trained();
        Cli.Result zero = cli.run("db", "prune", "--ledger-older-than", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--ledger-older-than must be between 1 and 36500, got 0");
        assertThat(cli.run("db", "stats", "--json").out()).contains("\"ledger\":500");
    }

    private Cli trained() {
        Cli cli = new Cli(dir.resolve("db"));
        Cli.Result r = cli.run("train", "--ham", SAMPLES.resolve("ham.mbox").toString(), "--spam", SAMPLES.resolve("spam.mbox").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return cli;
    }

    /** What a dump holds: totals, each token's (ham, spam), the ledger lines. */
    record Dump(List<Long> totals, List<long[]> tokens, List<String> ledger) {
        /** Each token's counts as text, in the dump's order: comparable as a whole. */
        List<String> tokenLines() {
            return tokens.stream().map(java.util.Arrays::toString).toList();
        }
    }

    private Dump export(Cli cli, String name) throws IOException {
        Path file = dir.resolve(name + ".dump.gz");
        Cli.Result r = cli.run("db", "export", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<Long> totals = new ArrayList<>();
        List<long[]> tokens = new ArrayList<>();
        List<String> ledger = new ArrayList<>();
        Pattern token = Pattern.compile("t [0-9a-f]{16} (-?\\d+) (-?\\d+)");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                Matcher m = token.matcher(line);
                if (m.matches()) tokens.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
                else if (line.startsWith("totals ")) for (String n : line.substring(7).split(" ")) totals.add(Long.parseLong(n));
                else if (line.startsWith("l ")) ledger.add(line);
            }
        }
        return new Dump(totals, tokens, ledger);
    }
}
