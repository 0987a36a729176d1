package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.bayard.core.mailbox.MboxReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bayard eval} and {@code bayard eval plot} on a TREC index of the bundled sample messages. */
class EvalCommandTest {
    static final Path SAMPLES = ScoreAndFilterTest.SAMPLES;

    @TempDir static Path corpus;
    static Path index;
    static int messages;
    @TempDir Path dir;

    /** One file per message, as a TREC corpus is laid out; ham and spam interleaved in the index. */
    @BeforeAll
    static void writeCorpus() throws IOException {
        List<String> ham = split(SAMPLES.resolve("ham.mbox"), "ham");
        List<String> spam = split(SAMPLES.resolve("spam.mbox"), "spam");
        try (Stream<Path> heldOut = Files.list(SAMPLES.resolve("held-out"))) {
            for (Path p : heldOut.sorted().toList()) {
                String name = p.getFileName().toString();
                Path copy = Files.copy(p, Files.createDirectories(corpus.resolve("held-out")).resolve(name));
                (name.startsWith("spam") ? spam : ham).add("held-out/" + copy.getFileName());
            }
        }
        List<String> lines = new ArrayList<>();
        for (int h = 0, s = 0; h < ham.size() || s < spam.size(); ) {
            if (h < ham.size()) lines.add("ham " + ham.get(h++));
            if (h < ham.size()) lines.add("ham " + ham.get(h++));
            if (s < spam.size()) lines.add("spam " + spam.get(s++));
        }
        messages = lines.size();
        index = Files.write(corpus.resolve("index"), lines);
    }

    static List<String> split(Path mbox, String folder) throws IOException {
        List<String> names = new ArrayList<>();
        Files.createDirectories(corpus.resolve(folder));
        try (InputStream in = Files.newInputStream(mbox); MboxReader r = MboxReader.mbox(in, mbox.toString(), 1 << 22)) {
            while (r.hasNext()) {
                String name = folder + "/" + names.size() + ".eml";
                Files.write(corpus.resolve(name), r.next().bytes());
                names.add(name);
            }
        }
        return names;
    }

    Cli cli() {
        return new Cli(dir.resolve("db"));
    }

    @Test
    void crossValidationScoresEveryMessageOnceAndRecommendsCutoffs() throws IOException {
        Path scores = dir.resolve("scores.tsv");
        Cli.Result r = cli().run("eval", "--index", index.toString(), "--protocol", "cv", "--folds", "5", "--seed", "42",
                "--threads", "2", "--scores", scores.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("cv protocol (5 folds, seed 42)").contains("messages        " + messages + " (ham 304, spam 204)")
                .containsPattern("(?m)^  configured +0\\.2 +0\\.9 ").containsPattern("(?m)^  recommended +[0-9.]+ +[0-9.]+ ");
        List<String> scored = Files.readAllLines(scores).stream().map(l -> l.split("\t")[2]).toList();
        List<String> indexed = Files.readAllLines(index).stream().map(l -> l.split(" ")[1]).toList();
        assertThat(scored).as("every message once, in index order").containsExactlyElementsOf(indexed);
        assertThat(r.out()).containsPattern("1-ROCA%\\s+\\d+\\.\\d{4}");
    }

    @Test
    void theSameSeedGivesTheSameFigures() {
        String[] args = {"eval", "--index", index.toString(), "--protocol", "cv", "--folds", "4", "--seed", "7", "--json"};
        Cli.Result a = cli().run(args), b = cli().run(args);
        assertThat(a.exitCode()).as(a.err()).isZero();
        String strip = "\"seconds\":[0-9.]+,";
        assertThat(a.out().replaceAll(strip, "")).isEqualTo(b.out().replaceAll(strip, ""));
        assertThat(a.out()).contains("\"protocol\":\"cv\",\"folds\":4,\"seed\":7").contains("\"n\":" + messages)
                .contains("\"recommended\":{\"ham_cutoff\":");
    }

    @Test
    void reportIsFourFilesAndTheHtmlFetchesNothing() throws Exception {
        Path report = dir.resolve("report");
        Cli.Result r = cli().run("eval", "--index", index.toString(), "--protocol", "cv", "--folds", "3", "--report", report.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        try (Stream<Path> files = Files.list(report)) {
            assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder("roc.svg", "roc.png", "eval.json", "report.html");
        }
        String html = Files.readString(report.resolve("report.html"));
        assertThat(html).doesNotContain("http://").doesNotContain("https://").contains("<svg").contains("recommended");
        assertThat(Files.readString(report.resolve("eval.json"))).contains("\"corpus_size\" : " + messages).contains("\"folds\" : 3");
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.resolve("roc.svg").toFile());
    }

    @Test
    void plotDrawsSeveralScoreFilesOnOnePlot() throws IOException {
        Path ours = dir.resolve("bayard.tsv");
        assertThat(cli().run("eval", "--index", index.toString(), "--protocol", "batch", "--scores", ours.toString()).exitCode()).isZero();
        // Another filter on another scale: points, where higher is spammier.
        List<String> other = Files.readAllLines(ours).stream().map(l -> {
            String[] f = l.split("\t");
            return f[0] + "\t" + (Double.parseDouble(f[1]) * 40 - 15) + "\t" + f[2];
        }).toList();
        Path theirs = Files.write(dir.resolve("points.tsv"), other, StandardCharsets.UTF_8);
        Path out = dir.resolve("plot");
        Cli.Result r = cli().run("eval", "plot", "--scores", ours.toString(), "--label", "bayard", "--scores", theirs.toString(), "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^bayard ").containsPattern("(?m)^points ");
        String svg = Files.readString(out.resolve("roc.svg"));
        assertThat(svg.split("<polyline", -1)).hasSize(3);
        assertThat(svg).contains("ham-cutoff 0.2").contains("spam-cutoff 0.9");
        assertThat(Files.readString(out.resolve("report.html"))).contains("points").contains("1-ROCA%").doesNotContain("http://");
    }

    /** Bayard's batch scores of the corpus, and the path of that file. */
    Path ourScores() {
        Path ours = dir.resolve("bayard.tsv");
        assertThat(cli().run("eval", "--index", index.toString(), "--protocol", "batch", "--scores", ours.toString()).exitCode()).isZero();
        return ours;
    }

    /**
     * Another filter's score file that lists a message twice (two runs' output concatenated)
     * counted it twice, drawn as if the filter had seen twice the mail: refused, naming the
     * message, as eval refuses an index that lists one twice.
     */
    @Test
    void aScoreFileThatListsAMessageTwiceIsRefused() throws IOException {
        Path ours = ourScores();
        List<String> lines = Files.readAllLines(ours);
        List<String> twice = new ArrayList<>(lines);
        twice.addAll(lines.subList(0, 3));
        Path theirs = Files.write(dir.resolve("twice.tsv"), twice);
        Path out = dir.resolve("plot");
        Cli.Result r = cli().run("eval", "plot", "--scores", ours.toString(), "--label", "bayard", "--scores", theirs.toString(),
                "-o", out.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: score file " + theirs + " lists " + lines.get(0).split("\t")[2] + " more than once"
                + " (and 2 more messages): one score per message\n");
        assertThat(out).doesNotExist();
    }

    /**
     * Two score files that disagree on whether a message is spam (a converter that mislabelled,
     * files of two corpora with the same names) are not curves of the same mail: refused, naming
     * the message and both files, rather than a plot whose other curve looks ten times worse.
     */
    @Test
    void scoreFilesThatDisagreeOnAMessagesLabelAreRefused() throws IOException {
        Path ours = ourScores();
        List<String> lines = new ArrayList<>(Files.readAllLines(ours));
        String[] f = lines.get(4).split("\t");
        String flipped = f[0].equals("ham") ? "spam" : "ham";
        lines.set(4, flipped + "\t" + f[1] + "\t" + f[2]);
        Path theirs = Files.write(dir.resolve("other.tsv"), lines);
        Path out = dir.resolve("plot");
        Cli.Result r = cli().run("eval", "plot", "--scores", ours.toString(), "--label", "bayard", "--scores", theirs.toString(),
                "-o", out.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: " + f[2] + " is " + flipped + " in " + theirs + " but " + f[0] + " in " + ours
                + ": the files do not agree on which mail is spam\n");
        assertThat(out).doesNotExist();
    }

    /**
     * A score file of other messages (a filter that skipped some, names written another way) is
     * drawn, but not as if it were the same mail: a warning says how many messages the curves do
     * not share, in the output, the report and eval.json.
     */
    @Test
    void scoreFilesOverDifferentMessagesAreDrawnWithAWarning() throws IOException {
        Path ours = ourScores();
        List<String> lines = Files.readAllLines(ours);
        List<String> some = new ArrayList<>(lines.subList(0, lines.size() - 5));
        some.add("spam\t3.5\telsewhere/1");
        Path theirs = Files.write(dir.resolve("some.tsv"), some);
        Path out = dir.resolve("plot");
        Cli.Result r = cli().run("eval", "plot", "--scores", ours.toString(), "--label", "bayard", "--scores", theirs.toString(),
                "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String warning = "warning: some and bayard score different mail: 5 of bayard's " + lines.size()
                + " messages are not in some, and 1 of some's " + some.size() + " not in bayard (such as elsewhere/1)";
        assertThat(r.out()).startsWith(warning + "\n");
        assertThat(Files.readString(out.resolve("report.html"))).contains(warning.substring("warning: ".length()).replace("'", "&#39;"));
        assertThat(Files.readString(out.resolve("eval.json"))).contains("\"warnings\"");
    }

    /**
     * A filter whose scores run the other way (higher for ham, as CRM114's pR) drew a curve below
     * the diagonal that read as a filter worse than chance: a warning says so and how to turn it.
     */
    @Test
    void scoresThatRunTheOtherWayAreSaidToWithAWarning() throws IOException {
        Path ours = ourScores();
        List<String> negated = Files.readAllLines(ours).stream().map(l -> {
            String[] f = l.split("\t");
            return f[0] + "\t" + (-Double.parseDouble(f[1])) + "\t" + f[2];
        }).toList();
        Path theirs = Files.write(dir.resolve("pr.tsv"), negated);
        Path out = dir.resolve("plot");
        Cli.Result r = cli().run("eval", "plot", "--scores", ours.toString(), "--label", "bayard", "--scores", theirs.toString(),
                "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^warning: pr ranks ham above spam \\(AUC 0\\.\\d+\\): its scores seem to run the other"
                + " way \\(higher for ham\\); negate them so that higher means spammier$");
        assertThat(r.out()).doesNotContain("warning: bayard");
    }

    /** An empty score file, or one of a single class, is refused naming the file, not only the curve's --label. */
    @Test
    void aScoreFileWithoutBothClassesIsRefusedNamingTheFile() throws IOException {
        Path ours = ourScores();
        Path empty = Files.writeString(dir.resolve("bogo.tsv"), "");
        Cli.Result r = cli().run("eval", "plot", "--scores", ours.toString(), "--label", "bayard", "--scores", empty.toString(),
                "--label", "bogofilter", "-o", dir.resolve("plot").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: score file " + empty + " (bogofilter) has no scores: a ROC curve needs both ham and spam\n");
        Path ham = Files.writeString(dir.resolve("ham.tsv"), "ham\t0.1\ta\n");
        r = cli().run("eval", "plot", "--scores", ham.toString(), "-o", dir.resolve("plot").toString());
        assertThat(r.err()).isEqualTo("bayard: score file " + ham + " (ham) holds 1 ham and 0 spam: a ROC curve needs both ham and spam\n");
        assertThat(dir.resolve("plot")).doesNotExist();
    }

    /** A label longer than the name column pushed its row's figures out of line with the heading. */
    @Test
    void theTableStaysInLineWithALongLabel() throws IOException {
        Path ours = ourScores();
        Cli.Result r = cli().run("eval", "plot", "--scores", ours.toString(), "--label", "bayard", "--scores", ours.toString(),
                "--label", "spamassassin-3.4.6-bayes-only", "-o", dir.resolve("plot").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> rows = r.out().lines().limit(3).toList();
        int end = rows.get(0).indexOf("messages") + "messages".length();
        for (String row : rows.subList(1, 3)) assertThat(row.charAt(end - 1)).as(row).isNotEqualTo(' ');
        for (String row : rows.subList(1, 3)) assertThat(row.length()).as(row).isEqualTo(rows.get(0).length());
    }

    /** Score files of the same messages in another order: no warning. */
    @Test
    void scoreFilesOfTheSameMessagesInAnotherOrderGiveNoWarning() throws IOException {
        Path ours = ourScores();
        List<String> lines = new ArrayList<>(Files.readAllLines(ours));
        java.util.Collections.reverse(lines);
        Path theirs = Files.write(dir.resolve("reversed.tsv"), lines);
        Cli.Result r = cli().run("eval", "plot", "--scores", ours.toString(), "--label", "bayard", "--scores", theirs.toString(),
                "-o", dir.resolve("plot").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("filter ");
        assertThat(Files.readString(dir.resolve("plot").resolve("eval.json"))).doesNotContain("\"warnings\"");
    }

    @Test
    void trainToExhaustionBatchKeepsFewerMessagesThanTrainingEverything() {
        Cli.Result all = cli().run("eval", "--index", index.toString(), "--protocol", "batch", "--json");
        Cli.Result tte = cli().run("eval", "--index", index.toString(), "--protocol", "tte", "--json");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(tte.exitCode()).as(tte.err()).isZero();
        long allMessages = Long.parseLong(all.out().replaceAll("(?s).*\"model_messages\":(\\d+).*", "$1").strip());
        long tteMessages = Long.parseLong(tte.out().replaceAll("(?s).*\"model_messages\":(\\d+).*", "$1").strip());
        assertThat(allMessages).isEqualTo(254); // the first half of the 508-message index
        assertThat(tteMessages).isPositive().isLessThan(allMessages);
        assertThat(tte.out()).contains("\"protocol\":\"tte\"");
    }

    @Test
    void anIndexOfOneClassIsRefusedBeforeTheRun() throws IOException {
        // It ran to the end and exited 0 with AUC, 1-ROCA% and lam% NaN (and "NaN" strings in --json).
        List<String> hamOnly = Files.readAllLines(index).stream().filter(l -> l.startsWith("ham ")).toList();
        Path onlyHam = Files.write(corpus.resolve("index.ham-only"), hamOnly);
        Path scores = dir.resolve("scores.tsv");
        Cli.Result r = cli().run("eval", "--index", onlyHam.toString(), "--scores", scores.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("bayard: index " + onlyHam).contains(hamOnly.size() + " ham and 0 spam").doesNotContain("\n");
        assertThat(scores).doesNotExist();
        // batch scores the second half only: all spam here, though the index holds both
        List<String> spamLast = new ArrayList<>(hamOnly);
        Files.readAllLines(index).stream().filter(l -> l.startsWith("spam ")).forEach(spamLast::add);
        Path sorted = Files.write(corpus.resolve("index.spam-last"), spamLast.subList(hamOnly.size() - 2, spamLast.size()));
        Cli.Result batch = cli().run("eval", "--index", sorted.toString(), "--protocol", "batch");
        assertThat(batch.exitCode()).isEqualTo(1);
        assertThat(batch.err()).contains("second half").contains("0 ham and");
        assertThat(cli().run("eval", "--index", sorted.toString(), "--json").exitCode()).as("online scores all of it").isZero();
    }

    @Test
    void aNegativeCostIsRefusedBeforeTheRunAndWritesNothing() {
        // It was found only after the whole run, once the scores file had been written.
        Path scores = dir.resolve("scores.tsv");
        Cli.Result r = cli().run("eval", "--index", index.toString(), "--cost-fp", "-1", "--scores", scores.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("bayard eval: --cost-fp must be a finite number, 0 or more, got -1.0 (see 'bayard eval --help')"
                + System.lineSeparator());
        assertThat(r.out()).isEmpty();
        assertThat(scores).doesNotExist();
        Path out = dir.resolve("plot");
        Cli.Result plot = cli().run("eval", "plot", "--scores", scores.toString(), "--cost-unsure", "-0.5", "-o", out.toString());
        assertThat(plot.err()).contains("--cost-unsure must be");
        assertThat(out).doesNotExist();
    }

    @Test
    void aCostTooLargeToAddUpIsRefused() {
        // 1e308 per mistake summed to Infinity: every pair of cutoffs cost the same, and the pair
        // "recommended" (on a corpus of 24) called 10 of 12 ham spam, at a cost printed as Infinity.
        Cli.Result r = cli().run("eval", "--index", index.toString(), "--cost-fp", "1e308", "--cost-fn", "1e308");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("bayard eval: --cost-fp must be at most 1000000, got 1.0E308 (only the ratios of the costs"
                + " matter) (see 'bayard eval --help')" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
        Cli.Result largest = cli().run("eval", "--index", index.toString(), "--cost-fp", "1000000", "--cost-unsure", "0", "--json");
        assertThat(largest.exitCode()).as(largest.err()).isZero();
        assertThat(largest.out()).doesNotContain("Infinity").contains("\"false_positive\":1000000.0");
    }

    /**
     * A report folder that cannot be made (a name longer than the file system takes) was found only
     * once the run was over, its figures printed, and the scores file already replaced by the new
     * run's, with exit 1. It is refused before the run, which leaves the earlier scores as they were.
     */
    @Test
    void aReportFolderThatCannotBeMadeIsRefusedBeforeTheRun() throws IOException {
        Path scores = Files.writeString(dir.resolve("scores.tsv"), "an earlier run's scores\n");
        Path report = dir.resolve("reports").resolve("r".repeat(300));
        Cli.Result r = cli().run("eval", "--index", index.toString(), "--scores", scores.toString(), "--report", report.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("bayard: cannot write a report to " + report + ": ").hasLineCount(1).doesNotContain("Exception");
        assertThat(r.out()).as("no figures: the evaluation did not run").isEmpty();
        assertThat(scores).hasContent("an earlier run's scores");
        assertThat(dir.resolve("reports")).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("scores.tsv");
        }
    }

    @Test
    void aReportThatCannotBeWrittenWholeLeavesTheFolderAsItWas() throws IOException {
        // A file of the report that cannot be written (here roc.png is a folder; in life, a full
        // disk) stopped the writing half-way: roc.svg replaced, the rest missing or truncated.
        // The folder is now refused before the run; ReportFilesTest fails the writing itself.
        Path report = dir.resolve("report");
        Files.createDirectories(report.resolve("roc.png"));
        Files.writeString(report.resolve("roc.svg"), "an earlier run's plot");
        Cli.Result r = cli().run("eval", "--index", index.toString(), "--report", report.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("bayard: cannot write " + report.resolve("roc.png")).hasLineCount(1);
        assertThat(report.resolve("roc.svg")).hasContent("an earlier run's plot");
        try (Stream<Path> files = Files.list(report)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("roc.png", "roc.svg");
        }
    }

    @Test
    void scoresWrittenIntoTheReportFolderUnderAReportFilesNameAreRefusedBeforeTheRun() throws IOException {
        // '--scores rep/eval.json --report rep': the scores were written, then the report replaced
        // them with its own eval.json, and nothing said so.
        Path report = dir.resolve("rep");
        Files.createDirectories(report);
        Path earlier = Files.writeString(report.resolve("eval.json"), "an earlier run's figures");
        List<Path> clashes = List.of(earlier, report.resolve("roc.svg"), dir.resolve("rep/./../rep/report.html"),
                Files.createSymbolicLink(dir.resolve("link.json"), earlier));
        for (Path scores : clashes) {
            Cli.Result r = cli().run("eval", "--index", index.toString(), "--scores", scores.toString(), "--report", report.toString());
            assertThat(r.exitCode()).as(scores.toString()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("bayard eval: --scores " + scores + " is a file the report writes in " + report
                    + ": give the scores a file of their own (see 'bayard eval --help')" + System.lineSeparator());
            assertThat(r.out()).as("refused before the run").isEmpty();
            assertThat(earlier).hasContent("an earlier run's figures");
            assertThat(report.resolve("roc.svg")).doesNotExist();
        }
        // the report folder itself, or a folder it would be made in, cannot be the scores file either
        Path notYet = dir.resolve("new");
        for (Path scores : List.of(notYet)) {
            Cli.Result r = cli().run("eval", "--index", index.toString(), "--scores", scores.toString(), "--report", notYet.resolve("rep").toString());
            assertThat(r.exitCode()).as(scores.toString()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("bayard eval: --scores " + scores + " is where the report goes (" + notYet.resolve("rep")
                    + "): give the scores a file of their own (see 'bayard eval --help')" + System.lineSeparator());
            assertThat(notYet).doesNotExist();
        }
        // a name that only looks alike is fine: beside the folder, or in it under a name of its own
        for (Path scores : List.of(dir.resolve("eval.json"), report.resolve("scores.tsv"))) {
            Cli.Result r = cli().run("eval", "--index", index.toString(), "--scores", scores.toString(), "--report", report.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(scores).isNotEmptyFile();
        }
    }

    @Test
    void aReportFileNameTakenByAFolderIsRefusedBeforeTheRun() throws IOException {
        // A folder named eval.json in the report folder was found only when the report was
        // written, after the whole run (an hour of cross-validation), its scores already written.
        for (String name : List.of("roc.svg", "roc.png", "eval.json", "report.html")) {
            Path report = dir.resolve("report-" + name);
            Files.createDirectories(report.resolve(name));
            Path scores = dir.resolve("scores-" + name + ".tsv");
            Cli.Result r = cli().run("eval", "--index", index.toString(), "--scores", scores.toString(), "--report", report.toString());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("bayard: cannot write " + report.resolve(name) + ": it is a directory; the report writes a file there"
                    + System.lineSeparator());
            assertThat(r.out()).as("refused before the run").isEmpty();
            assertThat(scores).doesNotExist();
        }
    }

    @Test
    void aReportFileNameTakenByAPipeIsRefusedBeforeTheRun() throws Exception {
        // A named pipe there was opened for writing when the report was written, and the
        // finished run waited on it for ever.
        Path report = Files.createDirectories(dir.resolve("report"));
        assertThat(Commands.run("mkfifo", report.resolve("eval.json").toString()).exit()).isZero();
        Cli.Result r = cli().run("eval", "--index", index.toString(), "--report", report.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: cannot write " + report.resolve("eval.json") + ": not a regular file; the report writes a file there"
                + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aRunThatFailsLeavesNoNewReportFolder() throws IOException {
        // The folder was made before the run, so that a path that cannot be one is refused at
        // once; a run that then failed (too many folds for the corpus) left it behind, empty.
        Path report = dir.resolve("new").resolve("report");
        Cli.Result r = cli().run("eval", "--index", index.toString(), "--protocol", "cv", "--folds", "100000", "--report", report.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("100000 folds");
        assertThat(dir.resolve("new")).doesNotExist();
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        Cli.Result onFile = cli().run("eval", "--index", index.toString(), "--report", file.resolve("report").toString());
        assertThat(onFile.exitCode()).isEqualTo(1);
        assertThat(onFile.err()).startsWith("bayard: cannot write a report to " + file.resolve("report")).hasLineCount(1);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone"));
        Cli.Result onLink = cli().run("eval", "--index", index.toString(), "--report", dangling.resolve("report").toString());
        assertThat(onLink.exitCode()).isEqualTo(1);
        assertThat(onLink.err()).isEqualTo("bayard: cannot write a report to " + dangling.resolve("report") + ": " + dangling
                + " is a link to nothing\n");
        assertThat(onLink.out()).as("refused before the run").isEmpty();
    }

    @Test
    void aMessageLargerThanAnArrayIsScoredOnWhatTheFilterScans() throws IOException {
        // The whole file was read for the filter's first 2 MiB: a 3 GiB one stopped the run with
        // "out of memory ... give it more with BAYARD_JAVA_OPTS=-Xmx", which no heap could cure.
        Path huge = dir.resolve("huge.eml");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.write("Subject: a very large message\n\n".getBytes(StandardCharsets.US_ASCII));
            f.setLength(3L << 30); // sparse: no disk is used for the zeros
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(index).stream().map(l -> l.replaceFirst(" ", " " + corpus + "/")).toList());
        lines.add("spam " + huge);
        Path withHuge = Files.write(dir.resolve("index"), lines);
        Cli.Result r = cli().run("eval", "--index", withHuge.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("messages        " + (messages + 1) + " (ham 304, spam 205)");
    }

    @Test
    void pathsOfAnIndexReachedThroughALinkAreRelativeToTheIndexItself() throws IOException {
        // A link to TREC's full/index from a working folder resolved '../data/inmail.1' against
        // the link's folder: every message was "no such file".
        Path link = Files.createSymbolicLink(dir.resolve("linked-index"), index);
        Cli.Result r = cli().run("eval", "--index", link.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("messages        " + messages + " (ham 304, spam 204)");
    }

    @Test
    void scoresAreNeverWrittenOverTheIndex() throws IOException {
        // '--scores index' for '--scores index.tsv' replaced the corpus's index with the scores.
        Path copy = Files.copy(index, corpus.resolve("index-copy"));
        byte[] before = Files.readAllBytes(copy);
        Path sameThroughLink = Files.createSymbolicLink(dir.resolve("link"), copy);
        for (Path scores : List.of(copy, sameThroughLink)) {
            Cli.Result r = cli().run("eval", "--index", copy.toString(), "--scores", scores.toString());
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("bayard eval: --scores " + scores + " is the index: give the scores a file of their own"
                    + " (see 'bayard eval --help')" + System.lineSeparator());
            assertThat(copy).hasBinaryContent(before);
        }
    }

    @Test
    void aMessageThatIsNoRegularFileIsRefusedBeforeTheRun() throws Exception {
        // A named pipe passed every check and the run waited on it for ever, at its turn.
        Path fifo = dir.resolve("pipe.eml");
        assertThat(Commands.run("mkfifo", fifo.toString()).exit()).isZero();
        List<String> lines = new ArrayList<>(Files.readAllLines(index).stream().map(l -> l.replaceFirst(" ", " " + corpus + "/")).toList());
        lines.add("spam " + fifo);
        Path withPipe = Files.write(dir.resolve("index"), lines);
        Cli.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> cli().run("eval", "--index", withPipe.toString()));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: index " + withPipe + " lists a message that cannot be read: " + fifo
                + ": not a regular file\n");
    }

    @Test
    void anIndexFromAPipeHasPathsRelativeToTheCurrentFolder() throws Exception {
        // 'bayard eval --index <(shuf index)' in the corpus folder: the pipe is in no folder of
        // files, and its paths were looked for in /dev ("no such file" for every message).
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "eval", "--index", "/dev/stdin")
                .directory(corpus.toFile()).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(Files.readAllBytes(index)); // a pipe: the child's standard input
        }
        Commands.Ran ran = Commands.outputOf(p, 120); // killed if it runs over
        String out = ran.output();
        assertThat(ran.exit()).as(out).isZero();
        assertThat(out).contains("messages        " + messages + " (ham 304, spam 204)");
    }

    @Test
    void aMessageTheIndexListsButThatCannotBeReadIsNamedBeforeTheRun() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(index));
        lines.add("ham held-out");     // a folder
        lines.add("spam nowhere.eml"); // missing
        Path bad = Files.write(corpus.resolve("bad-index"), lines);
        Path scores = dir.resolve("scores.tsv");
        Cli.Result r = cli().run("eval", "--index", bad.toString(), "--scores", scores.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: index " + bad + " lists a message that cannot be read: held-out ("
                + corpus.resolve("held-out") + "): it is a directory (and 1 more)\n");
        assertThat(r.err()).as("found before the run").doesNotContain("eval:");
        assertThat(scores).doesNotExist();
    }

    @Test
    void twoCurvesOfOneNameAreRefused() throws IOException {
        Path first = Files.createDirectories(dir.resolve("run1")).resolve("scores.tsv");
        Path second = Files.createDirectories(dir.resolve("run2")).resolve("scores.tsv");
        Files.writeString(first, "ham\t0.1\ta\nspam\t0.8\tb\n");
        Files.writeString(second, "ham\t0.3\ta\nspam\t0.2\tb\n");
        Path out = dir.resolve("plot");
        Cli.Result r = cli().run("eval", "plot", "--scores", first.toString(), "--scores", second.toString(), "-o", out.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: two curves are named 'scores' (" + first + " and " + second
                + "); give each --scores its own --label\n");
        assertThat(out).doesNotExist();
        r = cli().run("eval", "plot", "--scores", first.toString(), "--label", "a", "--scores", second.toString(), "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @Test
    void aMessageListedTwiceIsRefusedBeforeTheRun() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(index));
        lines.addAll(Files.readAllLines(index).subList(0, 3)); // two indexes concatenated
        Path twice = Files.write(corpus.resolve("twice-index"), lines);
        Cli.Result r = cli().run("eval", "--index", twice.toString(), "--protocol", "cv", "--folds", "3");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("bayard: index " + twice + " lists " + lines.get(0).split(" ")[1] + " more than once (and 2 more repeats): ")
                .hasLineCount(1);
    }

    @Test
    void aMessageListedTwiceUnderTwoNamesIsRefusedBeforeTheRun() throws IOException {
        // A link (or a hard link, as 'cp -l' makes when a corpus is sorted into folders) is the
        // same message under another name: it was trained in one fold and scored in another.
        List<String> lines = new ArrayList<>(Files.readAllLines(index).stream().map(l -> l.replaceFirst(" ", " " + corpus + "/")).toList());
        Path first = Path.of(lines.get(0).split(" ", 2)[1]);
        Path hard = Files.createLink(dir.resolve("hard.eml"), first);
        Path soft = Files.createSymbolicLink(dir.resolve("soft.eml"), first);
        for (Path copy : List.of(hard, soft)) {
            List<String> withCopy = new ArrayList<>(lines);
            withCopy.add("ham " + copy);
            Path twice = Files.write(dir.resolve("index"), withCopy);
            Cli.Result r = cli().run("eval", "--index", twice.toString(), "--protocol", "cv", "--folds", "3");
            assertThat(r.exitCode()).as(copy.toString()).isEqualTo(1);
            assertThat(r.err()).startsWith("bayard: index " + twice + " lists " + copy + " more than once").hasLineCount(1);
        }
    }

    /** A report is made to be served (docs/, a web server): it was 0600 whatever the folder, so the server got 403. */
    @Test
    void aReportIsReadableByWhoeverMayReadItsFolder() throws IOException {
        Path scores = Files.writeString(dir.resolve("x.tsv"), "ham\t0.1\ta\nspam\t0.8\tb\nham\t0.3\tc\n");
        Path shared = Files.createDirectory(dir.resolve("shared"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path own = Files.createDirectory(dir.resolve("own"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x")); // whatever the umask
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwx------"));
        for (Path out : List.of(shared, own)) {
            Cli.Result r = cli().run("eval", "plot", "--scores", scores.toString(), "-o", out.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
        }
        for (String name : List.of("roc.svg", "roc.png", "eval.json", "report.html")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared.resolve(name)))).as(name).isEqualTo("rw-r--r--");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(own.resolve(name)))).as(name).isEqualTo("rw-------");
        }
    }

    @Test
    void aBadScoreFileLeavesNoOutputFolder() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.tsv"), "ham\t0.1\ta\nspam\tmaybe\tb\n");
        Path out = dir.resolve("plot");
        Cli.Result r = cli().run("eval", "plot", "--scores", bad.toString(), "-o", out.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(bad + ":2:");
        assertThat(out).as("an empty folder was left behind").doesNotExist();
        Path oneClass = Files.writeString(dir.resolve("ham.tsv"), "ham\t0.1\ta\n");
        assertThat(cli().run("eval", "plot", "--scores", oneClass.toString(), "-o", out.toString()).exitCode()).isEqualTo(1);
        assertThat(out).doesNotExist();
    }

    @Test
    void scoresToADashGoToStandardOutputAndTheFiguresToStandardError() throws IOException {
        // '-' is standard output for every other command's output file (db export, mbox collect):
        // eval wrote a file named '-' in the current folder, and nothing reached the pipe.
        Path dash = Path.of("-").toAbsolutePath();
        assertThat(dash).as("no file named '-' before the run").doesNotExist();
        Cli.Result r;
        try {
            r = cli().run("eval", "--index", index.toString(), "--scores", "-");
            assertThat(dash).as("a file named '-'").doesNotExist();
        } finally {
            Files.deleteIfExists(dash);
        }
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(messages).allMatch(l -> l.matches("(ham|spam)\t(-?[0-9.]+(E-?[0-9]+)?|-?Infinity)\t.+"), "label<TAB>score<TAB>path");
        assertThat(r.err()).as("the figures, kept out of the scores").contains("messages        " + messages + " (ham 304, spam 204)")
                .contains("recommended");
        Cli.Result both = cli().run("eval", "--index", index.toString(), "--scores", "-", "--json");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).isEqualTo("bayard eval: --json and --scores - both write to standard output: give --scores a file"
                + " (see 'bayard eval --help')\n");
        assertThat(both.out()).isEmpty();
    }

    /**
     * An index that is no index (a message or a log given by mistake, one line of megabytes) was
     * refused with the whole line in the error: a 5 MB "one-line" message on the terminal or in
     * cron's mail. The line is cut to its start.
     */
    @Test
    void aHugeWrongLineInTheIndexIsShownCut() throws IOException {
        Path wrong = Files.writeString(dir.resolve("wrong-index"), "A".repeat(5_000_000) + "\n");
        Cli.Result r = cli().run("eval", "--index", wrong.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).startsWith("bayard: " + wrong + ":1: expected 'spam PATH' or 'ham PATH', got 'AAA")
                .hasSizeLessThan(400);
        Path label = Files.writeString(dir.resolve("wrong-label"), "B".repeat(5_000_000) + " x\n");
        Cli.Result r2 = cli().run("eval", "--index", label.toString());
        assertThat(r2.exitCode()).isEqualTo(1);
        assertThat(r2.err()).hasLineCount(1).startsWith("bayard: " + label + ":1: ").hasSizeLessThan(400);
    }

    /**
     * It said only 'bayard: no space left on device': which of the outputs, it did not say. And
     * /dev/full, a device, opens as any does and refuses only the first write, which came once the
     * whole run was over (an hour, on a large corpus): it is tried before the run, as a file on a
     * full disk is, so on a terminal, where the run draws its progress, none is drawn. So is a link to it.
     */
    @Test
    void scoresThatCannotBeWrittenAreNamedBeforeTheRun() throws IOException {
        Cli.Result r = cli().runOnTerminal("eval", "--index", index.toString(), "--scores", "/dev/full");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).as("one line, no progress: the run never began").isEqualTo("bayard: cannot write /dev/full: no space left on device\n");
        assertThat(r.out()).as("no figures: the evaluation did not run").isEmpty();
        Path link = Files.createSymbolicLink(dir.resolve("scores-link"), Path.of("/dev/full"));
        Cli.Result linked = cli().runOnTerminal("eval", "--index", index.toString(), "--scores", link.toString());
        assertThat(linked.exitCode()).isEqualTo(1);
        assertThat(linked.err()).isEqualTo("bayard: cannot write " + link + ": no space left on device\n");
    }

    /**
     * The figures (or the scores, with --scores -) go to standard output: on /dev/full, or on a
     * closed one, which the launcher makes /dev/full, every write failed only once the run was
     * over, and the scores file had been put in place by then though eval ended with 1. It is tried
     * before the run too (a JVM of its own: only the process's own standard output is tried).
     */
    @Test
    void aStandardOutputThatRefusesWritesIsRefusedBeforeTheRun() throws Exception {
        Path scores = dir.resolve("full-out-scores.tsv");
        Commands.Ran ran = Commands.run(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "eval", "--index", index.toString(), "--scores",
                scores.toString(), "--json").redirectOutput(new java.io.File("/dev/full")), 120);
        assertThat(ran.exit()).as(ran.errors()).isEqualTo(1);
        assertThat(ran.errors()).isEqualTo("bayard: cannot write to standard output (closed or full): no space left on device\n");
        assertThat(scores).as("the run never began, so its scores were neither written nor put in place").doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary left").noneMatch(n -> n.contains("full-out-scores"));
        }
    }

    @Test
    void anIndexOfADashIsReadFromStandardInput() throws IOException {
        // 'shuf index | bayard eval --index -' said "cannot read index -: no such file"
        List<String> lines = Files.readAllLines(index).stream().map(l -> l.replaceFirst(" ", " " + corpus + "/")).toList();
        Cli.Result r = cli().runWithInput(String.join("\n", lines).getBytes(StandardCharsets.UTF_8), "eval", "--index", "-");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("online protocol, standard input, ").contains("messages        " + messages + " (ham 304, spam 204)");
        Cli.Result bad = cli().runWithInput("ham\n".getBytes(StandardCharsets.UTF_8), "eval", "--index", "-");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("bayard: standard input:1: expected 'spam PATH' or 'ham PATH', got 'ham'\n");
    }

    @Test
    void crossValidationOutOfMemorySaysToRunFewerFoldsAtOnce() throws Exception {
        // Each fold being run holds its own model, and --threads defaults to every processor: out
        // of memory, eval was told to use "a smaller --batch", an option it does not have.
        Commands.Ran ran = Commands.run(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx16m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "eval", "--index", index.toString(),
                "--protocol", "cv", "--folds", "16", "--threads", "16").redirectErrorStream(true), 120);
        String out = ran.output();
        assertThat(ran.exit()).as(out).isEqualTo(1);
        assertThat(out).startsWith("bayard: out of memory").contains("fewer --threads").doesNotContain("--batch").hasLineCount(1);
    }

    /**
     * eval compared a probability it rebuilt from the log-odds with the cutoffs, where the filter
     * compares its own probability, (1 + H - S) / 2 in doubles, which is 0 for every message below
     * about 1e-16: at a ham cutoff of 1e-30 (eval recommended such cutoffs, 6.6e-41 say, when
     * unsure mail is cheap) it counted as unsure messages the filter calls ham.
     */
    @Test
    void theFiguresAtTinyCutoffsAreThoseTheFilterWouldGive() throws IOException {
        org.bayard.core.classify.ClassifierParams d = org.bayard.core.classify.ClassifierParams.DEFAULTS;
        org.bayard.core.classify.ClassifierParams params = new org.bayard.core.classify.ClassifierParams(d.unknownWordStrength(),
                d.unknownWordProb(), d.minimumProbStrength(), d.maxDiscriminators(), d.maxEvidenceTokens(), 1e-30, d.spamCutoff());
        Path config = Files.writeString(dir.resolve("bayard.yml"), "classifier:\n  ham-cutoff: 1.0e-30\n");
        Cli.Result r = cli().run("eval", "--index", index.toString(), "--json", "-c", config.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();

        // the online replay, verdicts as the filter gives them
        org.bayard.core.train.MessagePreparer preparer = Engine.newPreparer(org.bayard.app.config.BayardConfig.DEFAULTS);
        org.bayard.core.classify.MessageScorer scorer = new org.bayard.core.classify.MessageScorer(params);
        int unsure = 0, hamCalledHam = 0;
        try (var store = new org.bayard.core.store.InMemoryTokenStore(org.bayard.core.token.Tokenizer.VERSION)) {
            var learner = new org.bayard.core.train.Learner(store, java.time.Clock.systemUTC());
            for (String line : Files.readAllLines(index)) {
                String[] f = line.split(" ", 2);
                var label = org.bayard.core.store.MailClass.parse(f[0]);
                var prepared = preparer.prepare(Files.readAllBytes(corpus.resolve(f[1])), false);
                try (var view = store.read()) {
                    var verdict = scorer.score(prepared, view).verdict();
                    if (verdict == org.bayard.core.classify.Verdict.UNSURE) unsure++;
                    if (verdict == org.bayard.core.classify.Verdict.HAM && label == org.bayard.core.store.MailClass.HAM) hamCalledHam++;
                }
                learner.learn(prepared, label, org.bayard.core.store.LearnSource.EVAL);
            }
        }
        assertThat(hamCalledHam).as("the filter calls some ham ham even at a cutoff of 1e-30").isPositive();
        assertThat(r.out()).contains("\"configured\":{\"ham_cutoff\":1.0E-30,\"spam_cutoff\":0.9,")
                .containsPattern("\"configured\":\\{[^}]*\"unsure\":" + unsure + ",");
    }

    @Test
    void aReportToADashIsRefused() throws IOException {
        // '-' is standard output for --scores and standard input for --index; a report is four
        // files, and '--report -' made a folder named '-' in the current folder
        Path dash = Path.of("-").toAbsolutePath();
        Cli.Result r;
        try {
            r = cli().run("eval", "--index", index.toString(), "--report", "-");
            assertThat(dash).as("a folder named '-'").doesNotExist();
        } finally {
            if (Files.isDirectory(dash)) {
                try (Stream<Path> files = Files.list(dash)) {
                    for (Path f : files.toList()) Files.delete(f);
                }
            }
            Files.deleteIfExists(dash);
        }
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("bayard eval: --report - cannot be standard output: a report is four files; give it a folder"
                + " (see 'bayard eval --help')\n");
    }

    @Test
    void aCompressedMessageIsRefusedBeforeTheRun() throws IOException {
        // Dovecot's zlib plugin keeps Maildir files gzip-compressed: an index of such a Maildir
        // was scored as binary junk, with figures of no meaning, where learn refuses such files.
        List<String> lines = new ArrayList<>(Files.readAllLines(index).stream().map(l -> l.replaceFirst(" ", " " + corpus + "/")).toList());
        Path message = Path.of(lines.get(0).split(" ", 2)[1]);
        Path gz = dir.resolve("1.eml.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(message));
        }
        lines.add("ham " + gz);
        Path withGz = Files.write(dir.resolve("index"), lines);
        Cli.Result r = cli().run("eval", "--index", withGz.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: index " + withGz + " lists a compressed message: " + gz
                + " is gzip-compressed, not mail; decompress it first (zcat)\n");
        assertThat(r.out()).as("refused before the run").isEmpty();
    }

    @Test
    void moreFoldsThanMessagesSaysWhichOptionToChange() {
        // "bayard: cannot make 1000 folds of 508 messages" named neither the option nor the index
        Cli.Result r = cli().run("eval", "--index", index.toString(), "--protocol", "cv", "--folds", "1000");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: cannot make 1000 folds of the " + messages + " messages index " + index
                + " lists: give --folds at most " + messages + "\n");
    }

    @Test
    void usageMistakesExitTwo() {
        assertThat(cli().run("eval").exitCode()).isEqualTo(2);
        assertThat(cli().run("eval", "--index", index.toString(), "--folds", "3").exitCode()).isEqualTo(2);
        Cli.Result tooMany = cli().run("eval", "--index", index.toString(), "--protocol", "cv", "--folds", "100000");
        assertThat(tooMany.exitCode()).isEqualTo(1);
        assertThat(tooMany.err()).contains("100000 folds");
        Cli.Result one = cli().run("eval", "--index", dir.resolve("no-index").toString(), "--protocol", "cv", "--folds", "1");
        assertThat(one.exitCode()).isEqualTo(2);
        assertThat(one.err()).as("named, and before the index is read")
                .isEqualTo("bayard eval: --folds must be at least 2, got 1 (see 'bayard eval --help')\n");
    }
}
