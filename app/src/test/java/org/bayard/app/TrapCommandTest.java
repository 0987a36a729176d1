package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.core.train.Forwards.attached;
import static org.bayard.core.train.Forwards.attachedBase64;
import static org.bayard.core.train.Forwards.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.token.Tokenizer;
import org.bayard.core.train.Autolearn;
import org.bayard.core.train.AutolearnParams;
import org.bayard.core.train.Forwards;
import org.bayard.core.train.Learner;
import org.bayard.core.train.PreparedMessage;
import org.bayard.app.config.BayardConfig;
import org.bayard.store.lmdb.LmdbTokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spam and ham traps through {@code bayard trap}, on the real LMDB store. */
class TrapCommandTest {
    @TempDir Path dir;
    Path db;
    Cli cli;
    final String one = Forwards.message("one", "cheap pills", "Buy cheap pills now, best prices online.");
    final String two = Forwards.message("two", "hot stocks", "This stock will triple before Friday.");
    final String three = Forwards.message("three", "you won", "Claim your lottery prize today.");

    @BeforeEach
    void setUp() {
        db = dir.resolve("db");
        cli = new Cli(db);
    }

    private Path file(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    private Cli.Result trap(String trapClass, Path message) {
        Cli.Result r = cli.run("trap", trapClass, "-v", message.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r;
    }

    private List<LedgerEntry> ledger() {
        List<LedgerEntry> all = new ArrayList<>();
        try (LmdbTokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION); ReadView v = store.read()) {
            v.forEachLedgerEntry(all::add);
        }
        return all;
    }

    private String stats() {
        return cli.run("db", "stats", "--json").out();
    }

    /**
     * A folder of reports is learned in one group: a message attached to two reports is learned
     * from the first and already known in the second, and the lines come in the folder's order.
     */
    @Test
    void aFolderOfReportsIsLearnedInOrderAsOneByOne() throws Exception {
        Path backlog = Files.createDirectory(dir.resolve("backlog"));
        Files.write(backlog.resolve("a.eml"), Forwards.forward("first", attached(one), attached(two)));
        Files.write(backlog.resolve("b.eml"), Forwards.forward("second", attached(two), attached(three)));
        Cli.Result r = cli.run("trap", "--spam", "-v", backlog.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
                backlog.resolve("a.eml") + " attachment 1 (message/rfc822) <one@spam.example>: learned",
                backlog.resolve("a.eml") + " attachment 2 (message/rfc822) <two@spam.example>: learned",
                backlog.resolve("b.eml") + " attachment 1 (message/rfc822) <two@spam.example>: already known",
                backlog.resolve("b.eml") + " attachment 2 (message/rfc822) <three@spam.example>: learned",
                "trap spam: 4 messages in 2 trap messages: 3 learned, 1 already known, 0 relearned, 0 refused");
        assertThat(stats()).contains("\"ham\":0,\"spam\":3").contains("\"ledger\":3");
    }

    @Test
    void aForwardWithThreeSpamAttachmentsLearnsThreeMessagesAsTrapDecisions() throws Exception {
        Path report = file("report.eml", Forwards.forward("three spams", text("more junk, see attached"),
                attached(one), attachedBase64(two), attached(three)));
        Cli.Result r = trap("--spam", report);
        assertThat(r.out()).contains("trap spam: 3 messages in 1 trap message: 3 learned, 0 already known, 0 relearned, 0 refused")
                .contains(report + " attachment 2 (message/rfc822, base64) <two@spam.example>: learned");
        assertThat(stats()).contains("\"ham\":0,\"spam\":3").contains("\"ledger\":3");
        assertThat(ledger()).extracting(LedgerEntry::source).containsOnly(LearnSource.TRAP);
        assertThat(ledger()).extracting(LedgerEntry::messageId)
                .containsExactlyInAnyOrder("<one@spam.example>", "<two@spam.example>", "<three@spam.example>");
    }

    @Test
    void sendingTheSameReportAgainLearnsNone() throws Exception {
        Path report = file("report.eml", Forwards.forward("three spams", attached(one), attached(two), attached(three)));
        trap("--spam", report);
        String before = stats();
        Cli.Result again = trap("--spam", report);
        assertThat(again.out()).contains("3 messages in 1 trap message: 0 learned, 3 already known, 0 relearned, 0 refused");
        assertThat(stats()).isEqualTo(before);
    }

    @Test
    void forwardingOneOfThemToTheHamTrapRelearnsExactlyThatOne() throws Exception {
        trap("--spam", file("report.eml", Forwards.forward("three spams", attached(one), attached(two), attached(three))));
        Cli.Result moved = trap("--ham", file("oops.eml", Forwards.forward("not spam after all", attached(two))));
        assertThat(moved.out()).contains("<two@spam.example>: relearned (was spam)")
                .contains("trap ham: 1 message in 1 trap message: 0 learned, 0 already known, 1 relearned, 0 refused");
        assertThat(stats()).contains("\"ham\":1,\"spam\":2").contains("\"ledger\":3");
        assertThat(ledger()).filteredOn(e -> e.mailClass() == MailClass.HAM).extracting(LedgerEntry::messageId)
                .containsExactly("<two@spam.example>");
    }

    @Test
    void aGarbageAttachmentIsRefusedByNameAndTheRestIsStillLearned() throws Exception {
        byte[] noise = new byte[900];
        new SplittableRandom(11).nextBytes(noise);
        Path report = file("bad.eml", Forwards.forward("half broken", attached(one),
                new Forwards.Part("Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n",
                        Base64.getMimeEncoder().encodeToString(noise) + "\n"),
                attached("")));
        Cli.Result r = trap("--spam", report);
        assertThat(r.out())
                .containsPattern("refused: " + report + " attachment 2 \\(message/rfc822, base64\\): not a mail message")
                .contains("refused: " + report + " attachment 3 (message/rfc822): empty")
                .contains("3 messages in 1 trap message: 1 learned, 0 already known, 0 relearned, 2 refused");
        assertThat(ledger()).extracting(LedgerEntry::messageId).containsExactly("<one@spam.example>");
        assertThat(stats()).contains("\"spam\":1");
    }

    /**
     * The trap read a report up to limits.max-parts (200) parts, the filter's limit on parts it
     * describes: a user forwarding 300 spams in one report had 100 of them left unlearned, told
     * only "parts after 200: not read". The trap has its own bound, far above any report.
     */
    @Test
    void aReportOfThreeHundredSpamsLearnsAllThreeHundred() throws Exception {
        Forwards.Part[] spams = new Forwards.Part[300];
        for (int i = 0; i < spams.length; i++) {
            spams[i] = attached(Forwards.message("s" + i, "offer " + i, "Cheap offer number " + i + " ends today."));
        }
        Cli.Result r = trap("--spam", file("many.eml", Forwards.forward("300 spams", spams)));
        assertThat(r.out()).contains("many.eml attachment 300 (message/rfc822) <s299@spam.example>: learned")
                .contains("trap spam: 300 messages in 1 trap message: 300 learned, 0 already known, 0 relearned, 0 refused");
        assertThat(stats()).contains("\"ledger\":300");
    }

    /** Past the trap's own bound the receipt says which attachment reading stopped after, so the rest can be sent again. */
    @Test
    void pastTheTrapsPartBoundTheReceiptSaysWhereReadingStopped() throws Exception {
        String flood = "Content-Type: multipart/mixed; boundary=e\n\n--e\nContent-Type: message/rfc822\n\n" + one
                + "\n--e\n\n".repeat(org.bayard.core.train.TrapExtractor.MAX_PARTS) + "--e\nContent-Type: message/rfc822\n\n" + two + "\n--e--\n";
        Path report = file("flood.eml", flood.getBytes());
        Cli.Result r = trap("--spam", report);
        assertThat(r.out()).contains("refused: " + report + " after attachment 1: not read: more than 10000 parts in one trap message; "
                        + "send the rest in another report")
                .contains("trap spam: 2 messages in 1 trap message: 1 learned, 0 already known, 0 relearned, 1 refused");
        assertThat(ledger()).extracting(LedgerEntry::messageId).containsExactly("<one@spam.example>");
    }

    @Test
    void aResentMessageWithNothingAttachedIsLearnedWholeWithoutOurHeaders() throws Exception {
        String delivered = "Resent-From: member@example.org\nX-Spam-Status: No, score=0.5 required=5.0 tests=BAYES_20 "
                + "autolearn=no version=0.1.0\nX-Spam-Flag: NO\n" + one;
        Cli.Result r = trap("--spam", file("bounced.eml", delivered.getBytes()));
        assertThat(r.out()).contains("whole message <one@spam.example>: learned");
        // The same message forwarded as an attachment without our headers is the one already learned.
        Cli.Result again = trap("--spam", file("fwd.eml", Forwards.forward("fwd", attached("Resent-From: member@example.org\n" + one))));
        assertThat(again.out()).contains("1 already known");
    }

    @Test
    void autolearnNeverOverridesWhatATrapOrAModeratorDecided() throws Exception {
        trap("--spam", file("report.eml", Forwards.forward("spam", attached(one))));
        BayardConfig config = BayardConfig.DEFAULTS;
        Autolearn autolearn = new Autolearn(new AutolearnParams(true, 10.0, 0.01));
        try (LmdbTokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION)) {
            Learner learner = new Learner(store, Clock.systemUTC());
            PreparedMessage trapped = Engine.newPreparer(config).prepare(one.getBytes(), false);
            PreparedMessage moderated = Engine.newPreparer(config).prepare(two.getBytes(), false);
            learner.learn(moderated, MailClass.SPAM, LearnSource.MODERATOR);
            assertThat(autolearn.learn(learner, () -> trapped, -5, 0.001)).isEqualTo(Autolearn.Decision.NO);
            assertThat(autolearn.learn(learner, () -> moderated, 0, 0.0)).isEqualTo(Autolearn.Decision.NO);
            try (ReadView v = store.read()) {
                assertThat(v.ledgerEntry(trapped.identity().digest()).orElseThrow().source()).isEqualTo(LearnSource.TRAP);
                assertThat(v.ledgerEntry(moderated.identity().digest()).orElseThrow().mailClass()).isEqualTo(MailClass.SPAM);
                assertThat(v.totals().spam()).isEqualTo(2);
                assertThat(v.totals().ham()).isZero();
            }
        }
    }

    /**
     * A trap address's alias pipes each report to {@code bayard trap --spam -}, and Postfix's
     * local(8) reads the exit code: 1 is a bounce. A store that could not be opened (damaged
     * here, as a full disk or a permission would do) returned 1, and the report went back to its
     * sender instead of waiting in the queue; it is now 75 (EX_TEMPFAIL), and what is no mail
     * is 65 (EX_DATAERR), a usage error 64, where a report of nothing but refusals said 0.
     * Files keep their codes.
     */
    @Test
    void aTrapPipeSaysInSysexitsWhatBecameOfTheReport() throws Exception {
        byte[] report = Forwards.forward("spam", attached(one));
        Cli.Result learned = cli.runWithInput(report, "trap", "--spam", "-");
        assertThat(learned.exitCode()).as(learned.err()).isZero();
        assertThat(learned.out()).contains("1 learned");
        Cli.Result known = cli.runWithInput(report, "trap", "--spam", "-");
        assertThat(known.exitCode()).as(known.err()).isZero();
        assertThat(known.out()).contains("1 already known");

        Cli.Result noMail = cli.runWithInput("hello\n".getBytes(), "trap", "--spam", "-");
        assertThat(noMail.exitCode()).as(noMail.err()).isEqualTo(65);
        assertThat(noMail.out()).contains("refused: <stdin> whole message: not a mail message");
        assertThat(cli.runWithInput(new byte[0], "trap", "--ham", "-").exitCode()).isEqualTo(65);
        // one attachment refused beside one learned: the report was taken
        Cli.Result part = cli.runWithInput(Forwards.forward("mixed", attached(two), attached("hello\n")), "trap", "--spam", "-");
        assertThat(part.exitCode()).as(part.out()).isZero();

        Cli.Result usage = cli.runWithInput(report, "trap", "--spam", "--no-such-option", "-");
        assertThat(usage.exitCode()).isEqualTo(64);
        assertThat(usage.err()).hasLineCount(1).contains("--no-such-option");
        // standard input named twice is the command line's mistake, not a failure to try again
        Cli.Result twice = cli.runWithInput(report, "trap", "--spam", "-", "-");
        assertThat(twice.exitCode()).as(twice.err()).isEqualTo(64);
        assertThat(twice.err()).hasLineCount(1).contains("standard input can be read only once");
        assertThat(cli.runWithInput(report, "learn", "--spam", "-", "-").exitCode()).isEqualTo(2);

        // as on files, a file that is no mail is a refusal on the receipt, exit 0
        Path notMail = file("note.txt", "hello\n".getBytes());
        assertThat(cli.run("trap", "--spam", notMail.toString()).exitCode()).isZero();

        StorePages pages = new StorePages(db.resolve("data.mdb"));
        pages.write(pages.newestMeta() * StorePages.PAGE + 16 + 24, 0, 4);
        Cli.Result damaged = cli.runWithInput(Forwards.forward("spam", attached(three)), "trap", "--spam", "-");
        assertThat(damaged.exitCode()).as(damaged.err()).isEqualTo(75);
        assertThat(damaged.err()).hasLineCount(1).contains("is damaged");
        Path fwd = file("fwd.eml", Forwards.forward("spam", attached(three)));
        assertThat(cli.run("trap", "--spam", fwd.toString()).exitCode()).as("on files, as before").isEqualTo(1);
    }
}
