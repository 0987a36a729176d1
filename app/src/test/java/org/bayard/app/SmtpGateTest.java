package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import org.bayard.smtp.Sinks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bayard.app.gate.GateService;
import org.bayard.smtp.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bayard serve} end to end with a real client: swaks sends ham, spam and an unsure message
 * through the gate to a recording next hop. The store is trained once from the sample mailboxes.
 */
class SmtpGateTest {
    @TempDir Path tmp;
    Path db;

    RecordingSink sink;

    @RegisterExtension final Sinks sinks = new Sinks();
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    GateService gate;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    /** Each test gets its own copy of the trained store, since moderators' decisions change it. */
    void start(String yaml) throws IOException {
        sink = sinks.start();
        gate = gates.start(tmp, yaml, "", sink.address().getPort(), log).gate();
        db = tmp.resolve("db");
    }

    /** The moderator works while the daemon may be down; the CLI opens the store itself. */
    void stopGate() throws IOException {
        gates.stop();
        gate = null;
    }

    /**
     * One transaction on a session of its own: MAIL FROM:{@code mailFrom} and RCPT TO:{@code rcpt}
     * for each, all taken, then {@code message} (CR LF text, dot-stuffed here); the reply to it.
     */
    String send(String mailFrom, String message, String... rcpts) throws IOException {
        try (org.bayard.smtp.SmtpClient c = new org.bayard.smtp.SmtpClient(gate.port())) {
            c.reply();
            c.send("EHLO client.test\r\n");
            assertThat(c.send("MAIL FROM:" + mailFrom + "\r\n")).startsWith("250");
            for (String rcpt : rcpts) assertThat(c.send("RCPT TO:" + rcpt + "\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            return c.send(message.replace("\r\n.", "\r\n..") + ".\r\n");
        }
    }

    /** The CLI on the gate's store, once the gate is stopped. */
    Cli cli() {
        return new Cli(db);
    }

    String quarantine() {
        return tmp.resolve("q").toString();
    }

    /** The id of the first held message, as {@code bayard quarantine list} names it. */
    String firstHeld() {
        return cli().run("quarantine", "list", "--quarantine", quarantine()).out().split(" ", 2)[0];
    }

    /** {@code bayard quarantine release} of {@code id} to the sink. */
    Cli.Result release(String id) {
        return cli().run("quarantine", "release", id, "--quarantine", quarantine(), "--next-hop", "127.0.0.1:" + sink.address().getPort());
    }

    record Swaks(int exit, String transcript) {}

    Swaks swaks(Path message, String from) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port", String.valueOf(gate.port()),
                "--from", from, "--to", "list@example.test", "--helo", "client.test", "--data", "@" + message.toAbsolutePath()));
        Commands.Ran ran = Commands.run(new ProcessBuilder(cmd).redirectErrorStream(true), 30);
        assertThat(ran.timedOut()).as(ran.said(cmd)).isFalse();
        return new Swaks(ran.exit(), ran.output());
    }

    static Path sample(String name) {
        return Path.of("../samples/held-out", name);
    }

    /** The sample {@code name} with CR LF line ends, as a client sends it. */
    static String crlf(String name) throws IOException {
        return Files.readString(sample(name), StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n");
    }

    @Test
    void hamArrivesAtTheNextHopWithOurHeaders() throws Exception {
        start("");
        Swaks s = swaks(sample("ham-2.eml"), "sender@example.org");
        assertThat(s.transcript()).contains("<-  250 2.0.0 Ok: queued");
        assertThat(sink.delivered).hasSize(1);
        String delivered = sink.delivered.get(0).text();
        assertThat(delivered).contains("X-Spam-Flag: NO\r\n", "X-Spam-Status: No, score=-3.0", "tests=BAYES_00",
                "X-Bayard-Classification: ham; p=0.0000");
        // the body is untouched: everything after our headers is the original message
        String original = crlf("ham-2.eml");
        assertThat(delivered.substring(delivered.indexOf("\r\n\r\n"))).startsWith(original.substring(original.indexOf("\r\n\r\n")));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"event\":\"message\"", "\"reply\":\"250 2.0.0 Ok: queued\"",
                "\"decision\":\"accept -3.0 BAYES_00");
    }

    /**
     * A header block broken by a line that is no field (spam often starts its HTML right after
     * the Subject, or has no header at all) got our fields after that line: Postfix and mail
     * readers end the header at such a line, so X-Spam-Flag and X-Spam-Status arrived in the body,
     * where no filtering rule sees them. They now go in before it.
     */
    @Test
    void ourFieldsGoBeforeALineThatEndsTheHeaderEarly() throws Exception {
        start("policy:\n  unsure-action: accept\n  hold-score: 50\n  tag-score: 50\n  reject-score: 60\n");
        try (org.bayard.smtp.SmtpClient c = new org.bayard.smtp.SmtpClient(gate.port())) {
            c.reply();
            c.send("EHLO client.test\r\n");
            for (String message : List.of("Subject: cheap\r\n<html><body>buy now</body></html>\r\n\r\nmore\r\n",
                    "no header at all, just text\r\n")) {
                assertThat(c.send("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
                assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
                assertThat(c.send("DATA\r\n")).startsWith("354");
                assertThat(c.send(message + ".\r\n")).startsWith("250");
            }
        }
        assertThat(sink.delivered).hasSize(2);
        String first = sink.delivered.get(0).text();
        assertThat(first).startsWith("Subject: cheap\r\nX-Spam-Flag: ").endsWith("\r\n<html><body>buy now</body></html>\r\n\r\nmore\r\n");
        String second = sink.delivered.get(1).text();
        assertThat(second).startsWith("X-Spam-Flag: ").endsWith("\r\nno header at all, just text\r\n");
    }

    /** A client gone mid-DATA left no line at all; now one says what was cut, after how much, and that nothing went on. */
    @Test
    void aMessageCutOffMidDataIsLoggedAndNothingIsDelivered() throws Exception {
        start("");
        try (org.bayard.smtp.SmtpClient c = new org.bayard.smtp.SmtpClient(gate.port())) {
            c.reply();
            c.send("EHLO client.test\r\n");
            assertThat(c.send("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            c.write("Subject: cut\r\n\r\nhalf");
        }
        Await.until(() -> log.toString(StandardCharsets.UTF_8).contains("message-cut"));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"event\":\"message-cut\"", "\"from\":\"a@example.org\"",
                "\"rcpt\":[\"list@example.test\"]", "\"bytes\":20",
                "\"reason\":\"the client closed the connection during DATA; nothing was delivered or held\"");
        assertThat(sink.delivered).isEmpty();
    }

    @Test
    void spamGets550AndNothingReachesTheNextHop() throws Exception {
        start("");
        Swaks s = swaks(sample("spam-1.eml"), "spammer@example.net");
        assertThat(s.transcript()).contains("<** 550 5.7.1 message refused as spam");
        assertThat(s.exit()).isNotZero();
        assertThat(sink.delivered).isEmpty();
        try (var q = Files.list(tmp.resolve("q"))) {
            assertThat(q.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("tmp", "loop-mark", "gates.lock", "decisions.lock");
        }
    }

    @Test
    void unsureIsHeldAndALaterLearnHamDeliversIt() throws Exception {
        start("");
        Swaks s = swaks(sample("ham-1.eml"), "friend@example.org");
        assertThat(s.transcript()).contains("<-  250 2.0.0 Ok: held");
        assertThat(sink.delivered).isEmpty();
        stopGate();

        Cli cli = cli();
        Cli.Result list = cli.run("quarantine", "list", "--quarantine", quarantine());
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("from=<friend@example.org>", "rcpt=[list@example.test]", "bayes unsure");
        String id = list.out().split(" ", 2)[0];

        Cli.Result show = cli.run("quarantine", "show", id, "--quarantine", quarantine());
        assertThat(show.out()).contains("\"action\" : \"hold\"", "BAYES_40");

        Cli.Result learn = cli.run("quarantine", "learn-ham", id, "--quarantine", quarantine(),
                "--next-hop", "127.0.0.1:" + sink.address().getPort());
        assertThat(learn.exitCode()).as(learn.err()).isZero();
        assertThat(learn.out()).contains(id + ": learned as ham and released");
        assertThat(sink.delivered).hasSize(1);
        assertThat(sink.delivered.get(0).from()).contains("friend@example.org");
        assertThat(sink.delivered.get(0).recipients()).containsExactly("list@example.test");
        assertThat(cli.run("quarantine", "list", "--quarantine", quarantine()).out()).isEmpty();
    }

    /**
     * A release to a next hop that defers one recipient (450: mailbox busy, greylisting) used to
     * deliver to the others, say "released" and remove the item: the deferred recipient never got
     * the message. Now it stays held, delivered to nobody, until a release reaches them all; a
     * recipient refused for good (550) is left out and named.
     */
    @Test
    void releaseKeepsTheItemWhenTheNextHopDefersARecipient() throws Exception {
        start("");
        Commands.Ran swaks = Commands.run(new ProcessBuilder("swaks", "--server", "127.0.0.1", "--port", String.valueOf(gate.port()),
                "--from", "f@example.org", "--to", "list@example.test,busy@example.test,gone@example.test", "--helo", "client.test",
                "--data", "@" + sample("ham-1.eml").toAbsolutePath()).redirectErrorStream(true), 30);
        assertThat(swaks.output()).contains("<-  250 2.0.0 Ok: held");
        assertThat(swaks.timedOut()).isFalse();
        stopGate();
        String id = firstHeld();

        sink.rcptReplies.put("busy@example.test", "450 4.2.1 mailbox busy");
        sink.rcptReplies.put("gone@example.test", "550 5.1.1 no such user");
        Cli.Result deferred = release(id);
        assertThat(deferred.exitCode()).isEqualTo(1);
        assertThat(deferred.err()).contains("not released (it stays held)", "busy@example.test", "450 4.2.1");
        assertThat(sink.delivered).isEmpty();
        assertThat(cli().run("quarantine", "list", "--quarantine", quarantine()).out()).contains(id);

        sink.rcptReplies.remove("busy@example.test");
        Cli.Result released = release(id);
        assertThat(released.exitCode()).as(released.err()).isZero();
        assertThat(released.out()).contains(id + ": released; the next hop refused <gone@example.test>: 550 5.1.1 no such user");
        assertThat(sink.delivered).hasSize(1);
        assertThat(sink.delivered.get(0).recipients()).containsExactly("list@example.test", "busy@example.test");
        assertThat(cli().run("quarantine", "list", "--quarantine", quarantine()).out()).isEmpty();
    }

    /**
     * Held mail from a UTF-8 sender (taken with SMTPUTF8, as Postfix in front passes it on) is
     * released with SMTPUTF8 too, and 8-bit content with BODY=8BITMIME: without them Postfix's
     * smtpd refuses the address (553 5.6.7) and the item could never be released.
     */
    @Test
    void releaseDeclaresSmtputf8AndEightBitAsTheClientDid() throws Exception {
        start("");
        sink.extraKeywords.add("SMTPUTF8");
        String jorg = new String("j\u00f6rg@example.org".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String message = crlf("ham-1.eml").replace("\r\n\r\n", "\r\n\r\ncaf\u00e9\r\n");
        assertThat(send("<" + jorg + "> SMTPUTF8 BODY=8BITMIME", message, "<list@example.test>")).startsWith("250 2.0.0 Ok: held");
        stopGate();
        // the address itself, not its UTF-8 bytes read as Latin-1 ("jÃ¶rg"); the log line in ASCII,
        // whatever the encoding of the service's stdout
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"from\":\"j\\u00F6rg@example.org\"");
        String id = firstHeld();
        assertThat(Files.readString(tmp.resolve("q").resolve(id + ".json"), StandardCharsets.UTF_8)).contains("j\u00f6rg@example.org");
        Cli.Result released = release(id);
        assertThat(released.exitCode()).as(released.err()).isZero();
        assertThat(sink.envelopeLines.get(sink.envelopeLines.size() - 2)).isEqualTo("MAIL FROM:<" + jorg + "> BODY=8BITMIME SMTPUTF8");
    }

    /**
     * The gate relays mail tagged for its score (policy.tag-score, below hold-score) with
     * X-Spam-Flag: YES, but wrote required= as hold-score: "Yes, score=4.0 required=5.0", which a
     * SpamAssassin user reads as a contradiction (Yes means score >= required). required= is the
     * score from which relayed mail is flagged.
     */
    @Test
    void mailTaggedForItsScoreSaysYesWithAScoreAtLeastRequired() throws Exception {
        start("policy:\n  tag-score: 3.0\n  bayes-points: {BAYES_00: 4.0}\n");
        assertThat(swaks(sample("ham-2.eml"), "sender@example.org").transcript()).contains("<-  250 2.0.0 Ok: queued");
        String delivered = sink.delivered.get(0).text();
        String head = delivered.substring(0, delivered.indexOf("\r\n\r\n") + 2);
        assertThat(head).contains("X-Spam-Flag: YES\r\n", "X-Spam-Status: Yes, score=4.0 required=3.0 tests=BAYES_00");
        ScoreAndFilterTest.assertSpamAssassinConsistent(head.replace("\r\n", "\n"));
    }

    /**
     * A message held for its score and released by a moderator went out as "No, score=6.0
     * required=5.0": X-Spam-Flag: NO (a person judged it ham) but a score that a recipient's rule
     * on X-Spam-Score, or a SpamAssassin reader, takes for spam. The release counts as a test with
     * points, as SpamAssassin's welcomelist does, so that score and flag agree.
     */
    @Test
    void aReleasedMessageHeldForItsScoreSaysNoWithAScoreBelowRequired() throws Exception {
        start("policy:\n  bayes-points: {BAYES_00: 6.0}\n");
        assertThat(swaks(sample("ham-2.eml"), "sender@example.org").transcript()).contains("<-  250 2.0.0 Ok: held");
        stopGate();
        Cli.Result released = release(firstHeld());
        assertThat(released.exitCode()).as(released.err()).isZero();
        String delivered = sink.delivered.get(0).text();
        String head = delivered.substring(0, delivered.indexOf("\r\n\r\n") + 2);
        assertThat(head).contains("X-Spam-Flag: NO\r\n", "tests=BAYES_00,");
        ScoreAndFilterTest.assertSpamAssassinConsistent(head.replace("\r\n", "\n"));
    }

    /**
     * {@code bayard quarantine release} delivers the message with the X-Spam-* fields it was held
     * with, not flagged as spam, and says who released it: the system user who ran the command.
     * It went out as it came in, with no sign that a person had let it through.
     */
    @Test
    void theCommandsReleaseCarriesTheHeldFieldsAndNamesTheUserWhoRanIt() throws Exception {
        start("");
        String message = crlf("ham-1.eml");
        assertThat(send("<f@example.org>", "X-Bayard-Released: by the boss\r\n" + message, "<list@example.test>"))
                .startsWith("250 2.0.0 Ok: held");
        stopGate();
        Cli.Result released = release(firstHeld());
        assertThat(released.exitCode()).as(released.err()).isZero();
        String delivered = sink.delivered.get(0).text();
        String head = delivered.substring(0, delivered.indexOf("\r\n\r\n") + 2);
        assertThat(head).contains("X-Spam-Flag: NO\r\n", "X-Spam-Status: No, score=", " required=5.0 tests=", "BAYES_")
                .contains("X-Bayard-Released: by " + System.getProperty("user.name") + " via bayard quarantine release; ")
                .doesNotContain("by the boss");
        assertThat(delivered.substring(delivered.indexOf("\r\n\r\n"))).isEqualTo(message.substring(message.indexOf("\r\n\r\n")));
    }

    /** A sender's own X-Bayard-Released is removed from mail the gate passes: nobody released it. */
    @Test
    void aForgedReleasedFieldIsRemovedFromPassedMail() throws Exception {
        start("");
        assertThat(send("<f@example.org>", "X-Bayard-Released: by the boss\r\n" + crlf("ham-2.eml"), "<list@example.test>"))
                .startsWith("250 2.0.0 Ok: queued");
        assertThat(sink.delivered.get(0).text()).contains("X-Spam-Flag: NO\r\n").doesNotContain("X-Bayard-Released");
    }

    /**
     * Items held before the gate decoded UTF-8 addresses kept each byte as a char in their
     * metadata; released by the decoding release, they would have gone out encoded twice.
     */
    @Test
    void itemsHeldWithTheOldByteWiseAddressesAreReleasedAsSent() throws Exception {
        start("");
        sink.extraKeywords.add("SMTPUTF8");
        String jorg = new String("j\u00f6rg@example.org".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(send("<" + jorg + "> SMTPUTF8", crlf("ham-1.eml"), "<list@example.test>")).startsWith("250 2.0.0 Ok: held");
        stopGate();
        String id = firstHeld();
        Path sidecar = tmp.resolve("q").resolve(id + ".json");
        Files.writeString(sidecar, Files.readString(sidecar, StandardCharsets.UTF_8).replace("j\u00f6", jorg.substring(0, 3)),
                StandardCharsets.UTF_8);
        Cli.Result released = release(id);
        assertThat(released.exitCode()).as(released.err()).isZero();
        assertThat(sink.envelopeLines.get(sink.envelopeLines.size() - 2)).isEqualTo("MAIL FROM:<" + jorg + "> SMTPUTF8");
    }

    /**
     * The notices a sender asked for (RFC 3461: RET and ENVID on MAIL, NOTIFY and ORCPT on each
     * RCPT) are kept with held mail and asked of the next hop again at release, where it offers
     * DSN: released without them, a sender who asked for NOTIFY=NEVER got bounces after all, and
     * every report lost the original recipient Postfix's ORCPT names.
     */
    @Test
    void releaseAsksForTheNoticesTheSenderAskedFor() throws Exception {
        start("");
        sink.extraKeywords.add("DSN");
        assertThat(send("<a@example.org> RET=HDRS ENVID=QQ314159", crlf("ham-1.eml"),
                "<list@example.test> NOTIFY=NEVER ORCPT=rfc822;list@example.test", "<other@example.test>"))
                .startsWith("250 2.0.0 Ok: held");
        stopGate();
        sink.envelopeLines.clear();
        Cli.Result released = release(firstHeld());
        assertThat(released.exitCode()).as(released.err()).isZero();
        assertThat(sink.envelopeLines).containsExactly("MAIL FROM:<a@example.org> RET=HDRS ENVID=QQ314159",
                "RCPT TO:<list@example.test> NOTIFY=NEVER ORCPT=rfc822;list@example.test", "RCPT TO:<other@example.test>");
    }

    @Test
    void learnSpamDiscardsAndReleaseKeepsTheItemWhenTheNextHopIsDown() throws Exception {
        start("");
        swaks(sample("ham-1.eml"), "a@example.org");
        swaks(sample("ham-1.eml"), "b@example.org");
        stopGate();
        sink.close();
        Cli cli = cli();
        String q = quarantine();
        String[] ids = cli.run("quarantine", "list", "--quarantine", q).out().lines().map(l -> l.split(" ", 2)[0]).toArray(String[]::new);
        assertThat(ids).hasSize(2);
        Cli.Result release = release(ids[0]);
        assertThat(release.exitCode()).isEqualTo(1);
        assertThat(release.err()).contains("not released (it stays held)");
        assertThat(cli.run("quarantine", "learn-spam", ids[1], "--quarantine", q).out()).contains("learned as spam and discarded");
        assertThat(cli.run("quarantine", "list", "--quarantine", q).out().lines()).hasSize(1);
    }

    /**
     * A release to a next hop that was down said only "not released (it stays held): Connection
     * refused", leaving the postmaster to guess what refused it (the next hop? the gate? the
     * store, for a learn-ham?); the gate's own log names the next hop in the same case.
     */
    @Test
    void aReleaseToANextHopThatIsDownNamesTheNextHop() throws Exception {
        start("");
        swaks(sample("ham-1.eml"), "a@example.org");
        stopGate();
        String hop = "127.0.0.1:" + sink.address().getPort();
        sink.close();
        String id = firstHeld();
        Cli.Result release = release(id);
        assertThat(release.exitCode()).isEqualTo(1);
        assertThat(release.err()).contains("bayard: " + id + " not released (it stays held): the next hop " + hop
                + " cannot be reached: Connection refused");
    }
}
