package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bayard.store.redis.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several Bayard nodes sharing one Redis (DESIGN: the scale-out store; RELIABILITY F5 and F8):
 * what one node learns, another scores with, through the real commands and a real redis-server;
 * and a running serve whose Redis freezes, dies and comes back keeps taking mail throughout.
 */
class RedisNodesTest {
    private static final String HELD_OUT = "../samples/held-out/";

    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    /** A node of folder {@code dir} that has learned the samples' ham and spam into the Redis {@code cfg} names. */
    private static Cli learnedSamples(Path dir, Path cfg) {
        Cli node = new Cli(dir);
        assertThat(node.run("learn", "-c", cfg.toString(), "--ham", "../samples/ham.mbox").exitCode()).isZero();
        assertThat(node.run("learn", "-c", cfg.toString(), "--spam", "../samples/spam.mbox").exitCode()).isZero();
        return node;
    }

    private Path config(RedisServer redis, String prefix, String more) throws Exception {
        Path file = tmp.resolve(prefix + ".yaml");
        Files.writeString(file, "redis:\n  address: \"127.0.0.1:" + redis.port() + "\"\n  prefix: " + prefix + "\n" + more);
        return file;
    }

    @Test
    void whatOneNodeLearnsAnotherScoresWithAsTheEmbeddedStoreWould() throws Exception {
        try (RedisServer redis = RedisServer.start(tmp.resolve("redis"))) {
            String cfg = config(redis, "site", "").toString();
            Cli a = new Cli(tmp.resolve("a"));
            Cli b = new Cli(tmp.resolve("b"));
            redis.call("CONFIG", "RESETSTAT");
            assertThat(a.run("learn", "-c", cfg, "--ham", "../samples/ham.mbox").exitCode()).isZero();
            assertThat(commits(redis)).as("300 messages in batches of 200: Redis serves no one else while one commits").isEqualTo(2);
            assertThat(a.run("train", "-c", cfg, "--batch", "50", "--spam", "../samples/spam.mbox").exitCode()).isZero();
            assertThat(commits(redis)).as("then 200 in batches of 50, as asked").isEqualTo(6);
            assertThat(tmp.resolve("a")).as("the store is in Redis, not in the node's folder").doesNotExist();

            Cli.Result stats = b.run("db", "stats", "-c", cfg, "--json");
            assertThat(stats.out()).contains("\"ham\":300", "\"spam\":200", "\"ledger\":500", "\"store\":\"redis\"");
            assertThat(b.run("db", "stats", "-c", cfg).out()).contains("store     redis 127.0.0.1:" + redis.port() + " prefix site")
                    .doesNotContain("on disk");

            // the same samples learned into LMDB score every held-out message the same, to the last digit
            Path lmdb = SampleStore.trained(tmp.resolve("lmdb"));
            String[] held = Files.list(Path.of(HELD_OUT)).map(Path::toString).sorted().toArray(String[]::new);
            String[] onB = concat(new String[] {"score", "-c", cfg}, held);
            assertThat(b.run(onB).out()).isEqualTo(new Cli(lmdb).run(concat(new String[] {"score"}, held)).out()).contains("spam   p=1.0");

            // learned on B, forgotten on A
            assertThat(b.run("learn", "-c", cfg, "--spam", HELD_OUT + "spam-2.eml").out()).contains("1 learned");
            assertThat(a.run("db", "stats", "-c", cfg, "--json").out()).contains("\"spam\":201");
            assertThat(a.run("forget", "-c", cfg, HELD_OUT + "spam-2.eml").exitCode()).isZero();
            assertThat(b.run("db", "stats", "-c", cfg, "--json").out()).contains("\"spam\":200", "\"ledger\":500");

            // a model moved from LMDB into Redis by a dump scores as it did
            Path dump = tmp.resolve("model.dump.gz");
            assertThat(new Cli(lmdb).run("db", "export", dump.toString()).exitCode()).isZero();
            String moved = config(redis, "moved", "").toString();
            assertThat(a.run("db", "import", "-c", moved, dump.toString()).out()).contains("500 ledger entries added");
            assertThat(b.run(concat(new String[] {"score", "-c", moved}, held)).out()).isEqualTo(new Cli(lmdb).run(concat(new String[] {"score"}, held)).out());

            assertThat(b.run("db", "check", "-c", cfg).out())
                    .matches("store in redis 127\\.0\\.0\\.1:\\d+ prefix site is whole: \\d+ tokens and 500 ledger entries read, none garbled\\n");
        }
    }

    @Test
    void aPrefixNothingWasLearnedUnderAndADownServerAreSaidInOneLine() throws Exception {
        try (RedisServer redis = RedisServer.start(tmp.resolve("redis"))) {
            String cfg = config(redis, "empty", "").toString();
            Cli.Result score = new Cli(tmp.resolve("a")).run("score", "-c", cfg, HELD_OUT + "ham-1.eml");
            assertThat(score.exitCode()).isNotZero();
            assertThat(score.err()).contains("no store in redis 127.0.0.1:" + redis.port() + " prefix empty: nothing has been learned there yet")
                    .doesNotContain("Exception");
            assertThat(redis.call("EXISTS", "{empty}:meta")).as("a read creates nothing").isEqualTo(0L);

            redis.kill();
            Cli.Result learn = new Cli(tmp.resolve("a")).run("learn", "-c", cfg, "--ham", HELD_OUT + "ham-1.eml");
            assertThat(learn.exitCode()).isNotZero();
            assertThat(learn.err()).contains("redis 127.0.0.1:" + redis.port() + " prefix empty is unavailable: Connection refused")
                    .doesNotContain("Exception").hasLineCount(1);
        }
    }

    /**
     * F5 with Redis: a serve whose Redis stops answering (SIGSTOP), then dies (SIGKILL), takes
     * every message with Bayes counted as neutral and says so in the header, never a 5xx; once
     * Redis is back (its append-only file replayed), Bayes counts again without a restart.
     */
    @Test
    void serveKeepsTakingMailWhileRedisIsFrozenOrDeadAndUsesBayesAgainWhenItIsBack() throws Exception {
        try (RedisServer redis = RedisServer.start(tmp.resolve("redis"), true)) {
            String hash = org.bayard.http.Passwords.hash("pw".toCharArray(), 10_000);
            Path cfg = config(redis, "site", "  timeout-ms: 500\nhttp:\n  listen: \"127.0.0.1:0\"\n  users:\n"
                    + "    - name: admin\n      role: admin\n      password-hash: \"" + hash + "\"\n");
            learnedSamples(tmp.resolve("node"), cfg);
            Thread.sleep(1_500); // appendfsync everysec

            Serving serving = serve(cfg);
            assertThat(GateFaultsTest.send(serving.smtpPort(), GateFaultsTest.message("ham-2.eml", 1))).isEqualTo(250);
            redis.freeze();
            long start = System.nanoTime();
            assertThat(GateFaultsTest.send(serving.smtpPort(), GateFaultsTest.message("ham-3.eml", 2), "second@example.org")).isEqualTo(250);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("answered within the scan's budget").isLessThan(10);
            redis.thaw();
            redis.kill();
            assertThat(GateFaultsTest.send(serving.smtpPort(), GateFaultsTest.message("spam-1.eml", 3), "third@example.org") / 100)
                    .as("never a 5xx from our own failure").isNotEqualTo(5);
            java.net.http.HttpResponse<String> learn = learnSpam(serving.httpPort(), HELD_OUT + "spam-2.eml");
            assertThat(learn.statusCode()).as("learning while Redis is dead").isEqualTo(503);
            assertThat(learn.body()).contains("redis 127.0.0.1:" + redis.port() + " prefix site is unavailable");
            java.net.http.HttpResponse<String> health = get(serving.httpPort(), "/health");
            assertThat(health.statusCode()).as("mail flows: degraded, not failing").isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"degraded\"", "the token store cannot be read: Bayes counts as neutral");
            assertThat(get(serving.httpPort(), "/metrics").body()).as("a scrape still has every other figure")
                    .contains("bayard_health 1.0", "bayard_store_tokens NaN", "bayard_messages_total");
            redis.launch();
            assertThat(GateFaultsTest.send(serving.smtpPort(), GateFaultsTest.message("ham-4.eml", 4), "fourth@example.org")).isEqualTo(250);
            assertThat(learnSpam(serving.httpPort(), HELD_OUT + "spam-2.eml").statusCode()).as("learning once Redis is back").isEqualTo(200);
            assertThat(get(serving.httpPort(), "/health").body()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(serving.process().isAlive()).isTrue();

            List<String> delivered = SmtpSink.settledDumps(serving.dump());
            assertThat(bayesField(delivered, 1)).as("Redis up").startsWith("X-Bayard-Classification: ham");
            assertThat(bayesField(delivered, 2)).as("Redis frozen; log: %s", Files.readString(serving.log())).isEqualTo("X-Spam-Bayes: unavailable");
            assertThat(bayesField(delivered, 4)).as("Redis back").startsWith("X-Bayard-Classification: ham");
            assertThat(delivered).filteredOn(m -> m.contains("<ledger-3@bayard.test>")).allSatisfy(m -> assertThat(m).contains("X-Spam-Bayes: unavailable"));
            serving.process().destroy();
            assertThat(serving.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * Two serve processes, two nodes, on one Redis: what one learns through its HTTP API, the
     * other scores with at its next message, neither restarted nor told (DESIGN: "any number of
     * stateless Bayard nodes share one Redis").
     */
    @Test
    void twoServesOnOneRedisScoreWithWhatEitherLearnsAtOnce() throws Exception {
        try (RedisServer redis = RedisServer.start(tmp.resolve("redis"))) {
            String hash = org.bayard.http.Passwords.hash("pw".toCharArray(), 10_000);
            Path cfg = config(redis, "pair", "http:\n  listen: \"127.0.0.1:0\"\n  users:\n"
                    + "    - name: admin\n      role: admin\n      password-hash: \"" + hash + "\"\n");
            learnedSamples(tmp.resolve("a"), cfg);
            int sinkPort = SmtpSink.start(tmp, tmp.resolve("sink"), processes);
            Path logA = tmp.resolve("a.log");
            Path logB = tmp.resolve("b.log");
            Process a = ServeProcess.start(ServeProcess.command(List.of(), tmp.resolve("a"), tmp.resolve("qa"), sinkPort, "-c", cfg.toString()),
                    logA, processes);
            Process b = ServeProcess.start(ServeProcess.command(List.of(), tmp.resolve("b"), tmp.resolve("qb"), sinkPort, "-c", cfg.toString()),
                    logB, processes);
            int httpA = httpPort(logA);
            int httpB = httpPort(logB);

            String message = HELD_OUT + "ham-1.eml";
            double before = score(httpB, message);
            assertThat(learnSpam(httpA, message).statusCode()).as("learned as spam on A").isEqualTo(200);
            double after = score(httpB, message);
            assertThat(after).as("B's score of the message once A learned it as spam (before: %s)", before).isGreaterThan(before + 1);
            assertThat(score(httpA, message)).as("both nodes score it alike").isEqualTo(after);

            a.destroy();
            b.destroy();
            assertThat(a.waitFor(30, TimeUnit.SECONDS) && b.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(a.exitValue()).isEqualTo(143);
            assertThat(b.exitValue()).isEqualTo(143);
        }
    }

    /**
     * A report to a spam trap while Redis is down cannot be learned: the gate answers 451, so the
     * sender's MTA keeps it and sends it again, and once Redis is back it is learned. Nothing is lost.
     */
    @Test
    void aTrapsReportWhileRedisIsDownGets451AndIsLearnedWhenSentAgain() throws Exception {
        try (RedisServer redis = RedisServer.start(tmp.resolve("redis"), true)) {
            Path cfg = config(redis, "traps", "  timeout-ms: 500\nsmtp:\n  spam-traps: [list@example.test]\n");
            Cli node = learnedSamples(tmp.resolve("node"), cfg);
            Thread.sleep(1_500); // appendfsync everysec
            int sinkPort = SmtpSink.start(tmp, tmp.resolve("sink"), processes);
            Path log = tmp.resolve("serve.log");
            Process serve = ServeProcess.start(ServeProcess.command(List.of(), tmp.resolve("node"), tmp.resolve("q"), sinkPort,
                    "-c", cfg.toString()), log, processes);
            int port = GateFaultsTest.listeningPort(log, 0);

            redis.kill();
            // a user's report: the spam forwarded as an attachment
            String report = "From: reporter@example.net\r\nTo: list@example.test\r\nSubject: spam\r\nMessage-ID: <report-7@example.net>\r\n"
                    + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"r\"\r\n\r\n--r\r\nContent-Type: message/rfc822\r\n\r\n"
                    + GateFaultsTest.message("spam-2.eml", 7).replaceFirst("\r\nFrom [^\r]*\r\n", "\r\n") + "\r\n--r--\r\n";
            // the whole conversation, so that a failure says where it went wrong (CI once saw no 451, and no more)
            String said = conversation(port, report);
            assertThat(said).as("log: %s", Files.readString(log)).containsPattern("\\| 451 [^|]*$");
            redis.launch();
            assertThat(GateFaultsTest.send(port, report)).isEqualTo(250);
            assertThat(node.run("db", "stats", "-c", cfg.toString(), "--json").out()).contains("\"spam\":201");
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** The gate's replies to a whole transaction that sends {@code message}, joined by " | ", and what ended it early. */
    private static String conversation(int port, String message) {
        StringBuilder said = new StringBuilder();
        try (org.bayard.smtp.SmtpClient c = new org.bayard.smtp.SmtpClient(port)) {
            said.append(c.reply());
            for (String command : List.of("EHLO ledger.test\r\n", "MAIL FROM:<ledger@example.org>\r\n", "RCPT TO:<list@example.test>\r\n",
                    "DATA\r\n", message + ".\r\n")) {
                said.append(" | ").append(c.send(command));
            }
        } catch (java.io.IOException e) {
            said.append(" | ").append(e);
        }
        return said.toString();
    }

    /**
     * Redis Sentinel under serve: the nodes find the master through the sentinel; the master is
     * killed, the sentinel promotes its replica, and serve, not restarted nor told, scores the next
     * message with Bayes again and learns into the new master what a moderator teaches it.
     */
    @Test
    void serveFollowsASentinelFailoverWithoutARestart() throws Exception {
        try (RedisServer master = RedisServer.start(tmp.resolve("master"));
             RedisServer replica = RedisServer.startReplica(tmp.resolve("replica"), master);
             RedisServer sentinel = RedisServer.startSentinel(tmp.resolve("sentinel"), "site-master", master)) {
            String hash = org.bayard.http.Passwords.hash("pw".toCharArray(), 10_000);
            Path cfg = tmp.resolve("sentinel.yaml");
            Files.writeString(cfg, "redis:\n  sentinels: [\"127.0.0.1:" + sentinel.port() + "\"]\n  sentinel-master: site-master\n"
                    + "  prefix: site\n  timeout-ms: 500\nhttp:\n  listen: \"127.0.0.1:0\"\n  users:\n"
                    + "    - name: admin\n      role: admin\n      password-hash: \"" + hash + "\"\n");
            Cli node = learnedSamples(tmp.resolve("node"), cfg);
            assertThat(node.run("db", "stats", "-c", cfg.toString()).out())
                    .contains("store     redis master site-master (sentinels 127.0.0.1:" + sentinel.port() + ") prefix site");
            master.awaitReplicasCopied(java.time.Duration.ofSeconds(10)); // the replica has what was learned
            long spamLearned = spamCount(master);

            Serving serving = serve(cfg);
            assertThat(GateFaultsTest.send(serving.smtpPort(), GateFaultsTest.message("ham-2.eml", 1))).isEqualTo(250);

            master.kill();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // done once the sentinel names the replica: the replica says it is master a moment before
            while (!sentinelNames(sentinel, "site-master", replica)) {
                assertThat(System.nanoTime()).as("the sentinel promotes the replica within a minute").isLessThan(end);
                Thread.sleep(100);
            }
            assertThat(GateFaultsTest.send(serving.smtpPort(), GateFaultsTest.message("ham-4.eml", 2), "second@example.org")).isEqualTo(250);
            java.net.http.HttpResponse<String> learned = learnSpam(serving.httpPort(), HELD_OUT + "spam-2.eml");
            assertThat(learned.statusCode()).as("learning into the new master: %s", learned.body()).isEqualTo(200);
            assertThat(spamCount(replica)).as("the new master has the samples' spam and the one learned since").isEqualTo(spamLearned + 1);
            assertThat(node.run("db", "stats", "-c", cfg.toString()).out()).contains("spam " + (spamLearned + 1) + ")");
            assertThat(serving.process().isAlive()).isTrue();

            List<String> delivered = SmtpSink.settledDumps(serving.dump());
            assertThat(bayesField(delivered, 1)).as("before the failover").startsWith("X-Bayard-Classification: ham");
            assertThat(bayesField(delivered, 2)).as("after it; log: %s", Files.readString(serving.log())).startsWith("X-Bayard-Classification: ham");
            serving.process().destroy();
            assertThat(serving.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Whether {@code sentinel} names {@code server} as the master {@code name}. */
    private static boolean sentinelNames(RedisServer sentinel, String name, RedisServer server) {
        List<?> hostPort = (List<?>) sentinel.call("SENTINEL", "get-master-addr-by-name", name);
        return hostPort != null && String.valueOf(server.port()).equals(new String((byte[]) hostPort.get(1), java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** A serve of the node in folder node, in a child JVM, relaying to an smtp-sink that dumps into {@code dump}. */
    private record Serving(Process process, Path log, Path dump, int smtpPort, int httpPort) {}

    /** Starts serve with {@code cfg} (which has an http: section) for the node in folder node; waits until it listens. */
    private Serving serve(Path cfg) throws Exception {
        Path dump = tmp.resolve("sink");
        int sinkPort = SmtpSink.start(tmp, dump, processes);
        Path log = tmp.resolve("serve.log");
        Process serve = ServeProcess.start(ServeProcess.command(List.of(), tmp.resolve("node"), tmp.resolve("q"), sinkPort,
                "-c", cfg.toString()), log, processes);
        return new Serving(serve, log, dump, GateFaultsTest.listeningPort(log, 0), httpPort(log));
    }

    /** The spam the store of prefix site on {@code redis} has learned. */
    private static long spamCount(RedisServer redis) {
        return Long.parseLong(new String((byte[]) redis.call("HGET", "{site}:totals", "spam"), java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The commands against a Redis that speaks TLS only, with the site's CA in the configuration. */
    @Test
    void theCommandsWorkOverTlsWithTheSitesCa() throws Exception {
        try (RedisServer secure = RedisServer.startTls(tmp.resolve("tls"))) {
            Path cfg = config(secure, "tls", "  tls: true\n  tls-ca-file: \"" + secure.certificate() + "\"\n");
            Cli node = new Cli(tmp.resolve("node"));
            Cli.Result learn = node.run("learn", "-c", cfg.toString(), "--ham", "../samples/ham.mbox");
            assertThat(learn.exitCode()).as(learn.err()).isZero();
            assertThat(node.run("db", "stats", "-c", cfg.toString()).out()).contains("store     redis (TLS) 127.0.0.1:" + secure.port() + " prefix tls");
            Files.writeString(cfg, Files.readString(cfg).replaceAll("  tls-ca-file: .*\n", ""));
            Cli.Result untrusted = node.run("db", "stats", "-c", cfg.toString());
            assertThat(untrusted.exitCode()).isEqualTo(1);
            assertThat(untrusted.err()).contains("its certificate is not signed by a CA this node trusts").doesNotContain("\tat ");
        }
    }

    /** The score serve's /checkv2 gives {@code file}, as admin. */
    private static double score(int port, String file) throws Exception {
        String auth = java.util.Base64.getEncoder().encodeToString("admin:pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/checkv2"))
                    .header("Authorization", "Basic " + auth).POST(java.net.http.HttpRequest.BodyPublishers.ofFile(Path.of(file))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"score\":(-?[0-9.]+)").matcher(r.body());
            assertThat(m.find()).as(r.body()).isTrue();
            return Double.parseDouble(m.group(1));
        }
    }

    static int httpPort(Path log) throws Exception {
        java.util.regex.Pattern on = java.util.regex.Pattern.compile("HTTP API and moderation page on http://127\\.0\\.0\\.1:(\\d+)/");
        for (int i = 0; i < 600; i++) {
            java.util.regex.Matcher m = on.matcher(Files.readString(log));
            if (m.find()) return Integer.parseInt(m.group(1));
            Thread.sleep(50);
        }
        throw new AssertionError("serve named no HTTP port: " + Files.readString(log));
    }

    /** GET {@code path} as the user admin, password pw. */
    static java.net.http.HttpResponse<String> get(int port, String path) throws Exception {
        String auth = java.util.Base64.getEncoder().encodeToString("admin:pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Basic " + auth).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        }
    }

    private static java.net.http.HttpResponse<String> learnSpam(int port, String file) throws Exception {
        String auth = java.util.Base64.getEncoder().encodeToString("admin:pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/learnspam"))
                    .header("Authorization", "Basic " + auth).POST(java.net.http.HttpRequest.BodyPublishers.ofFile(Path.of(file))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The commit scripts Redis ran since its statistics were reset: EVAL and EVALSHA calls, less those refused (NOSCRIPT). */
    private static long commits(RedisServer redis) {
        String stats = new String((byte[]) redis.call("INFO", "commandstats"), java.nio.charset.StandardCharsets.US_ASCII);
        long n = 0;
        for (String line : stats.split("\r\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("cmdstat_(eval|evalsha):calls=(\\d+),.*failed_calls=(\\d+)").matcher(line);
            if (m.matches()) n += Long.parseLong(m.group(2)) - Long.parseLong(m.group(3));
        }
        return n;
    }

    /** The field that says what Bayes made of message {@code n}: its classification, or that it was unavailable. */
    private static String bayesField(List<String> delivered, int n) {
        String message = delivered.stream().filter(m -> m.contains("<ledger-" + n + "@bayard.test>")).findFirst().orElseThrow();
        return message.lines().filter(l -> l.startsWith("X-Bayard-Classification:") || l.startsWith("X-Spam-Bayes:")).findFirst().orElse("(none)");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
