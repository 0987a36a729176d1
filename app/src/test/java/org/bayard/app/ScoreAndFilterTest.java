package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * score's text output is one line per message, but the path was printed as it is: a file name
     * with a newline split its line in two (and an escape sequence in one reached the terminal),
     * so a script reading the lines misread the verdicts.
     */
    @Test
    void scorePrintsOneLinePerMessageWhateverTheFileName() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("odd-names"));
        Files.copy(SAMPLES.resolve("held-out/ham-2.eml"), folder.resolve("a\nspam\u001b[31m.eml"));
        Cli.Result r = cli.run("score", "--clues", "0", folder.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(1).allMatch(l -> l.contains(" ham ") && l.chars().allMatch(c -> c >= 0x20));
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

    /**
     * Pipe mode wrote X-Spam-Score and X-Spam-Status from the built-in Bayes points and
     * required=5.0 whatever the configuration said: a site that set policy.bayes-points or
     * hold-score saw the defaults in every filtered message's headers.
     */
    @Test
    void filterHeadersUseTheConfiguredBayesPointsAndHoldScore() throws Exception {
        Path config = Files.writeString(dir.resolve("points.yaml"), "policy:\n  hold-score: 7.5\n  bayes-points:\n"
                + "    BAYES_00: -4.5\n    BAYES_01: -4.5\n    BAYES_05: -4.5\n    BAYES_20: 4.5\n    BAYES_40: 4.5\n"
                + "    BAYES_60: 4.5\n    BAYES_80: 4.5\n    BAYES_90: 4.5\n    BAYES_95: 4.5\n    BAYES_99: 4.5\n    BAYES_999: 4.5\n");
        byte[] message = Files.readAllBytes(SAMPLES.resolve("held-out/spam-1.eml"));
        Cli.Result r = cli.runWithInput(message, "filter", "--config", config.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("X-Spam-Score: 4.5\n").containsPattern("X-Spam-Status: No, score=4\\.5 required=7\\.5 tests=BAYES_\\d+ ");
        assertSpamAssassinConsistent(r.out());
    }

    /**
     * SpamAssassin writes "Yes" and X-Spam-Flag: YES exactly when score >= required. Pipe mode
     * took Yes/No from the classifier's verdict (spam-cutoff) but score= from the Bayes band's
     * points and required= from hold-score: with spam-cutoff 1.0 near-certain spam read
     * "No, score=10.0 required=5.0", and a rule on the score disagreed with one on the flag.
     */
    @Test
    void filterStatusAgreesWithItsScoreAndRequiredWhateverTheCutoffs() throws Exception {
        byte[] message = Files.readAllBytes(SAMPLES.resolve("held-out/spam-1.eml"));
        for (String yaml : new String[] {"classifier:\n  spam-cutoff: 1.0\n", "classifier:\n  spam-cutoff: 0.95\n",
                "classifier:\n  ham-cutoff: 0.01\n  spam-cutoff: 0.02\npolicy:\n  hold-score: 9.0\n  tag-score: 9.0\n"}) {
            Path config = Files.writeString(dir.resolve("cutoffs.yaml"), yaml);
            Cli.Result r = cli.runWithInput(message, "filter", "--config", config.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertSpamAssassinConsistent(r.out());
        }
        Cli.Result unsure = cli.runWithInput(message, "filter", "--exit-code", "--config", dir.resolve("cutoffs.yaml").toString());
        assertThat(unsure.out()).as("the classifier's own verdict still decides the exit code").contains("X-Bayard-Classification: spam;");
    }

    /** Yes/No and X-Spam-Flag say what score= compared with required= says, as SpamAssassin reads them. */
    static void assertSpamAssassinConsistent(String head) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("X-Spam-Status: (Yes|No), score=(-?\\d+\\.\\d) required=(-?\\d+\\.\\d) ").matcher(head);
        assertThat(m.find()).as(head).isTrue();
        boolean reached = Double.parseDouble(m.group(2)) >= Double.parseDouble(m.group(3));
        assertThat(m.group(1)).as(m.group()).isEqualTo(reached ? "Yes" : "No");
        assertThat(head).contains("X-Spam-Flag: " + (reached ? "YES" : "NO") + "\n").contains("X-Spam-Score: " + m.group(2) + "\n");
    }

    /**
     * A mistyped option in the pipe command (a procmail recipe, Postfix's master.cf) wrote
     * nothing and exited 2: with --exit-code that is bogofilter's "unsure", and by default not
     * the tempfail code, so the MTA could bounce the mail. Now the message goes out unchanged with
     * the filter's failure code, as for any other failure.
     */
    @Test
    void aUsageErrorInPipeModeStillPassesTheMessageWithTheFailureCode() throws Exception {
        byte[] message = Files.readAllBytes(SAMPLES.resolve("held-out/ham-2.eml"));
        Cli.Result withCode = cli.runWithInput(message, "filter", "--exit-code", "--clues", "x");
        assertThat(withCode.exitCode()).isEqualTo(3);
        assertThat(withCode.outBytes()).isEqualTo(message);
        assertThat(withCode.err()).contains("'x' is not an int").contains("message passed unfiltered");
        Cli.Result plain = cli.runWithInput(message, "filter", "--exit-cod");
        assertThat(plain.exitCode()).isEqualTo(75);
        assertThat(plain.outBytes()).isEqualTo(message);
    }

    /**
     * filter's options written before it in the pipe command ("bayard --db /var/lib/bayard/db
     * filter", as git -C and spamc -d take options first) were a usage error of bayard itself:
     * exit 2 and nothing written, which Postfix's pipe(8) bounces and --exit-code reads as
     * unsure. They are a mistyped recipe like any other: the message goes out unchanged with the
     * failure code, and the line says where the option goes.
     */
    @Test
    void filtersOptionsBeforeItPassTheMessageWithTheFailureCode() throws Exception {
        byte[] message = Files.readAllBytes(SAMPLES.resolve("held-out/ham-2.eml"));
        String db = dir.resolve("db").toString();
        Cli.Result plain = cli.runWithInput(message, "--db", db, "filter");
        assertThat(plain.exitCode()).as(plain.err()).isEqualTo(75);
        assertThat(plain.outBytes()).isEqualTo(message);
        assertThat(plain.err()).isEqualTo("bayard filter: Unknown option: '--db'; it goes after the command: bayard filter --db ...;"
                + " message passed unfiltered (see 'bayard filter --help')\n");
        // a store named db: picocli took the value for the db command
        Cli.Result named = cli.runWithInput(message, "--db", "db", "filter", "--exit-code");
        assertThat(named.exitCode()).as(named.err()).isEqualTo(3);
        assertThat(named.outBytes()).isEqualTo(message);
        for (String[] args : List.of(new String[] {"--exit-code", "filter"}, new String[] {"-c", db + "/none.yaml", "--clues", "3", "filter"},
                new String[] {"--db=" + db, "filter", "--clues", "2"})) {
            Cli.Result r = cli.runWithInput(message, args);
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(args[0].equals("--exit-code") ? 3 : 75);
            assertThat(r.outBytes()).isEqualTo(message);
            assertThat(r.err()).contains("it goes after the command: bayard filter " + args[0].split("=")[0] + " ...");
        }
        // another command after an option is not filter's, even with a file named filter
        Cli.Result other = cli.runWithInput(message, "--db", db, "score", "filter");
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.out()).isEmpty();
    }

    /**
     * With many --clues, X-Bayard-Classification was written as one line of any length (1,357
     * characters for --clues 100), past RFC 5322's limit of 998, which MTAs and mail stores may
     * cut or refuse. A field that long is now folded between clues.
     */
    @Test
    void filterFoldsAHeaderLongerThanTheLineLimit() throws Exception {
        byte[] message = Files.readAllBytes(SAMPLES.resolve("held-out/spam-1.eml"));
        Cli.Result r = cli.runWithInput(message, "filter", "--clues", "200");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines()).allMatch(l -> l.length() <= 998);
        String head = r.out().substring(0, r.out().indexOf("\n\n"));
        String field = head.substring(head.indexOf("X-Bayard-Classification:")).replaceAll("\n\t", " ");
        assertThat(field.split(", \"", -1).length).isGreaterThan(40);
    }

    @Test
    void filterOfHamExitsOneWithExitCodeAndZeroByDefault() throws Exception {
        byte[] message = Files.readAllBytes(SAMPLES.resolve("held-out/ham-2.eml"));
        assertThat(cli.runWithInput(message, "filter", "--exit-code").exitCode()).isEqualTo(1);
        Cli.Result plain = cli.runWithInput(message, "filter");
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.out()).contains("X-Spam-Flag: NO");
    }

    /**
     * Headers of ours, or of SpamAssassin's, that arrive with the message are forgeries as far as
     * this filter knows: all six names are removed (whatever their case, with their continuation
     * lines) before ours are added, where the README named only the four that are added.
     */
    @Test
    void filterRemovesEveryArrivingSpamHeaderItKnows() {
        byte[] message = ("x-spam-flag:YES\nX-SPAM-STATUS: Yes, score=99\n\tcontinued\nSubject: s\nX-Spam-Level: ***\n"
                + "X-Spam-Bayes: 0.99\nX-Spam-Score: 99\nX-Bayard-Classification: spam\nX-Spam-Report: kept\n\n"
                + "X-Spam-Flag: YES in the body is kept\n").getBytes(StandardCharsets.US_ASCII);
        Cli.Result r = cli.runWithInput(message, "filter");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String head = r.out().substring(0, r.out().indexOf("\n\n") + 1);
        assertThat(head).startsWith("Subject: s\nX-Spam-Report: kept\nX-Spam-Flag: NO\n")
                .doesNotContain("Level").doesNotContain("Bayes:").doesNotContain("99").doesNotContain("continued");
        assertThat(r.out()).endsWith("\n\nX-Spam-Flag: YES in the body is kept\n");
    }

    /**
     * A sender's X-Bayard-Released claims a moderator let the message through; the gate removes it
     * from mail it passes, and the pipe mode, which writes the same fields, removes it too.
     */
    @Test
    void filterRemovesAForgedReleasedField() {
        byte[] message = "Subject: s\nX-Bayard-Released: by admin via the moderation page\n\nbody\n".getBytes(StandardCharsets.US_ASCII);
        Cli.Result r = cli.runWithInput(message, "filter");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Subject: s\nX-Spam-Flag: ").doesNotContain("X-Bayard-Released");
    }

    /**
     * procmail, maildrop and Postfix end a line at LF only; a bare CR is just a byte in it. A spam
     * with one in a header field (Subject, then CR, then text that is no field) had our fields
     * written right after that CR, so X-Spam-Flag: YES was the tail of the Subject line, and the
     * README's recipe {@code ^X-Spam-Flag: YES} let the spam into the inbox.
     */
    @Test
    void filterWritesItsFieldsAtTheStartOfALineAfterABareCarriageReturn() throws Exception {
        String spam = new String(Files.readAllBytes(SAMPLES.resolve("held-out/spam-1.eml")), StandardCharsets.ISO_8859_1);
        int subjectEnd = spam.indexOf('\n', spam.indexOf("\nSubject:") + 1);
        byte[] message = (spam.substring(0, subjectEnd) + "\r(not a field)" + spam.substring(subjectEnd))
                .getBytes(StandardCharsets.ISO_8859_1);
        Cli.Result r = cli.runWithInput(message, "filter");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String out = new String(r.outBytes(), StandardCharsets.ISO_8859_1);
        String head = out.substring(0, out.indexOf("\n\n") + 1);
        assertThat(head.split("\n")).as("the header's lines as procmail sees them").contains("X-Spam-Flag: YES");
        assertThat(out.replaceFirst("(?m)^X-Spam-Flag: YES\n(X-[^\n]*\n)+", "")).as("nothing else changed")
                .isEqualTo(spam.substring(0, subjectEnd) + "\r(not a field)\n" + spam.substring(subjectEnd + 1));
    }

    /**
     * A message of header fields with no line end after the last one, which was a forged field of
     * ours: the line end written for that last line stayed when the field was removed, so our
     * fields came after an empty line, in the body, where no recipe looks for them.
     */
    @Test
    void filterKeepsItsFieldsInTheHeaderWhenTheLastForgedFieldHadNoLineEnd() {
        byte[] message = "Subject: s\nX-Spam-Flag: YES".getBytes(StandardCharsets.US_ASCII);
        Cli.Result r = cli.runWithInput(message, "filter");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Subject: s\nX-Spam-Flag: NO\nX-Spam-Score: ").endsWith("\n\n")
                .containsOnlyOnce("\n\n").containsOnlyOnce("X-Spam-Flag");
    }

    /** bogofilter's table has three verdicts: unsure is 2, neither the spam nor the ham code. */
    @Test
    void filterOfUnsureMailExitsTwoWithExitCodeAndZeroByDefault() {
        // Words the sample never had: only a few header features decide, and they disagree.
        byte[] message = "Subject: qqzzv wwxxk\nMessage-ID: <a@b.c>\nFrom: a@b.example\n\nqqzzv wwxxk ppllm\n"
                .getBytes(StandardCharsets.US_ASCII);
        Cli.Result withCode = cli.runWithInput(message, "filter", "--exit-code");
        assertThat(withCode.out()).as(withCode.err()).contains("X-Bayard-Classification: unsure; ");
        assertThat(withCode.exitCode()).isEqualTo(2);
        assertThat(cli.runWithInput(message, "filter").exitCode()).isZero();
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

    /**
     * A mistyped --db (or $BAYARD_DB) in a procmail recipe made a new empty store there, and every
     * message went out as unsure with p=0.5 and exit 0. Like score, filter needs a store that
     * exists: the message passes unchanged with the failure code, and nothing is created.
     */
    @Test
    void filterOfAStoreThatDoesNotExistPassesTheMessageWithTheFailureCode() throws Exception {
        Path missing = dir.resolve("no-such-store");
        byte[] message = "Subject: hi\n\nhello\n".getBytes(StandardCharsets.US_ASCII);
        Cli.Result r = new Cli(missing).runWithInput(message, "filter");
        assertThat(r.exitCode()).isEqualTo(75);
        assertThat(r.outBytes()).isEqualTo(message);
        assertThat(r.err()).contains("passed unfiltered").contains("no store at " + missing);
        assertThat(new Cli(missing).runWithInput(message, "filter", "--exit-code").exitCode()).isEqualTo(3);
        assertThat(missing).doesNotExist();
    }

    /**
     * Pipe mode read all of stdin into memory: a large enough message exhausted the heap and was
     * lost. Past limits.max-scan-bytes a message now goes through unchanged and unscored, as spamc
     * does past its size limit; up to the limit it is scored as before.
     */
    @Test
    void filterPassesAMessageLargerThanTheScanLimitUnchanged() throws Exception {
        Path config = Files.writeString(dir.resolve("small-scan.yaml"), "limits:\n  max-scan-bytes: 4096\n");
        byte[] spam = Files.readAllBytes(SAMPLES.resolve("held-out/spam-1.eml"));
        byte[] atLimit = padded("X-Spam-Flag: NO\n" + new String(spam, StandardCharsets.ISO_8859_1), 4096);
        Cli.Result scored = cli.runWithInput(atLimit, "filter", "--config", config.toString());
        assertThat(scored.exitCode()).isZero();
        assertThat(scored.out()).contains("X-Spam-Flag: YES").doesNotContain("X-Spam-Flag: NO");

        byte[] overLimit = padded("X-Spam-Flag: NO\n" + new String(spam, StandardCharsets.ISO_8859_1), 4097);
        Cli.Result passed = cli.runWithInput(overLimit, "filter", "--config", config.toString());
        assertThat(passed.exitCode()).isZero();
        assertThat(passed.outBytes()).isEqualTo(overLimit);
        assertThat(passed.err()).isEqualTo("bayard filter: message passed unscored: it is larger than limits.max-scan-bytes (4096 bytes)\n");
        Cli.Result withCode = cli.runWithInput(overLimit, "filter", "--exit-code", "--config", config.toString());
        assertThat(withCode.exitCode()).as("not spam, as spamc counts it").isEqualTo(1);
        assertThat(withCode.outBytes()).isEqualTo(overLimit);
    }

    /** The message with lines of x appended to its body until it is exactly {@code size} bytes. */
    private static byte[] padded(String message, int size) {
        StringBuilder b = new StringBuilder(message);
        while (b.length() < size) b.append(b.length() % 64 == 63 ? '\n' : 'x');
        return b.substring(0, size).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void tokensPrintsPrefixedFeatures() {
        Cli.Result r = cli.run("tokens", SAMPLES.resolve("held-out/spam-1.eml").toString());
        assertThat(r.out()).containsPattern("(?m)^subject:").containsPattern("(?m)^from:");
    }

    /** explain and tokens wrote every non-ASCII token as \\uXXXX escapes: a Russian spam's clues could not be read. */
    @Test
    void explainAndTokensShowTokensOfAnyScriptAsTheyAre() throws Exception {
        Path message = Files.writeString(dir.resolve("cyrillic.eml"), "Subject: \u0441\u043a\u0438\u0434\u043a\u0438\n"
                + "Content-Type: text/plain; charset=utf-8\n\n\u0446\u0435\u043d\u0430 caf\u00e9 \u65e5\u672c\u8a9e\n",
                StandardCharsets.UTF_8);
        Cli.Result tokens = cli.run("tokens", message.toString());
        assertThat(tokens.out()).contains("subject:\u0441\u043a\u0438\u0434\u043a\u0438\n", "\n\u0446\u0435\u043d\u0430\n",
                "\ncaf\u00e9\n", "\u65e5\u672c\u8a9e").doesNotContain("\\u");
    }

    /** tokens of an mbox or folder ran every message's features together, with nothing to say which was whose. */
    @Test
    void tokensOfSeveralMessagesHeadsEachWithItsOrigin() {
        Cli.Result folder = cli.run("tokens", SAMPLES.resolve("held-out").toString());
        assertThat(folder.exitCode()).as(folder.err()).isZero();
        assertThat(folder.out()).startsWith("==> " + SAMPLES.resolve("held-out/ham-1.eml") + " <==\n")
                .contains("\n==> " + SAMPLES.resolve("held-out/spam-4.eml") + " <==\n");
        assertThat(folder.out().lines().filter(l -> l.startsWith("==> "))).hasSize(8);
        Cli.Result one = cli.run("tokens", SAMPLES.resolve("held-out/ham-1.eml").toString());
        assertThat(one.out()).doesNotContain("==> ").contains("\nsubject:");
    }
}
