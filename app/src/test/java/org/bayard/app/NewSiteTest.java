package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.bayard.smtp.SmtpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.bayard.net.testing.FreePorts;

/**
 * A new site's first day: a store that has learned a handful of messages, or one class only. As
 * SpamAssassin (bayes_min_ham_num, bayes_min_spam_num: 200 each) and Rspamd (min_learns) do, the
 * policy leaves Bayes out until the store has learned enough of both classes: on a store of 5 ham
 * and 3 spam the gate held most mail as unsure, and on a store of 3 spams alone it rejected every
 * message (BAYES_999, p=1.0) and blocklisted its sender; pipe mode flagged every ham as spam.
 */
class NewSiteTest {
    static final Path SAMPLES = Path.of("../samples");
    static final List<String> HELD_OUT = List.of("ham-1.eml", "ham-2.eml", "ham-3.eml", "ham-4.eml",
            "spam-1.eml", "spam-2.eml", "spam-3.eml", "spam-4.eml");

    @TempDir static Path shared;
    static Path hamPile;
    static Path spamPile;
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();
    TestGate gate;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void split() {
        hamPile = shared.resolve("ham");
        spamPile = shared.resolve("spam");
        Cli cli = new Cli(shared.resolve("unused-db"));
        assertThat(cli.run("mbox", "split", "-o", hamPile.toString(), SAMPLES.resolve("ham.mbox").toString()).exitCode()).isZero();
        assertThat(cli.run("mbox", "split", "-o", spamPile.toString(), SAMPLES.resolve("spam.mbox").toString()).exitCode()).isZero();
    }

    /** A store at {@code tmp/name} that learned the first {@code ham} and {@code spam} messages of the samples. */
    Path store(String name, int ham, int spam) {
        Path db = tmp.resolve(name);
        Cli cli = new Cli(db);
        if (ham > 0) learn(cli, "--ham", hamPile, 1, ham);
        if (spam > 0) learn(cli, "--spam", spamPile, 1, spam);
        return db;
    }

    static void learn(Cli cli, String mailClass, Path pile, int from, int to) {
        for (int i = from; i <= to; i++) {
            Cli.Result r = cli.run("learn", mailClass, pile.resolve(String.format("%05d.eml", i)).toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
        }
    }

    void startGate(Path db, String yaml) throws IOException {
        sink = sinks.start();
        gate = TestGate.start(yaml, "", db, tmp.resolve("q"), sink.address().getPort(), new MutableClock(Instant.now()), log);
    }

    @AfterEach
    void stop() throws IOException {
        if (gate != null) gate.close();
    }

    String send(String sample) throws IOException {
        return send(SAMPLES.resolve("held-out").resolve(sample));
    }

    String send(Path file) throws IOException {
        String m = Files.readString(file, StandardCharsets.ISO_8859_1)
                .replace("\r\n", "\n").replace("\n", "\r\n");
        if (!m.endsWith("\r\n")) m += "\r\n";
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            c.reply();
            c.send("EHLO client.test\r\n");
            assertThat(c.send("MAIL FROM:<someone@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<user@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            String reply = c.send(m.replace("\r\n.", "\r\n..") + ".\r\n");
            c.send("QUIT\r\n");
            return reply;
        }
    }

    String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aStoreOfAFewMessagesHoldsNothingAsUnsureAndSaysBayesWasNotUsed() throws Exception {
        startGate(store("db", 5, 3), "");
        for (String sample : HELD_OUT) assertThat(send(sample)).as(sample).startsWith("250 2.0.0 Ok: queued");
        assertThat(gate.gate().quarantine().ids()).isEmpty();
        assertThat(sink.delivered).hasSize(HELD_OUT.size()).allSatisfy(d -> assertThat(d.text())
                .contains("X-Spam-Flag: NO")
                .containsPattern("X-Spam-Status: No, score=-?\\d+\\.\\d required=5\\.0 tests=BAYES_UNDERTRAINED[ ,]")
                .containsPattern("X-Spam-Bayes: not used \\(5 ham and 3 spam learned, 200 of each needed\\); p=[01]\\.\\d{4}")
                .doesNotContain("X-Bayard-Classification"));
        assertThat(log().lines().filter(l -> l.contains("\"event\":\"message\"")))
                .hasSize(HELD_OUT.size())
                .allMatch(l -> l.contains("BAYES_UNDERTRAINED") && l.contains("Bayes not used: 5 ham and 3 spam learned, 200 of each needed"));
    }

    @Test
    void aStoreOfSpamAloneRejectsNothing() throws Exception {
        startGate(store("db", 0, 3), "");
        for (String sample : HELD_OUT) assertThat(send(sample)).as(sample).startsWith("250 2.0.0 Ok: queued");
        assertThat(sink.delivered).hasSize(HELD_OUT.size());
        assertThat(gate.gate().blocklist().entries()).isEmpty();
    }

    @Test
    void theOtherChecksStillDecideWhileBayesIsNotUsed() throws Exception {
        // the hold score within reach of one check alone: a message without Message-ID is still held
        startGate(store("db", 5, 3), "policy:\n  hold-score: 1.0\n  tag-score: 1.0\n");
        String m = Files.readString(SAMPLES.resolve("held-out/ham-2.eml"), StandardCharsets.ISO_8859_1)
                .replaceAll("(?im)^Message-ID:.*\\n", "");
        Path noId = Files.writeString(tmp.resolve("no-id.eml"), m, StandardCharsets.ISO_8859_1);
        assertThat(send(noId)).startsWith("250 2.0.0 Ok: held");
        assertThat(log()).contains("MISSING_MESSAGE_ID").contains("BAYES_UNDERTRAINED");
    }

    @Test
    void bayesCountsFromTheFirstMessageAfterTheStoreLearnedEnoughWithoutARestart() throws Exception {
        Path db = store("db", 5, 3);
        startGate(db, "policy:\n  bayes-min-ham: 6\n  bayes-min-spam: 4\n");
        assertThat(send("spam-2.eml")).startsWith("250 2.0.0 Ok: queued");
        assertThat(sink.delivered.get(0).text()).contains("tests=BAYES_UNDERTRAINED")
                .contains("X-Spam-Bayes: not used (5 ham and 3 spam learned, 6 ham and 4 spam needed)");

        // learned by the running service, as the moderation page or a trap does (a store open in
        // this JVM cannot be opened twice; GateUnderTrainingTest learns from other processes)
        Engine engine = gate.engine();
        engine.learner().learn(engine.preparer().prepare(Files.readAllBytes(hamPile.resolve("00006.eml")), false),
                MailClass.HAM, LearnSource.MANUAL);
        engine.learner().learn(engine.preparer().prepare(Files.readAllBytes(spamPile.resolve("00004.eml")), false),
                MailClass.SPAM, LearnSource.MANUAL);

        send("ham-2.eml");
        assertThat(sink.delivered.get(sink.delivered.size() - 1).text()).containsPattern("tests=BAYES_\\d+")
                .doesNotContain("BAYES_UNDERTRAINED").doesNotContain("X-Spam-Bayes").contains("X-Bayard-Classification: ");
        assertThat(log().lines().filter(l -> l.contains("\"event\":\"bayes-used\""))).singleElement().asString()
                .contains("6 ham and 4 spam learned");
    }

    /**
     * A store of ham alone scores every message near 0, so autolearn took the site's spam for
     * ham; spam is still learned on the other checks' points, which do not come from Bayes.
     */
    @Test
    void autolearnLearnsNoHamWhileBayesIsNotUsed() throws Exception {
        startGate(store("db", 5, 0), "autolearn:\n  enabled: true\n");
        for (String sample : HELD_OUT) send(sample);
        assertThat(log().lines().filter(l -> l.contains("\"event\":\"message\""))).hasSize(HELD_OUT.size())
                .noneMatch(l -> l.contains("autolearn=ham"));
        try (var view = gate.engine().store().read()) {
            assertThat(view.totals().ham()).isEqualTo(5);
        }
    }

    @Test
    void serveSaysAtItsStartThatBayesIsNotUsedYetAndWhy() throws Exception {
        Path db = store("db", 5, 3);
        Path serveLog = tmp.resolve("serve.log");
        ServeProcess.start(ServeProcess.command(List.of(), db, tmp.resolve("q"), FreePorts.next()), serveLog, processes);
        GateFaultsTest.listeningPort(serveLog, 0);
        Await.until(() -> Files.readString(serveLog).contains("Bayes not used yet"));
        assertThat(Files.readAllLines(serveLog)).filteredOn(l -> l.contains("Bayes not used yet")).singleElement().asString()
                .startsWith("bayard serve: Bayes not used yet: 5 ham and 3 spam learned, 200 of each needed "
                        + "(policy.bayes-min-ham, policy.bayes-min-spam)");
    }

    @Test
    void zeroTurnsTheMinimumOff() throws Exception {
        startGate(store("db", 0, 3), "policy:\n  bayes-min-ham: 0\n  bayes-min-spam: 0\n");
        assertThat(send("ham-1.eml")).startsWith("550 5.7.1 message refused as spam");
    }

    @Test
    void pipeModeDoesNotFlagHamOnAStoreOfSpamAlone() throws Exception {
        Path db = store("db", 0, 3);
        byte[] ham = Files.readAllBytes(SAMPLES.resolve("held-out/ham-1.eml"));
        Cli.Result r = new Cli(db).runWithInput(ham, "filter", "--exit-code");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1); // bogofilter's table: 1 = ham, here "not spam"
        assertThat(r.out()).contains("X-Spam-Flag: NO\n")
                .contains("X-Spam-Status: No, score=0.0 required=5.0 tests=BAYES_UNDERTRAINED autolearn=no version=")
                .contains("X-Spam-Bayes: not used (0 ham and 3 spam learned, 200 of each needed); p=1.0000")
                .doesNotContain("X-Bayard-Classification");
    }

    @Test
    void scoreAndExplainSayTheClassifiersVerdictIsNotUsedYet() throws Exception {
        Path db = store("db", 5, 3);
        Cli cli = new Cli(db);
        Cli.Result score = cli.run("score", "--clues", "0", SAMPLES.resolve("held-out/spam-1.eml").toString(),
                SAMPLES.resolve("held-out/ham-1.eml").toString());
        assertThat(score.exitCode()).as(score.err()).isZero();
        assertThat(score.out().lines()).hasSize(2).allMatch(l -> l.contains(" BAYES_UNDERTRAINED "));
        assertThat(score.err()).isEmpty(); // one line per message on stdout, as scripts read it; explain says why
        Cli.Result json = cli.run("score", "--json", SAMPLES.resolve("held-out/spam-1.eml").toString());
        assertThat(json.out()).contains("\"symbol\":\"BAYES_UNDERTRAINED\"").contains("\"bayes_used\":false")
                .contains("\"bayes_not_used\":\"5 ham and 3 spam learned, 200 of each needed\"");
        Cli.Result explain = cli.run("explain", SAMPLES.resolve("held-out/spam-1.eml").toString());
        assertThat(explain.out()).contains("Bayes not used by the policy yet: 5 ham and 3 spam learned, 200 of each needed");
    }

    /**
     * tte keeps only what its model needed: the bundled piles of 300 ham and 200 spam cull to
     * dozens, and serve then judged without Bayes with nothing at the command that built the store
     * saying so; train of a few messages likewise.
     */
    @Test
    void trainTteAndDbStatsSayWhenTheStoreHoldsTooLittleForBayes() {
        Cli tte = new Cli(tmp.resolve("tte-db"));
        Cli.Result culled = tte.run("tte", "--ham", SAMPLES.resolve("ham.mbox").toString(), "--spam", SAMPLES.resolve("spam.mbox").toString(),
                "--out", tmp.resolve("tte-out").toString());
        assertThat(culled.exitCode()).as(culled.err()).isZero();
        assertThat(culled.out().lines().filter(l -> l.startsWith("tte: note: "))).singleElement().asString()
                .containsPattern("Bayes is not used yet: \\d+ ham and \\d+ spam learned, 200 of each needed")
                .contains("train on the same piles keeps every one");

        Cli small = new Cli(tmp.resolve("db"));
        Cli.Result few = small.run("train", "--ham", hamPile.resolve("00001.eml").toString(), "--spam", spamPile.resolve("00001.eml").toString());
        assertThat(few.out().lines().toList()).hasSize(2).first().asString().startsWith("train: 2 messages (2 learned) in ");
        assertThat(few.out().lines().toList().get(1)).isEqualTo("train: note: Bayes is not used yet: 1 ham and 1 spam learned, 200 of each needed (policy.bayes-min-ham, policy.bayes-min-spam);"
                        + " until then serve, filter and the HTTP check let the other checks decide alone. Learn more of the site's mail of"
                        + " the class that is short (a Junk folder, what traps and moderators report), or lower the minimum.");
        assertThat(small.run("db", "stats").out()).contains("\nbayes     not used yet: 1 ham and 1 spam learned, 200 of each needed");
        assertThat(small.run("db", "stats", "--json").out()).contains("\"bayes_used\":false,\"bayes_not_used\":\"1 ham and 1 spam learned");

        Cli.Result enough = small.run("train", "--ham", SAMPLES.resolve("ham.mbox").toString(), "--spam", SAMPLES.resolve("spam.mbox").toString());
        assertThat(enough.out()).doesNotContain("note");
        assertThat(small.run("db", "stats").out()).contains("\nbayes     used");
    }
}
