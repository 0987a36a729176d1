package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import org.bayard.smtp.Sinks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.bayard.app.desk.DeskBackend;
import org.bayard.http.Backend;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.SmtpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a moderator sees of spam held after the queue ({@code smtp.mode: after-queue}): the policy
 * would have rejected it, the gate held it instead (a 550 there is a bounce to a forged sender).
 * It must read as held, with the policy's verdict beside it, in the sidecar, {@code quarantine
 * list/show} and the page's and API's listing; sidecars written before said only "reject".
 */
class AfterQueueHeldSpamTest {
    @TempDir Path tmp;
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    TestGate gate;
    Path db;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private void start(String smtpYaml) throws Exception {
        sink = sinks.start();
        db = gates.copy(tmp);
        gate = gates.start("", smtpYaml, db, tmp.resolve("q"), sink.address().getPort(), log);
    }

    private String send(String sample, String from) throws Exception {
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            c.reply();
            c.send("EHLO client.test\r\n");
            c.send("MAIL FROM:<" + from + ">\r\n");
            c.send("RCPT TO:<list@example.test>\r\n");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            String reply = c.send(GateFeaturesTest.crlf(sample) + ".\r\n");
            c.send("QUIT\r\n");
            return reply;
        }
    }

    private String onlyId() throws Exception {
        List<String> ids = gate.gate().quarantine().ids();
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    /** The reason every view shows; the same words as the decision log's. */
    static final String HELD_NOT_REJECTED = "held instead of rejected (smtp.mode after-queue)";

    private void assertModeratorSeesHeldInsteadOfRejected(String id) throws Exception {
        Map<String, Object> meta = gate.gate().quarantine().metadata(id);
        assertThat(meta.get("action")).as("what the gate did").isEqualTo("hold");
        assertThat(meta.get("policy_action")).as("what the policy said").isEqualTo("reject");
        assertThat((String) meta.get("reason")).startsWith("score ").contains(">= reject", HELD_NOT_REJECTED);

        // the page's listing and item view, and /api/quarantine, come from these
        DeskBackend desk = new DeskBackend(gate.engine(), gate.gate(), Clock.systemUTC());
        List<Backend.Held> listed = desk.held();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).reason()).contains(">= reject", HELD_NOT_REJECTED);
        assertThat(desk.view(id).orElseThrow().summary().reason()).contains(HELD_NOT_REJECTED);

        gates.stop(); // the command opens the store, as it would beside bayard serve's
        gate = null;
        Cli cli = new Cli(db);
        String q = tmp.resolve("q").toString();
        Cli.Result list = cli.run("quarantine", "list", "--quarantine", q);
        assertThat(list.out()).as(list.err()).contains(id).contains(HELD_NOT_REJECTED);
        String shown = cli.run("quarantine", "show", id, "--quarantine", q).out();
        assertThat(shown).contains("\"action\" : \"hold\"", "\"policy_action\" : \"reject\"").doesNotContain("\"action\" : \"reject\"");
    }

    @Test
    void spamHeldAfterTheQueueReadsAsHeldWithThePolicysVerdictBesideIt() throws Exception {
        start("  mode: after-queue\n");
        assertThat(send("spam-1.eml", "spammer@example.net")).startsWith("250 2.0.0 Ok: held");
        assertModeratorSeesHeldInsteadOfRejected(onlyId());
    }

    @Test
    void aSidecarWrittenBeforeSayingOnlyRejectReadsTheSame() throws Exception {
        start("  mode: after-queue\n");
        send("spam-1.eml", "spammer@example.net");
        String id = onlyId();
        // as the gate wrote it before: the policy's action as the item's, and its reason alone
        Path sidecar = tmp.resolve("q").resolve(id + ".json");
        Map<String, Object> meta = new java.util.LinkedHashMap<>(gate.gate().quarantine().metadata(id));
        meta.remove("policy_action");
        meta.put("action", "reject");
        String reason = (String) meta.get("reason");
        if (reason.contains(";")) meta.put("reason", reason.substring(0, reason.indexOf(';')));
        Files.write(sidecar, new tools.jackson.databind.json.JsonMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
        assertThat(Files.readString(sidecar, StandardCharsets.UTF_8)).contains("\"action\" : \"reject\"").doesNotContain(HELD_NOT_REJECTED);

        assertModeratorSeesHeldInsteadOfRejected(id);
    }

    /** With smtp.after-queue-spam: discard nothing is kept: the dashboard's counts are where a postmaster sees it. */
    @Test
    void spamDiscardedAfterTheQueueShowsOnTheDashboard() throws Exception {
        org.bayard.http.Metrics metrics = new org.bayard.http.Metrics(Clock.systemUTC());
        sink = sinks.start();
        db = gates.copy(tmp);
        gate = gates.start("", "  mode: after-queue\n  after-queue-spam: discard\n", db, tmp.resolve("q"), sink.address().getPort(),
                log, new org.bayard.app.desk.GateMetrics(metrics));
        assertThat(send("spam-1.eml", "spammer@example.net")).startsWith("250 ");
        assertThat(gate.gate().quarantine().ids()).isEmpty();
        int discard = org.bayard.http.Metrics.ACTIONS.indexOf("discard");
        assertThat(discard).as("discard among the dashboard's actions").isNotNegative();
        assertThat(metrics.history(java.time.Duration.ofHours(1), 1).get(0)[discard]).isEqualTo(1);
        assertThat(metrics.history(java.time.Duration.ofDays(1), 1).get(0)[discard]).isEqualTo(1);
    }

    /**
     * Harvest sorts its copies by what the gate did: spam held after the queue is in the
     * quarantine, where a moderator may release it, as mail held by score is (caught-spam); spam
     * discarded after the queue is kept nowhere else, as rejected spam is (rejected-spam).
     */
    @Test
    void harvestFilesSpamHeldAfterTheQueueAsCaughtAndDiscardedAsRejected() throws Exception {
        Path h = tmp.resolve("h");
        start("  mode: after-queue\n  harvest: true\n  harvest-dir: \"" + h + "\"\n");
        assertThat(send("spam-1.eml", "spammer@example.net")).startsWith("250 2.0.0 Ok: held");
        assertThat(GateFeaturesTest.files(h)).containsExactly("caught-spam");
        assertThat(GateFeaturesTest.files(h.resolve("caught-spam"))).hasSize(1);
        gates.stop();
        sink.close();
        gate = null;

        Path h2 = tmp.resolve("h2");
        sink = sinks.start();
        gate = gates.start("", "  mode: after-queue\n  after-queue-spam: discard\n  harvest: true\n  harvest-dir: \"" + h2 + "\"\n",
                db, tmp.resolve("q2"), sink.address().getPort(), log);
        assertThat(send("spam-1.eml", "spammer@example.net")).startsWith("250 ");
        assertThat(GateFeaturesTest.files(h2)).containsExactly("rejected-spam");
    }
}
