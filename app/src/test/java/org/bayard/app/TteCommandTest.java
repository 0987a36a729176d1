package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bayard.app.cli.TteCommand;
import org.bayard.app.config.BayardConfig;
import org.bayard.core.mailbox.MailInputs;
import org.bayard.core.mailbox.RawMessage;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.bayard.core.token.Tokenizer;
import org.bayard.core.train.ContentDigest;
import org.bayard.core.train.Learner;
import org.bayard.core.train.TrainToExhaustion.Round;
import org.bayard.store.lmdb.LmdbTokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bayard tte} on the bundled sample (300 ham, 200 spam), on the real LMDB store. */
class TteCommandTest {
    static final Pattern ROUND = Pattern.compile(
            "^round: ([ \\d]\\d), msgs: ( {0,3}\\d+), ham misses: ( {0,2}\\d+), spam misses: ( {0,2}\\d+), \\d+\\.\\ds$",
            Pattern.MULTILINE);
    static final String HAM = Path.of("../samples/ham.mbox").toString();
    static final String SPAM = Path.of("../samples/spam.mbox").toString();

    @TempDir Path dir;
    Path db;
    Path out;
    Cli cli;

    @BeforeEach
    void setUp() {
        db = dir.resolve("db");
        out = dir.resolve("out");
        cli = new Cli(db);
    }

    private static List<RawMessage> read(Path mbox) {
        try (MailInputs in = new MailInputs(List.of(mbox.toString()), InputStream.nullInputStream())) {
            List<RawMessage> all = new ArrayList<>();
            in.forEachRemaining(all::add);
            return all;
        }
    }

    private static Set<Digest> digests(List<RawMessage> messages) {
        Set<Digest> all = new HashSet<>();
        for (RawMessage m : messages) all.add(ContentDigest.identify(m.bytes()).digest());
        return all;
    }

    @Test
    void theRoundLineIsSpamBayesLine() {
        assertThat(TteCommand.roundLine(new Round(1, 576, 149, 203, 352, 2_600_000_000L, List.of())))
                .isEqualTo("round:  1, msgs:  576, ham misses: 149, spam misses: 203, 2.6s");
        assertThat(TteCommand.roundLine(new Round(12, 12345, 0, 1234, 0, 61_240_000_000L, List.of())))
                .isEqualTo("round: 12, msgs: 12345, ham misses:   0, spam misses: 1234, 61.2s");
    }

    @Test
    void theSampleConvergesAndTheCulledMailboxesHoldExactlyTheTrainedMessages() throws Exception {
        Cli.Result r = cli.run("tte", "--ham", HAM, "--spam", SPAM, "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("warning");
        Matcher m = ROUND.matcher(r.out());
        List<int[]> rounds = new ArrayList<>();
        while (m.find()) {
            rounds.add(new int[] {Integer.parseInt(m.group(1).trim()), Integer.parseInt(m.group(2).trim()),
                    Integer.parseInt(m.group(3).trim()), Integer.parseInt(m.group(4).trim())});
        }
        assertThat(rounds).as(r.out()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(rounds).allSatisfy(x -> assertThat(x[1]).isEqualTo(500));
        assertThat(rounds.get(0)[2] + rounds.get(0)[3]).isPositive();
        int[] last = rounds.get(rounds.size() - 1);
        assertThat(last[2] + last[3]).as("the last round has no misses").isZero();
        assertThat(r.out()).contains("tte: converged after " + rounds.size() + " rounds");

        List<RawMessage> ham = read(out.resolve("ham.mbox.cull"));
        List<RawMessage> spam = read(out.resolve("spam.mbox.cull"));
        assertThat(ham.size()).isPositive().isLessThan(300);
        assertThat(spam.size()).isPositive().isLessThan(200);
        assertThat(r.out()).containsPattern("(?m)^ *" + ham.size() + " of   300$").containsPattern("(?m)^ *" + spam.size() + " of   200$");
        try (LmdbTokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION); ReadView v = store.read()) {
            assertThat(v.totals()).isEqualTo(new Totals(ham.size(), spam.size()));
            Set<Digest> hamLedger = new HashSet<>();
            Set<Digest> spamLedger = new HashSet<>();
            v.forEachLedgerEntry(e -> (e.mailClass() == MailClass.HAM ? hamLedger : spamLedger).add(e.digest()));
            assertThat(digests(ham)).isEqualTo(hamLedger);
            assertThat(digests(spam)).isEqualTo(spamLedger);
        }

        List<String> log = Files.readAllLines(out.resolve("tte.log"));
        for (int[] round : rounds) {
            String prefix = "round " + round[0] + ": " + round[2] + " ham misses, " + round[3] + " spam misses, ";
            int start = log.indexOf(log.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow()) + 1;
            List<String> misses = log.subList(start, start + round[2] + round[3]);
            assertThat(misses).filteredOn(l -> l.startsWith("ham  ")).hasSize(round[2]);
            assertThat(misses).filteredOn(l -> l.startsWith("spam ")).hasSize(round[3]);
        }
        assertThat(log).anyMatch(l -> l.matches("(ham |spam) <[^>]+>"));
    }

    @Test
    void notConvergingWithinTheLimitIsAWarningPointingAtTheLog() {
        Cli.Result r = cli.run("tte", "--ham", HAM, "--spam", SPAM, "--out", out.toString(), "--max-rounds", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(ROUND.matcher(r.out()).results().count()).isEqualTo(1);
        assertThat(r.err()).contains("warning: not converged within 1 rounds").contains(out.resolve("tte.log").toString());
        assertThat(Files.exists(out.resolve("ham.mbox.cull"))).isTrue();
    }

    @Test
    void withReplaceTheModelReplacesWhateverTheStoreHeldBefore() throws Exception {
        Path extra = Files.writeString(dir.resolve("extra.eml"), "From: a@b.example\nSubject: hello\nMessage-ID: <extra@b>\n\nhi\n");
        assertThat(cli.run("learn", "--ham", extra.toString()).exitCode()).isZero();
        Cli.Result r = cli.run("tte", "--replace", "--ham", HAM, "--spam", SPAM, "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("it held 1 messages and \\d+ tokens\\)");
        assertThat(cli.run("forget", "-v", extra.toString()).out()).contains("not learned");
    }

    /**
     * tte on a store that held a production model of 3,000 messages threw it away, ledger and all,
     * for a model of 57, and said so only in passing ("it held 3000 messages"). Without --replace
     * it is refused before anything is read or written, and the store is as it was.
     */
    @Test
    void aStoreThatHoldsAModelIsNotReplacedWithoutReplace() throws Exception {
        Path extra = Files.writeString(dir.resolve("extra.eml"), "From: a@b.example\nSubject: hello\nMessage-ID: <extra@b>\n\nhi\n");
        assertThat(cli.run("learn", "--spam", extra.toString()).exitCode()).isZero();
        String before = cli.run("db", "stats", "--json").out();
        Cli.Result r = cli.run("tte", "--ham", HAM, "--spam", SPAM, "--out", out.toString());
        assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
        assertThat(r.err().lines()).as(r.err()).singleElement().asString()
                .startsWith("bayard: the store " + db + " already holds a model of 1 message (0 ham, 1 spam)")
                .contains("--replace");
        assertThat(r.out()).isEmpty();
        assertThat(cli.run("db", "stats", "--json").out()).isEqualTo(before);
        assertThat(Files.exists(out)).as("nothing written to --out").isFalse();
    }

    /** A store that exists but holds nothing (made by an earlier command, or emptied) is filled without --replace. */
    @Test
    void anEmptyStoreNeedsNoReplace() throws Exception {
        LmdbTokenStore.open(db, Tokenizer.VERSION).close();
        Cli.Result r = cli.run("tte", "--ham", HAM, "--spam", SPAM, "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("(it held 0 messages and 0 tokens)");
    }

    /** An empty file in a pile was trained as a message (and written to the culled mailbox as one). */
    @Test
    void aFileThatIsNotMailIsLeftOutAndLogged() throws Exception {
        Path spams = Files.createDirectory(dir.resolve("spams"));
        Files.copy(Path.of(SPAM), spams.resolve("a.mbox"));
        Path empty = Files.createFile(spams.resolve("b.eml"));
        Files.copy(Path.of(SPAM), spams.resolve("c.mbox"));
        Cli.Result r = cli.run("tte", "--ham", HAM, "--spam", spams.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(out.resolve("tte.log"))).contains("left out, not a mail message (empty): spam " + empty);
        assertThat(read(out.resolve("spam.mbox.cull"))).allMatch(m -> m.bytes().length > 0);
        try (LmdbTokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION); ReadView v = store.read()) {
            assertThat(v.ledgerEntry(ContentDigest.identify(new byte[0]).digest())).isEmpty();
        }
    }

    /**
     * tte run inside its ham folder ("cd ~/mail/ham; bayard tte --ham . --spam ../spam", --out
     * being the current folder) wrote spam.mbox.cull into the ham pile: the next run read those
     * spams as ham too and left them out of both piles, and a train of that folder learned them
     * as ham. An --out inside a pile is refused before anything is written.
     */
    @Test
    void anOutputFolderInsideAPileIsRefused() throws Exception {
        Path hams = Files.createDirectory(dir.resolve("hams"));
        Files.copy(Path.of(HAM), hams.resolve("ham.mbox"));
        for (Path inside : List.of(hams, hams.resolve("tte-run"), dir.resolve("hams/../hams/x/y"))) {
            Cli.Result r = cli.run("tte", "--ham", hams.toString(), "--spam", SPAM, "--out", inside.toString());
            assertThat(r.exitCode()).as(inside + ": " + r.out()).isEqualTo(1);
            assertThat(r.err()).as(inside.toString()).contains("--out " + inside).contains("inside the ham pile " + hams);
            try (var left = Files.list(hams)) {
                assertThat(left.map(p -> p.getFileName().toString())).as("nothing written in the pile").containsExactly("ham.mbox");
            }
        }
        Cli.Result spamSide = cli.run("tte", "--ham", HAM, "--spam", dir.toString(), "--out", out.toString());
        assertThat(spamSide.exitCode()).isEqualTo(1);
        assertThat(spamSide.err()).contains("inside the spam pile " + dir);
        Cli.Result beside = cli.run("tte", "--ham", hams.toString(), "--spam", SPAM, "--out", dir.resolve("hams-run").toString());
        assertThat(beside.exitCode()).as(beside.err()).isZero();
    }

    /**
     * The same mailbox given as both piles (a slip of the shell's history) was refused with "no
     * ham messages to train in ham.mbox", of a mailbox of 300 hams: every one was left out as in
     * both piles, and the log that says so is not written when tte stops. The line says it.
     */
    @Test
    void aPileWhoseMessagesAreAllInTheOtherPileSaysSo() {
        Cli.Result r = cli.run("tte", "--ham", HAM, "--spam", HAM, "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("bayard: none of the 300 messages of the ham pile " + HAM
                + " can be trained: 300 are in the spam pile too");
        assertThat(r.err()).contains("the store is as it was");
    }

    @Test
    void standardInputIsRefusedBecauseTheMailboxesAreReadTwice() {
        Cli.Result r = cli.run("tte", "--ham", "-", "--spam", SPAM, "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot read '-'");
    }

    /**
     * A process that has the store open (as {@code bayard serve} would) sees the model that a
     * separate {@code bayard tte} process swapped in, at its next read, without reopening.
     */
    @Test
    void aProcessHoldingTheStoreOpenSeesTheNewModelAtItsNextRead() throws Exception {
        try (LmdbTokenStore live = LmdbTokenStore.open(db, Tokenizer.VERSION)) {
            new Learner(live, Clock.systemUTC()).learn(Engine.newPreparer(BayardConfig.DEFAULTS)
                    .prepare("From: x@y.example\nSubject: old\n\nold model\n".getBytes(), false),
                    MailClass.SPAM, LearnSource.MANUAL);
            try (ReadView before = live.read()) {
                Path output = dir.resolve("child.out");
                Commands.Ran child = Commands.run(tte(output), 180); // killed if it runs over
                assertThat(child.timedOut()).isFalse();
                assertThat(child.exit()).as(Files.readString(output)).isZero();
                assertThat(before.totals()).as("a view opened before the swap").isEqualTo(new Totals(0, 1));
            }
            try (ReadView after = live.read()) {
                List<RawMessage> ham = read(out.resolve("ham.mbox.cull"));
                List<RawMessage> spam = read(out.resolve("spam.mbox.cull"));
                assertThat(after.totals()).isEqualTo(new Totals(ham.size(), spam.size()));
            }
        }
    }

    private ProcessBuilder tte(Path output) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "tte", "--replace", "--db", db.toString(), "--out", out.toString(), "--ham", HAM, "--spam", SPAM));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
    }
}
