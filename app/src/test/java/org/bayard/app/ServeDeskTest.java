package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import org.bayard.smtp.Sinks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bayard.http.HistoryFile;
import org.bayard.http.Passwords;
import org.bayard.smtp.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bayard serve}'s HTTP side as a service manager runs it (a child JVM): the dashboard's
 * hourly history outlives a SIGTERM and restart, and an edited {@code http.users} applies without one.
 */
class ServeDeskTest {
    static final String PASSPHRASE = "a long passphrase";
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    Process serve;
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();

    @Test
    void theDashboardStillCountsMailFromBeforeARestart() throws Exception {
        Path db = storeAndNextHop();
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, "policy:\n  reject-score: 10\nhttp:\n  listen: \"127.0.0.1:0\"\n  users:\n    - name: mod\n      role: admin\n"
                + "      password-hash: \"" + hash() + "\"\n");

        int[] ports = startServe(config, db, "first.log");
        assertThat(spam(ports[0])).isEqualTo(550);
        assertThat(rejectsLast24(ports[1])).isEqualTo(1);
        serve.destroy(); // SIGTERM
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Path history = tmp.resolve(db.getFileName() + "-history.tsv");
        assertThat(HistoryFile.read(history).values()).singleElement().satisfies(c -> assertThat(c[3]).isEqualTo(1));

        ports = startServe(config, db, "second.log");
        assertThat(Files.readString(tmp.resolve("second.log"))).contains("dashboard history in " + history);
        assertThat(rejectsLast24(ports[1])).isEqualTo(1);
        assertThat(spam(ports[0])).isEqualTo(550);
        assertThat(rejectsLast24(ports[1])).isEqualTo(2);
    }

    @Test
    void anEditedUserListAppliesWithoutARestart() throws Exception {
        Path db = storeAndNextHop();
        Path config = tmp.resolve("bayard.yaml");
        Path history = tmp.resolve("elsewhere/dashboard.tsv");
        String first = "http:\n  listen: \"127.0.0.1:0\"\n  history-file: \"" + history + "\"\n  users:\n    - name: mod\n      role: admin\n"
                + "      password-hash: \"" + hash() + "\"\n";
        Files.writeString(config, first);
        int[] ports = startServe(config, db, "serve.log");
        assertThat(Files.readString(tmp.resolve("serve.log"))).contains("dashboard history in " + history);
        Await.until(() -> Files.exists(history)); // saved at start, where the configuration says
        assertThat(stats(ports[1], "mod")).isEqualTo(200);
        assertThat(stats(ports[1], "newcomer")).isEqualTo(401);

        Files.writeString(config, first.replace("name: mod", "name: newcomer"));
        ServeReloadTest.waitForLog(tmp.resolve("serve.log"), "reloaded (file changed)", 1);
        assertThat(Files.readString(tmp.resolve("serve.log"))).doesNotContain("need a restart");
        assertThat(stats(ports[1], "newcomer")).isEqualTo(200);
        assertThat(stats(ports[1], "mod")).isEqualTo(401);
    }

    /**
     * A postmaster takes the http section out (it needs a restart, so everyone keeps their access)
     * and puts it back without a user: that user is out at once, as with any edit of the list.
     * (The reload used to compare with the last file loaded, which had no section, and so left
     * the old users in until a restart.)
     */
    @Test
    void aUserRemovedWhenTheSectionComesBackIsOut() throws Exception {
        Path db = storeAndNextHop();
        Path config = tmp.resolve("bayard.yaml");
        String onlyMod = "http:\n  listen: \"127.0.0.1:0\"\n  users:\n    - name: mod\n      role: admin\n      password-hash: \"" + hash() + "\"\n";
        Files.writeString(config, onlyMod + "    - name: leaver\n      role: admin\n      password-hash: \"" + hash() + "\"\n");
        Path log = tmp.resolve("serve.log");
        int[] ports = startServe(config, db, "serve.log");
        assertThat(stats(ports[1], "leaver")).isEqualTo(200);

        Files.writeString(config, "policy:\n  reject-score: 10\n");
        ServeReloadTest.waitForLog(log, "reloaded (file changed)", 1);
        assertThat(Files.readString(log)).contains("need a restart and keep their old values: http");
        assertThat(stats(ports[1], "leaver")).isEqualTo(200);

        Files.writeString(config, onlyMod);
        ServeReloadTest.waitForLog(log, "reloaded (file changed)", 2);
        assertThat(stats(ports[1], "leaver")).isEqualTo(401);
        assertThat(stats(ports[1], "mod")).isEqualTo(200);
    }

    /**
     * SIGTERM (a service manager) and SIGINT (Ctrl-C), each sent twice, stop serve within seconds,
     * though a client holds an SMTP session open and another is half-way through sending an HTTP
     * request: the shutdown hook waits for the close, which does not wait for them, and the history is saved.
     */
    @Test
    void sigtermAndSigintStopPromptlyThoughClientsHoldConnectionsOpen() throws Exception {
        sink = sinks.start();
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, "policy:\n  reject-score: 10\nhttp:\n  listen: \"127.0.0.1:0\"\n  users:\n    - name: mod\n      role: admin\n"
                + "      password-hash: \"" + hash() + "\"\n");
        for (var signal : List.of(List.of("TERM", "143"), List.of("INT", "130"))) {
            Path run = Files.createDirectory(tmp.resolve(signal.get(0)));
            Path db = gates.copy(run);
            int[] ports = startServe(config, db, signal.get(0) + ".log");
            assertThat(spam(ports[0])).isEqualTo(550);
            try (java.net.Socket smtp = new java.net.Socket("127.0.0.1", ports[0]);
                 java.net.Socket web = new java.net.Socket("127.0.0.1", ports[1])) {
                smtp.setSoTimeout(90_000); // a serve that never answers fails the test, not hangs it
                web.setSoTimeout(90_000);
                assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(smtp.getInputStream())).readLine()).startsWith("220");
                web.getOutputStream().write(("POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\nAuthorization: Basic "
                        + basic("mod")
                        + "\r\n\r\nFrom: half@example.org\r\n").getBytes(StandardCharsets.US_ASCII));
                web.getOutputStream().flush();
                Thread.sleep(500); // the request is read, authenticated, and waits for the rest of its body
                long t0 = System.nanoTime();
                assertThat(Commands.run("kill", "-" + signal.get(0), String.valueOf(serve.pid())).exit()).isZero();
                Thread.sleep(50);
                // an impatient second one, while the hook waits for the close: it must neither hang nor cut the close short
                Commands.run("kill", "-" + signal.get(0), String.valueOf(serve.pid())).exit();
                assertThat(serve.waitFor(45, TimeUnit.SECONDS)).as(signal.get(0)).isTrue();
                assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).as(signal.get(0) + " took").isLessThan(15);
                assertThat(serve.exitValue()).isEqualTo(Integer.parseInt(signal.get(1)));
            }
            Path history = run.resolve(db.getFileName() + "-history.tsv");
            assertThat(HistoryFile.read(history).values()).as(signal.get(0)).singleElement().satisfies(c -> assertThat(c[3]).isEqualTo(1));
        }
    }

    /**
     * A service manager's stop (a restart for an upgrade) while a moderator's release waited for
     * the next hop's answer to its final dot: the stop interrupted the release, the next hop took
     * the message all the same, and the item stayed held with its note that an earlier release
     * may have delivered it, to be looked up in the next hop's log by hand. A decision under way
     * now finishes before serve stops: delivered once, the item gone.
     */
    @Test
    void aReleaseUnderWayWhenServeIsStoppedFinishes() throws Exception {
        Path db = storeAndNextHop();
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, "policy:\n  reject-score: 100\n  hold-score: 5\nhttp:\n  listen: \"127.0.0.1:0\"\n  users:\n"
                + "    - name: mod\n      role: admin\n      password-hash: \"" + hash() + "\"\n");
        int[] ports = startServe(config, db, "serve.log");
        assertThat(spam(ports[0])).isEqualTo(250); // held: above hold-score, below reject-score
        Path quarantine = tmp.resolve("q");
        String id;
        try (var held = Files.list(quarantine)) {
            id = held.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".eml")).findFirst().orElseThrow().replace(".eml", "");
        }
        sink.endDelayMillis = 3000; // the next hop takes its time over the final dot
        var release = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[1]
                        + "/api/quarantine/" + id + "/release")).header("Authorization", "Basic " + basic("mod"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        Await.until(() -> sink.dots.get() == 1); // the whole message is at the next hop, its answer not yet
        serve.destroy(); // SIGTERM
        assertThat(serve.waitFor(45, TimeUnit.SECONDS)).isTrue();
        release.handle((r, e) -> null).get(10, TimeUnit.SECONDS);
        assertThat(quarantine.resolve(id + ".sending")).as("a release left in doubt").doesNotExist();
        assertThat(quarantine.resolve(id + ".eml")).as("released, so no longer held").doesNotExist();
        Await.until(() -> sink.delivered.size() == 1);
    }

    /** A trained store of this test's own, and the next hop serve relays to. */
    private Path storeAndNextHop() throws Exception {
        sink = sinks.start();
        return gates.copy(tmp);
    }

    private static String hash() {
        return Passwords.hash(PASSPHRASE.toCharArray(), 10_000);
    }

    /** The status of {@code /api/stats} for {@code user} with the test's passphrase. */
    private int stats(int httpPort, String user) throws Exception {
        return statsResponse(httpPort, user).statusCode();
    }

    private static HttpResponse<String> statsResponse(int httpPort, String user) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/stats"))
                .header("Authorization", "Basic " + basic(user)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Basic credentials of {@code user} with the test's passphrase. */
    private static String basic(String user) {
        return Base64.getEncoder().encodeToString((user + ":" + PASSPHRASE).getBytes(StandardCharsets.UTF_8));
    }

    private int spam(int port) throws Exception {
        return GateFaultsTest.send(port, GateFaultsTest.message("spam-1.eml", System.nanoTime()), "s" + System.nanoTime() + "@example.net");
    }

    /** {@code last24.reject} of {@code /api/stats}, as a dashboard user sees it. */
    private long rejectsLast24(int httpPort) throws Exception {
        HttpResponse<String> r = statsResponse(httpPort, "mod");
        assertThat(r.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("\"reject\"\\s*:\\s*(\\d+)").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Starts serve and returns {SMTP port, HTTP port} from its log. */
    private int[] startServe(Path config, Path db, String logName) throws Exception {
        Path log = tmp.resolve(logName);
        ProcessBuilder pb = ServeChild.command(List.of("-Xmx256m"), db, tmp.resolve("q"), sink.address().getPort(), log,
                "-c", config.toString());
        pb.command().add(0, "--default-signal=TERM,INT"); // as a service manager or a terminal leaves them, whatever this JVM inherited
        pb.command().add(0, "env");
        serve = pb.start();
        processes.add(serve);
        ServeChild.Ports ports = ServeChild.ports(log);
        assertThat(ports.http()).as(Files.readString(log)).isPositive();
        return new int[] {ports.smtp(), ports.http()};
    }
}
