package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bayard.app.gate.Quarantine;
import org.bayard.nntp.InnServer;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Usenet gateway as {@code bayard serve} runs it (a child JVM with a trained store and a
 * configuration file), against a real INN: articles posted to the newsgroup reach the list through
 * the gate's judgement. Spam is refused and never reaches the list; held spam is in the quarantine
 * addressed to the list, and its release delivers it there; the rest arrives with the gate's fields.
 */
class ServeNewsGatewayTest {
    private static final String LIST = "talk@lists.example.org";
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    @RegisterExtension final Sinks sinks = new Sinks();
    private InnServer inn;
    private RecordingSink sink;
    private Path db;
    private Path log;

    @AfterEach
    void stopInn() throws Exception {
        if (inn != null) inn.close();
    }

    /** Starts INN with local.test and serve gating it to {@link #LIST} every second, with {@code moreYaml}; waits for the first pass. */
    private Process start(String moreYaml) throws Exception {
        inn = InnServer.start("local.test", "local.other");
        sink = sinks.start();
        db = gates.copy(tmp);
        log = tmp.resolve("serve.log");
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, moreYaml + "nntp:\n  server: \"" + inn.hostPort() + "\"\n  interval-seconds: 1\n  groups:\n    local.test: "
                + LIST + "\n");
        ProcessBuilder pb = ServeChild.command(List.of("-Xmx256m"), db, tmp.resolve("q"), sink.address().getPort(), log, "-c", config.toString());
        Process serve = pb.start();
        processes.add(serve);
        ServeReloadTest.waitForLog(log, "listening on", 1);
        assertThat(Files.readString(log)).contains("Usenet gateway: 1 newsgroup(s) on " + inn.hostPort() + " to their lists through the gate, every 1 s");
        ServeReloadTest.waitForLog(log, "first pass on " + inn.hostPort(), 1);
        return serve;
    }

    /** A held-out sample as a posting: its own header block but for the fields a news server sets or refuses. */
    private long post(String sample) throws Exception {
        return post("local.test", sample, sample);
    }

    /** As above, to {@code group}, with the Message-ID {@code <id@samples.bayard.test>}. */
    private long post(String group, String sample, String id) throws Exception {
        String text = Files.readString(Path.of("../samples/held-out", sample), StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        int end = text.indexOf("\n\n");
        StringBuilder head = new StringBuilder();
        for (String field : text.substring(0, end).split("\n(?![ \t])")) {
            String name = field.substring(0, Math.max(0, field.indexOf(':'))).toLowerCase(java.util.Locale.ROOT);
            if (List.of("from", "subject", "mime-version", "content-type", "content-transfer-encoding").contains(name)) {
                head.append(field).append('\n');
            }
        }
        head.append("Message-ID: <").append(id).append("@samples.bayard.test>\n");
        return inn.post(group, (head + text.substring(end)).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void hamReachesTheListSpamIsRefusedAndTheUnsureAreHeld() throws Exception {
        Process serve = start("");
        for (int i = 1; i <= 4; i++) {
            post("ham-" + i + ".eml");
            post("spam-" + i + ".eml");
        }
        ServeReloadTest.waitForLog(log, "\"event\":\"article\"", 8);
        // the gate's own line for each, as for any message (written by its log's thread, maybe after the gateway's)
        ServeReloadTest.waitForLog(log, "\"event\":\"message\"", 8);
        String said = Files.readString(log);
        for (int i = 1; i <= 4; i++) {
            assertThat(said).containsPattern("\"message_id\":\"<spam-" + i + ".eml@samples.bayard.test>\",\"from\":\"[^\"]*\",\"rcpt\":\""
                    + LIST + "\",\"outcome\":\"(refused: 550 5.7.1 message refused as spam|held: 250 2.0.0 Ok: held)");
        }
        for (int i = 1; i <= 4; i++) {
            assertThat(said).containsPattern("\"message_id\":\"<ham-" + i + ".eml@samples.bayard.test>\",\"from\":\"[^\"]*\",\"rcpt\":\""
                    + LIST + "\",\"outcome\":\"(passed: 250 |held: 250 2.0.0 Ok: held)");
        }
        assertThat(said.split("\"event\":\"message\"", -1).length - 1).isEqualTo(8);
        int passed = said.split("\"outcome\":\"passed: 250 ", -1).length - 1;
        assertThat(sink.delivered).hasSize(passed);
        int refused = said.split("\"outcome\":\"refused: 550 ", -1).length - 1;
        // as this store scores these eight, stripped to a posting's fields: one ham and one spam unsure, held
        assertThat(passed).isEqualTo(3);
        assertThat(refused).isEqualTo(3);
        assertThat(Quarantine.open(tmp.resolve("q")).ids()).hasSize(2);
        for (RecordingSink.Delivered ham : sink.delivered) {
            assertThat(ham.recipients()).containsExactly(LIST);
            assertThat(ham.text()).containsPattern("Message-ID: <ham-\\d.eml@samples.bayard.test>").contains("Newsgroups: local.test")
                    .contains("X-Spam-Status: No, score=");
        }
        // the mark is written after each article's line, so the eighth's may still be on its way
        Path mark = db.resolve("news/local.test");
        Await.until(() -> Files.readString(mark).strip().equals(inn.hostPort() + " 8"));

        // a group added to the file is gated from the next pass on, without a restart
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, Files.readString(config) + "    local.other: other@lists.example.org\n");
        ServeReloadTest.waitForLog(log, "first pass on " + inn.hostPort(), 2);
        post("local.other", "ham-2.eml", "other");
        ServeReloadTest.waitForLog(log, "\"event\":\"article\"", 9);
        assertThat(Files.readString(log)).containsPattern("\"group\":\"local.other\",\"number\":1,.*\"rcpt\":\"other@lists.example.org\"");

        serve.destroy();
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(serve.exitValue()).isEqualTo(143);
    }

    /** The gateway on /metrics (each article's fate) and /health (degraded while a pass cannot read the group, ok once one can). */
    @Test
    void theGatewaysArticlesAreCountedAndItsTroublesAreInHealth() throws Exception {
        String hash = org.bayard.http.Passwords.hash("pw".toCharArray(), 10_000);
        start("http:\n  listen: \"127.0.0.1:0\"\n  users:\n    - name: admin\n      role: admin\n      password-hash: \"" + hash + "\"\n");
        int http = RedisNodesTest.httpPort(log);
        post("spam-1.eml");
        post("ham-2.eml");
        ServeReloadTest.waitForLog(log, "\"event\":\"article\"", 2);
        String metrics = RedisNodesTest.get(http, "/metrics").body();
        assertThat(metrics).contains("bayard_news_articles_total{fate=\"refused\"} 1.0", "bayard_news_articles_total{fate=\"passed\"} 1.0");
        assertThat(RedisNodesTest.get(http, "/health").body()).isEqualTo("{\"status\":\"ok\"}");

        inn.kill();
        ServeReloadTest.waitForLog(log, "\"event\":\"news-failed\"", 1);
        // the group's line comes as it fails, the troubles /health reads at the end of the pass
        Await.until(() -> RedisNodesTest.get(http, "/health").body().contains("\"status\":\"degraded\""));
        java.net.http.HttpResponse<String> health = RedisNodesTest.get(http, "/health");
        assertThat(health.statusCode()).as("mail flows: degraded, not failing").isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"degraded\"", "Usenet gateway: local.test: the news server " + inn.hostPort()
                + " cannot be reached");

        inn.launch();
        post("ham-3.eml");
        ServeReloadTest.waitForLog(log, "\"event\":\"article\"", 3);
        Await.until(() -> RedisNodesTest.get(http, "/health").body().equals("{\"status\":\"ok\"}"));
        assertThat(sink.delivered).hasSize(2);
    }

    @Test
    void heldSpamWaitsForAModeratorWhoseReleaseDeliversItToTheList() throws Exception {
        // nothing is refused: what would be, is held
        Process serve = start("policy:\n  reject-score: 1000\n");
        post("spam-2.eml");
        ServeReloadTest.waitForLog(log, "\"outcome\":\"held: 250 2.0.0 Ok: held\"", 1);
        assertThat(sink.delivered).isEmpty();
        serve.destroy();
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Quarantine q = Quarantine.open(tmp.resolve("q"));
        assertThat(q.ids()).hasSize(1);
        String id = q.ids().getFirst();
        assertThat(q.metadata(id).toString()).contains(LIST);
        Commands.Ran release = Commands.run(ChildJvm.bayard(List.of(), "quarantine", "release", id, "--db", db.toString(), "--quarantine",
                tmp.resolve("q").toString(), "--next-hop", "127.0.0.1:" + sink.address().getPort()).redirectErrorStream(true), 60);
        assertThat(release.exit()).as(release.output()).isZero();
        assertThat(sink.delivered).hasSize(1);
        assertThat(sink.delivered.getFirst().recipients()).containsExactly(LIST);
        assertThat(sink.delivered.getFirst().text()).contains("Message-ID: <spam-2.eml@samples.bayard.test>");
    }
}
