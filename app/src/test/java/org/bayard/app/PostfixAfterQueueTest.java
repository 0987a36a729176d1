package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import org.bayard.smtp.Sinks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.bayard.app.desk.GateMetrics;
import org.bayard.http.Metrics;
import org.bayard.smtp.RecordingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.bayard.net.testing.FreePorts;

/**
 * {@code bayard serve} after the queue, as a Postfix {@code content_filter}: Postfix has taken
 * the mail already, hands it to the gate from its queue over SMTP (with XFORWARD naming the real
 * client), and a second smtpd takes back what the gate relays. A 5xx from the gate here makes
 * Postfix bounce the message to its sender, forged for nearly all spam: backscatter. Postfix must
 * be installed ({@code run-tests} installs it); without it this test fails rather than skips.
 */
class PostfixAfterQueueTest {
    @TempDir Path tmp;
    /**
     * Copies of the samples' store, learned once for the run; not its gate, which closes after
     * the Postfix that may still be handing it mail.
     */
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();
    TestGate gate;
    PrivatePostfix postfix;
    int front;
    /** README's recipe for after-queue filtering, or a mistake made in it. */
    ReadmePostfix recipe = ReadmePostfix.section("### With Postfix (after-queue");
    /** Where the gate relays; 0: the re-injection smtpd. */
    int gateNextHop;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final Metrics metrics = new Metrics(Clock.systemUTC());

    @AfterEach
    void stop() throws Exception {
        if (postfix != null) postfix.close();
        if (gate != null) gate.close();
    }

    /** The gate with these smtp keys, behind a Postfix whose public smtpd sends all mail through it after the queue. */
    private void start(String smtpYaml) throws Exception {
        start(smtpYaml, "", "");
    }

    /** As above, with lines for main.cf and -o options for the public smtpd. */
    private void start(String smtpYaml, String mainCf, String frontOptions) throws Exception {
        sink = sinks.start();
        front = FreePorts.next();
        int reinject = FreePorts.next();
        gate = TestGate.start("", smtpYaml, gates.copy(tmp), tmp.resolve("q"),
                gateNextHop != 0 ? gateNextHop : reinject, Clock.systemUTC(), log,
                new GateMetrics(metrics));
        postfix = PrivatePostfix.start(recipe.mainCf() + mainCf, recipe.masterCf(front, gate.gate().port(), reinject, frontOptions, ""),
                sink.address().getPort(), front);
    }

    /** swaks from 127.0.0.2, so that the client XFORWARD names differs from Postfix's own address. */
    private String send(String sample, String from) throws Exception {
        return PrivatePostfix.run("swaks", "--server", "127.0.0.1", "--port", String.valueOf(front), "--local-interface", "127.0.0.2",
                "--from", from, "--to", "list@example.test", "--helo", "client.test",
                "--data", "@" + Path.of("../samples/held-out", sample).toAbsolutePath());
    }

    private String decisions() {
        return log.toString(StandardCharsets.UTF_8);
    }

    /** Lines of the decision log that record one message, for the spam's sender. */
    private String decisionFor(String from) {
        return decisions().lines().filter(l -> l.contains("\"event\":\"message\"") && l.contains("\"from\":\"" + from + "\""))
                .findFirst().orElse("");
    }

    private int held() {
        try {
            return gate.gate().quarantine().ids().size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The site's size limit, and where README puts it: main.cf with room, the public smtpd the limit itself. */
    static final String MAIN_CF_SIZE = "message_size_limit = 50000\n";
    static final String FRONT_SIZE = " -o message_size_limit=40000";

    @Test
    void afterTheQueueSpamIsHeldNotBouncedAndHamAndUnsureGoOn() throws Exception {
        start("  mode: after-queue\n");

        assertThat(send("ham-2.eml", "friend@example.org")).contains("<-  250 2.0.0 Ok: queued");
        PostfixProxyTest.await(() -> sink.delivered.size() == 1, "ham delivered through the filter and Postfix's queue");
        assertThat(sink.delivered.get(0).text()).contains("X-Spam-Flag: NO", "X-Bayard-Classification: ham");

        assertThat(send("ham-1.eml", "someone@example.org")).contains("<-  250 2.0.0 Ok: queued");
        PostfixProxyTest.await(() -> held() == 1, "the unsure message held");

        String firstSpam = send("spam-1.eml", "spammer@example.net");
        assertThat(firstSpam).contains("<-  250 2.0.0 Ok: queued");
        PostfixProxyTest.await(() -> !decisionFor("spammer@example.net").isEmpty(), "the spam decided");
        String spam = decisionFor("spammer@example.net");
        assertThat(spam).as("held with 250, and the client behind Postfix named")
                .contains("\"client\":\"127.0.0.2\"", "\"reply\":\"250 ", "held instead of rejected (smtp.mode after-queue)");
        assertThat(held()).isEqualTo(2);

        // the same client and sender again: not refused at RCPT by a blocklist (that too would be a bounce)
        String secondSpam = send("spam-1.eml", "spammer@example.net");
        assertThat(secondSpam).contains("<-  250 2.0.0 Ok: queued");
        PostfixProxyTest.await(() -> held() == 3, "the second spam held too");

        awaitRemoved(firstSpam);
        awaitRemoved(secondSpam);
        assertThat(postfix.maillog()).doesNotContain("status=bounced").doesNotContain("status=deferred");
        assertThat(sink.delivered).as("no bounce to the spam's (forged) sender").hasSize(1);
        assertThat(metrics.scrape()).contains("bayard_messages_total{action=\"hold\"} 3.0", "bayard_messages_total{action=\"reject\"} 0.0");
        // what a moderator sees of each: the client behind Postfix, and the verdict it was held for
        java.util.List<Object> actions = new java.util.ArrayList<>();
        for (String id : gate.gate().quarantine().ids()) {
            java.util.Map<String, Object> m = gate.gate().quarantine().metadata(id);
            assertThat(m.get("client")).isEqualTo("127.0.0.2");
            assertThat(m.get("action")).isEqualTo("hold");
            actions.add(m.getOrDefault("policy_action", "hold"));
        }
        assertThat(actions).containsExactlyInAnyOrder("hold", "reject", "reject");
    }

    /** With smtp.after-queue-spam: discard, spam is answered 250 and goes nowhere: not held, not delivered, not bounced. */
    @Test
    void afterTheQueueSpamCanBeDiscardedInstead() throws Exception {
        start("  mode: after-queue\n  after-queue-spam: discard\n");
        String sent = send("spam-1.eml", "spammer@example.net");
        assertThat(sent).contains("<-  250 2.0.0 Ok: queued");
        PostfixProxyTest.await(() -> !decisionFor("spammer@example.net").isEmpty(), "the spam decided");
        assertThat(decisionFor("spammer@example.net")).contains("\"reply\":\"250 ", "discarded instead of rejected (smtp.mode after-queue)");
        awaitRemoved(sent);
        assertThat(postfix.maillog()).doesNotContain("status=bounced").doesNotContain("status=deferred");
        assertThat(sink.delivered).isEmpty();
        assertThat(held()).isZero();
        assertThat(metrics.scrape()).contains("bayard_messages_total{action=\"discard\"} 1.0");
    }

    /**
     * A message Postfix took within its message_size_limit must pass the filter: the gate
     * announces the next hop's SIZE less room for its fields, so with one message_size_limit in
     * main.cf for the public smtpd and the re-injection alike, mail just under the limit was
     * taken by Postfix and then bounced to its sender ("exceeds size limit of server"). README's
     * lines give the public smtpd the site's limit and main.cf the room above it.
     */
    @Test
    void aMessageJustUnderThePublicLimitIsFilteredNotBounced() throws Exception {
        start("  mode: after-queue\n", MAIN_CF_SIZE, FRONT_SIZE);
        Path big = tmp.resolve("big.eml");
        StringBuilder body = new StringBuilder(java.nio.file.Files.readString(Path.of("../samples/held-out/ham-2.eml"),
                StandardCharsets.ISO_8859_1).replace("\r\n", "\n"));
        while (body.length() < 38_200) body.append("x".repeat(76)).append('\n');
        java.nio.file.Files.writeString(big, body, StandardCharsets.ISO_8859_1);
        String sent = PrivatePostfix.run("swaks", "--server", "127.0.0.1", "--port", String.valueOf(front), "--from", "friend@example.org",
                "--to", "list@example.test", "--helo", "client.test", "--data", "@" + big);
        assertThat(sent).contains("<-  250 2.0.0 Ok: queued");
        PostfixProxyTest.await(() -> sink.delivered.size() == 1, "the large message delivered through the filter");
        awaitRemoved(sent);
        assertThat(postfix.maillog()).doesNotContain("status=bounced");
        assertThat(sink.delivered.get(0).from()).contains("friend@example.org");
    }

    /**
     * A message larger than smtp.max-message-bytes, within the site's limits: the gate announced
     * its own limit as its SIZE, so Postfix bounced such mail to its (often forged) sender
     * ("exceeds size limit of server"), and one sent without SIZE got 552 at the end of DATA,
     * bounced the same way. After the queue it is passed on unscanned, as spamc and amavis pass
     * mail over their limits, with X-Bayard-Classification saying so and forged copies of our
     * fields removed; the body is relayed as it came.
     */
    @Test
    void aMessageOverOurSizeLimitIsPassedOnUnscannedNotBounced() throws Exception {
        start("  mode: after-queue\n  max-message-bytes: 20000\n", MAIN_CF_SIZE, FRONT_SIZE);
        Path big = tmp.resolve("big.eml");
        StringBuilder text = new StringBuilder("X-Spam-Flag: NO\nX-Bayard-Classification: ham; p=0.0001\n");
        text.append(java.nio.file.Files.readString(Path.of("../samples/held-out/spam-1.eml"), StandardCharsets.ISO_8859_1)
                .replace("\r\n", "\n"));
        while (text.length() < 30_000) text.append("y".repeat(76)).append('\n');
        text.append("the last line of the body\n");
        java.nio.file.Files.writeString(big, text, StandardCharsets.ISO_8859_1);
        String sent = PrivatePostfix.run("swaks", "--server", "127.0.0.1", "--port", String.valueOf(front), "--from", "big@example.net",
                "--to", "list@example.test", "--helo", "client.test", "--data", "@" + big);
        assertThat(sent).contains("<-  250 2.0.0 Ok: queued");
        PostfixProxyTest.await(() -> sink.delivered.size() == 1, "the large message delivered through the filter, unscanned");
        awaitRemoved(sent);
        assertThat(postfix.maillog()).doesNotContain("status=bounced");
        String delivered = sink.delivered.get(0).text();
        assertThat(delivered).contains("X-Bayard-Classification: unscanned; too large (", "bytes, smtp.max-message-bytes 20000)")
                .doesNotContain("X-Spam-Flag", "X-Bayard-Classification: ham")
                .contains("y".repeat(76) + "\r\nthe last line of the body\r\n");
        assertThat(held()).isZero();
        // the decision line follows the 250 that let Postfix remove the message
        PostfixProxyTest.await(() -> !decisionFor("big@example.net").isEmpty(), "the large message decided");
        assertThat(decisionFor("big@example.net")).contains("not scanned: ", "larger than smtp.max-message-bytes (20000)",
                "\"reply\":\"250 2.0.0 Ok: queued\"");
        assertThat(metrics.scrape()).contains("bayard_messages_total{action=\"unscanned\"} 1.0");
    }

    /**
     * Trouble of the gate's own (here its next hop is down) stays a 4xx after the queue, so
     * Postfix keeps the mail and retries it later: deferred, never bounced, ham and spam alike.
     */
    @Test
    void afterTheQueueOurOwnTroubleDefersAndBouncesNothing() throws Exception {
        gateNextHop = FreePorts.next(); // nothing listens there
        start("  mode: after-queue\n");
        assertThat(send("ham-2.eml", "friend@example.org")).contains("<-  250 2.0.0 Ok: queued");
        assertThat(send("spam-1.eml", "spammer@example.net")).contains("<-  250 2.0.0 Ok: queued");
        PostfixProxyTest.await(() -> maillogShows("status=deferred", 2), "both deferred by Postfix");
        assertThat(postfix.maillog()).doesNotContain("status=bounced").contains("said: 451");
        assertThat(sink.delivered).isEmpty();
        assertThat(held()).isZero();
    }

    /**
     * Many amavis setups hand mail to the filter over LMTP (an lmtp transport). The gate speaks
     * SMTP only: it must answer LHLO so that Postfix keeps the mail (4xx, deferred) and the
     * postmaster is told to use the smtp transport, never so that Postfix bounces it.
     */
    @Test
    void anLmtpTransportIsDeferredWithAClearReasonNeverBounced() throws Exception {
        // the amavis habit: the transport's command lmtp, and content_filter's next hop with inet:, as lmtp needs
        recipe = recipe.changed(service -> service.startsWith("bayard unix ")
                ? service.replaceFirst(" smtp( |$)", " lmtp$1") : service.replace("content_filter=bayard:[", "content_filter=bayard:inet:["));
        start("  mode: after-queue\n");
        assertThat(send("ham-2.eml", "friend@example.org")).contains("<-  250 2.0.0 Ok: queued");
        // the one attempt's status line, awaited, says deferred or bounced: nothing to wait for after it
        PostfixProxyTest.await(() -> maillogShows("status=", 1), "Postfix tried the filter");
        assertThat(postfix.maillog()).doesNotContain("status=bounced").contains("status=deferred", "use Postfix's smtp transport");
        assertThat(sink.delivered).isEmpty();
    }

    /**
     * Bayard on another host than Postfix, with Postfix's address left out of smtp.relay-networks
     * (here: only 10.0.0.0/8 trusted): every recipient got "554 Relay access denied", and after the
     * queue Postfix bounced every message, ham too. That is the gate's configuration, not a verdict
     * on the mail: a 4xx naming the key, so Postfix keeps the mail until it is fixed.
     */
    @Test
    void afterTheQueueARelayRefusalIsOurConfigurationAndDefers() throws Exception {
        start("  mode: after-queue\n  relay-networks: [\"10.0.0.0/8\"]\n");
        assertThat(send("ham-2.eml", "friend@example.org")).contains("<-  250 2.0.0 Ok: queued");
        // the one attempt's status line, awaited, says deferred or bounced: nothing to wait for after it
        PostfixProxyTest.await(() -> maillogShows("status=", 1), "Postfix tried the filter");
        assertThat(postfix.maillog()).doesNotContain("status=bounced").contains("status=deferred", "smtp.relay-networks");
        assertThat(sink.delivered).isEmpty();
    }

    /**
     * Waits until Postfix is done with the message swaks reported queued in {@code swaksOutput}:
     * its qmgr logs "removed" after the message's last delivery status, so a bounce of it, had there
     * been one, is in the log by then. Waiting a while instead passed whenever Postfix was slower.
     */
    private void awaitRemoved(String swaksOutput) throws Exception {
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("Ok: queued as ([0-9A-Za-z]+)").matcher(swaksOutput);
        assertThat(id.find()).as("a queue id in %s", swaksOutput).isTrue();
        Await.until(() -> maillogShows(id.group(1) + ": removed", 1));
    }

    /** Whether Postfix's log holds {@code text} at least {@code times} times yet (no while it cannot be read). */
    private boolean maillogShows(String text, int times) {
        try {
            return postfix.maillog().split(java.util.regex.Pattern.quote(text), -1).length - 1 >= times;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
