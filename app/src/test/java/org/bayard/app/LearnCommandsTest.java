package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's promises, through the commands a user types, on the real LMDB store. */
class LearnCommandsTest {
    @TempDir Path dir;
    Cli cli;
    Path spam;
    Path ham;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(dir.resolve("db"));
        spam = Files.writeString(dir.resolve("spam.eml"), """
                From: winner@lottery.example
                Subject: You have WON a free prize
                Message-ID: <win-1@lottery.example>

                Claim your free prize money now, click here to claim!
                """);
        ham = Files.writeString(dir.resolve("ham.eml"), """
                From: alice@example.org
                Subject: minutes of the list meeting
                Message-ID: <minutes-7@example.org>

                Attached are the minutes; the next meeting is on Tuesday.
                """);
    }

    private String stats() {
        Cli.Result r = cli.run("db", "stats", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        // Size on disk is not a count: LMDB keeps freed pages for reuse.
        return r.out().replaceAll("\"bytes_(on_disk|in_use)\":\\d+,", "");
    }

    @Test
    void learningTwiceSaysAlreadyLearnedAndChangesNoCount() {
        assertThat(cli.run("learn", "--spam", "-v", spam.toString()).out()).contains(spam + ": learned");
        String once = stats();
        Cli.Result again = cli.run("learn", "--spam", "-v", spam.toString());
        assertThat(again.out()).contains(spam + ": already learned").contains("learn spam: 1 message (1 already learned)");
        assertThat(stats()).isEqualTo(once);
        assertThat(once).contains("\"spam\":1").contains("\"ham\":0");
    }

    /** A folder is learned in one batch: a copy later in it is already learned, and the lines come in the folder's order. */
    @Test
    void learningAFolderWithACopyInItLearnsItOnce() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("junk"));
        Files.copy(spam, folder.resolve("a.eml"));
        Files.copy(ham, folder.resolve("b.eml"));
        Files.copy(spam, folder.resolve("c.eml"));
        Cli.Result r = cli.run("learn", "--spam", "-v", folder.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
                folder.resolve("a.eml") + ": learned",
                folder.resolve("b.eml") + ": learned",
                folder.resolve("c.eml") + ": already learned",
                "learn spam: 3 messages (2 learned, 1 already learned)");
        assertThat(stats()).contains("\"spam\":2").contains("\"ham\":0");
    }

    /**
     * An empty file (an emptied mailbox, a placeholder) was learned as a message: 'learn --spam'
     * said '1 learned' and the totals counted a spam of 12 features. It is not mail, as the
     * trap already said of an empty report.
     */
    @Test
    void anEmptyFileIsNotLearned() throws Exception {
        Path empty = Files.createFile(dir.resolve("spam.mbox"));
        Cli.Result r = cli.run("learn", "--spam", "-v", empty.toString(), spam.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
                empty + ": not learned (empty)",
                spam + ": learned",
                "learn spam: 2 messages (1 learned, 1 not mail)");
        assertThat(cli.run("train", "--ham", empty.toString()).out()).contains("train: 1 message (1 not mail)");
        assertThat(stats()).contains("\"spam\":1").contains("\"ham\":0");
    }

    /** 'train --ham - --spam -' learned the message as ham, then an empty standard input as a spam. */
    @Test
    void trainRefusesStandardInputForBothClasses() throws Exception {
        Cli.Result r = cli.runWithInput(Files.readAllBytes(spam), "train", "--ham", "-", "--spam", "-");
        assertThat(r.exitCode()).isEqualTo(2); // a usage error
        assertThat(r.err()).isEqualTo("bayard train: standard input can be read only once: give '-' to --ham or to --spam, not both"
                + " (see 'bayard train --help')\n");
        assertThat(cli.run("db", "stats").err()).as("refused before a store was made").contains("no store at");
    }

    /** 'cat spam.mbox | bayard learn --spam -' learned a mailbox as one message, and said only '1 learned'. */
    @Test
    void aMailboxPipedToStandardInputIsLearnedAsOneMessageWithAWarning() throws Exception {
        byte[] mbox = Files.readAllBytes(Path.of("../samples/spam.mbox"));
        Cli.Result r = cli.runWithInput(mbox, "learn", "--spam", "-");
        assertThat(r.out()).contains("learn spam: 1 message (1 learned)");
        assertThat(r.err().lines().toList()).containsExactly("bayard: warning: <stdin>: looks like a mailbox (a From line"
                + " after a blank line), but '-' is always one message: to read each message, name the file (or in bash"
                + " <(command)) instead");
        assertThat(cli.runWithInput(Files.readAllBytes(spam), "learn", "--ham", "-").err()).isEmpty();
    }

    /**
     * A file in a folder that cannot be read (here a dangling link; also a file the IMAP server
     * moved meanwhile, or one without read permission) stopped the whole run with exit 1: the
     * batch in progress was dropped, and nothing said what the store had kept. It is skipped with
     * a warning, the rest is learned, the summary counts it, and the exit code is still 1.
     */
    @Test
    void aFileInAFolderThatCannotBeReadIsSkippedAndTheRestIsLearned() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("junk"));
        Files.copy(spam, folder.resolve("a.eml"));
        Path dangling = Files.createSymbolicLink(folder.resolve("b.eml"), dir.resolve("gone.eml"));
        Files.copy(ham, folder.resolve("c.eml"));
        String warning = "bayard: warning: cannot read " + dangling + ": no such file; skipped";

        Cli.Result learn = cli.run("learn", "--spam", "-v", folder.toString());
        assertThat(learn.exitCode()).isEqualTo(1);
        assertThat(learn.out().lines().toList()).containsExactly(
                folder.resolve("a.eml") + ": learned",
                folder.resolve("c.eml") + ": learned",
                "learn spam: 2 messages (2 learned); 1 path could not be read (see the warnings)");
        assertThat(learn.err().lines().toList()).containsExactly(warning);
        assertThat(stats()).contains("\"spam\":2");

        Cli.Result train = cli.run("train", "--batch", "1", "--ham", folder.toString());
        assertThat(train.exitCode()).isEqualTo(1);
        assertThat(train.out()).contains("train: 2 messages (2 relearned)").contains("; 1 path could not be read");
        assertThat(train.err().lines().toList()).containsExactly(warning);
        assertThat(stats()).contains("\"ham\":2").contains("\"spam\":0");

        Cli.Result forget = cli.run("forget", folder.toString());
        assertThat(forget.exitCode()).isEqualTo(1);
        assertThat(forget.out()).contains("forget: 2 messages (2 unlearned); 1 path could not be read");
        assertThat(stats()).contains("\"ham\":0").contains("\"spam\":0");

        Cli.Result trap = cli.run("trap", "--spam", folder.toString());
        assertThat(trap.exitCode()).isEqualTo(1);
        assertThat(trap.out()).contains("2 learned").contains("; 1 path could not be read");
        assertThat(trap.err().lines().toList()).containsExactly(warning);
    }

    /**
     * A run stopped by an error part way (here standard input that fails; a full disk likewise)
     * keeps the batches it committed. It said only the error: the last batch stored was not
     * reported even with -v, and no summary said what the store now held.
     */
    @Test
    void aRunStoppedByAnErrorSaysWhatItStored() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("junk"));
        Files.copy(spam, folder.resolve("a.eml"));
        Files.copy(ham, folder.resolve("b.eml"));
        java.io.InputStream failing = new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("Input/output error");
            }
        };
        Cli.Result r = cli.runWithInput(failing, "train", "--batch", "1", "-v", "--spam", folder.toString(), "-");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out().lines().toList()).containsExactly(
                folder.resolve("a.eml") + ": spam learned",
                folder.resolve("b.eml") + ": spam learned",
                "train: 2 messages (2 learned) stored; stopped by the error below");
        assertThat(r.err()).contains("<stdin>").contains("Input/output error").doesNotContain("Exception");
        assertThat(stats()).contains("\"spam\":2");
    }

    /** Preparation runs on several threads, yet messages are learned and reported in the order given, batch after batch. */
    @Test
    void trainOnSeveralThreadsReportsInInputOrderAndCountsAsOneThread() throws Exception {
        Path hamDir = Files.createDirectory(dir.resolve("hams"));
        Path spamDir = Files.createDirectory(dir.resolve("spams"));
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < 11; n++) {
            boolean isSpam = n >= 7;
            Path f = (isSpam ? spamDir : hamDir).resolve(String.format("m%02d.eml", n));
            Files.writeString(f, "Message-ID: <m" + n + "@example.org>\nSubject: message " + n
                    + "\n\nbody words w" + n + " and some " + (isSpam ? "offer" : "meeting") + " text\n");
            expected.add(f + ": " + (isSpam ? "spam" : "ham") + " learned");
        }
        Cli.Result r = cli.run("train", "--threads", "3", "--batch", "2", "-v", "--ham", hamDir.toString(), "--spam", spamDir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> !l.startsWith("train: ")).toList()).containsExactlyElementsOf(expected);
        assertThat(r.out()).contains("train: 11 messages (11 learned)");
        String parallel = stats();

        Cli serial = new Cli(dir.resolve("db-serial"));
        assertThat(serial.run("train", "--threads", "1", "--ham", hamDir.toString(), "--spam", spamDir.toString()).exitCode()).isZero();
        Cli.Result serialStats = serial.run("db", "stats", "--json");
        assertThat(parallel).contains("\"ham\":7").contains("\"spam\":4")
                .isEqualTo(serialStats.out().replaceAll("\"bytes_(on_disk|in_use)\":\\d+,", ""));
        assertThat(cli.run("train", "--threads", "0", "--ham", hamDir.toString()).err()).contains("--threads must be between 1 and 1024, got 0");
        assertThat(cli.run("train", "--threads", "5000", "--ham", hamDir.toString()).err()).contains("--threads must be between 1 and 1024");
    }

    @Test
    void learningAsHamAfterSpamRelearnsAndMovesTheCounts() {
        cli.run("learn", "--spam", spam.toString());
        Cli.Result moved = cli.run("learn", "--ham", "-v", spam.toString());
        assertThat(moved.out()).contains(spam + ": relearned (was spam)");
        assertThat(stats()).contains("\"ham\":1").contains("\"spam\":0");
    }

    @Test
    void forgetRestoresTheCountsFromBefore() {
        cli.run("learn", "--ham", ham.toString());
        String before = stats();
        cli.run("learn", "--spam", spam.toString());
        assertThat(stats()).isNotEqualTo(before);
        Cli.Result forgot = cli.run("forget", "-v", spam.toString());
        assertThat(forgot.out()).contains(spam + ": unlearned (was spam)");
        assertThat(stats()).isEqualTo(before);
    }

    /** A folder is forgotten in one batch: a copy later in it finds the message gone, and the lines come in the folder's order. */
    @Test
    void forgettingAFolderWithACopyInItUnlearnsItOnce() throws Exception {
        cli.run("learn", "--ham", ham.toString());
        String before = stats();
        cli.run("learn", "--spam", spam.toString());
        Path folder = Files.createDirectory(dir.resolve("reported"));
        Files.copy(spam, folder.resolve("a.eml"));
        Files.writeString(folder.resolve("b.eml"), "Message-ID: <never@example.org>\nSubject: never learned\n\nHello.\n");
        Files.copy(spam, folder.resolve("c.eml"));
        Cli.Result r = cli.run("forget", "-v", folder.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
                folder.resolve("a.eml") + ": unlearned (was spam)",
                folder.resolve("b.eml") + ": not learned",
                folder.resolve("c.eml") + ": not learned",
                "forget: 3 messages (1 unlearned, 2 not learned)");
        assertThat(stats()).isEqualTo(before);
    }

    @Test
    void unlearnWithTheWrongClassLeavesTheMessage() {
        cli.run("learn", "--spam", spam.toString());
        String before = stats();
        assertThat(cli.run("unlearn", "--ham", "-v", spam.toString()).out()).contains("not unlearned (learned as spam)");
        assertThat(stats()).isEqualTo(before);
    }

    @Test
    void aMissingPathExitsOneNamingItAndLearnsNothing() {
        String missing = dir.resolve("no-such.mbox").toString();
        Cli.Result r = cli.run("train", "--ham", ham.toString(), "--spam", missing);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot read " + missing).doesNotContain("Exception");
        assertThat(cli.run("db", "stats").err()).as("refused before a store was made").contains("no store at");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(cli.run("learn", spam.toString()).exitCode()).isEqualTo(2);
        assertThat(cli.run("learn", "--spam", "--ham", spam.toString()).exitCode()).isEqualTo(2);
        assertThat(cli.run("no-such-command").exitCode()).isEqualTo(2);
    }
}
