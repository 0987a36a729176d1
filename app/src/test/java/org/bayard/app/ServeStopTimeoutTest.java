package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bayard.http.Passwords;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * smtp.stop-timeout-seconds, through a serve started as a service manager starts it: the stop's
 * waits were fixed (a minute in all, 40 s for a release awaiting its next hop), so a service
 * manager with a shorter stop timeout killed serve part-way through its stop. Configured, the
 * whole stop and each of its waits follow it, its lines say the figures in force, and a reload
 * names it as needing a restart.
 */
class ServeStopTimeoutTest {
    private static final String PASSPHRASE = "a long passphrase";
    @TempDir Path tmp;
    Process serve;
    @RegisterExtension final Sinks sinks = new Sinks();

    @AfterEach
    void stop() throws Exception {
        ChildJvm.kill(serve);
    }

    /**
     * A session with its message in hand and a release awaiting the next hop's answer, neither of
     * which ends by itself: the stop waits its configured 10 s at most (the default waited 40 s for
     * the release alone), and says so in figures of a tenth of a second where a share is not whole.
     */
    @Test
    void aStopWaitsTheConfiguredTimeAndSaysItsFigures() throws Exception {
        RecordingSink sink = sinks.start();
        Path db = SampleStore.copy(SampleStore.trained(tmp.resolve("trained")), tmp);
        Path log = tmp.resolve("serve.log");
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, config(10));
        ProcessBuilder pb = ServeChild.command(List.of("-Xmx256m"), db, tmp.resolve("q"), sink.address().getPort(), log,
                "-c", config.toString());
        pb.command().add(0, "--default-signal=TERM,INT,HUP"); // as a service manager leaves them
        pb.command().add(0, "env");
        serve = pb.start();
        ServeChild.Ports ports = ServeChild.ports(log);

        // a reload cannot change it: each side of the stop took its share at the start
        Files.writeString(config, config(30));
        kill("HUP");
        ServeReloadTest.waitForLog(log, "these need a restart and keep their old values: smtp.stop-timeout-seconds", 1);

        assertThat(GateFaultsTest.send(ports.smtp(), GateFaultsTest.message("spam-1.eml", System.nanoTime()), "s@example.net"))
                .isEqualTo(250); // held
        String id;
        try (var held = Files.list(tmp.resolve("q"))) {
            id = held.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".eml")).findFirst().orElseThrow().replace(".eml", "");
        }
        sink.endDelayMillis = 120_000; // past any stop: the release awaits the next hop's answer to the end
        CompletableFuture<HttpResponse<String>> release = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ports.http() + "/api/quarantine/" + id + "/release"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("mod:" + PASSPHRASE).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        Await.until(() -> sink.dots.get() == 1);
        try (Socket smtp = new Socket("127.0.0.1", ports.smtp())) {
            ServeStopTest.MessageInHand.begin(smtp, "Subject: half\r\n\r\nthe first line, and no end\r\n");
            long t0 = System.nanoTime();
            kill("TERM");
            ServeReloadTest.waitForLog(log, "stopping on SIGTERM", 1);
            kill("TERM");
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            // it waited the release's longer drain (6.7 s), and ended near the configured 10 s: far from the default's 40 s
            assertThat(millis).as(Files.readString(log)).isBetween(6_000L, 20_000L);
        }
        release.handle((r, e) -> null).get(10, TimeUnit.SECONDS);

        String said = Files.readString(log);
        String hop = "127.0.0.1:" + sink.address().getPort();
        assertThat(said).contains("bayard serve: stopping on SIGTERM; under way: 1 SMTP session with a message in hand, 1 release ("
                + id + " to " + hop + ", awaiting the next hop's answer to the message's end); it waits up to 5 s for the SMTP sessions,"
                + " 3.3 s for the HTTP requests (6.7 s for a release past its message's end), 10 s in all (smtp.stop-timeout-seconds)");
        assertThat(said).contains("bayard serve: SIGTERM while stopping: the stop goes on; under way: ")
                .contains("; it takes 10 s at most (kill -9 cuts off what is under way)");
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.getLast()).as(said).startsWith("bayard serve: stopped, leaving: 1 SMTP session cut off with its message in hand")
                .contains("the release of " + id + " to " + hop + " cut off after the end of the message was sent");
        assertThat(said).doesNotContain("Exception");
    }

    /** Out of range or not a whole number: the one-line error of any key, from config check and from serve alike. */
    @Test
    void anOutOfRangeOrWrongTypedStopTimeoutIsRefusedInOneLine() throws Exception {
        Cli cli = new Cli(tmp.resolve("db"));
        for (var bad : List.of(
                List.of("5", "smtp.stop-timeout-seconds must be at least 6, got 5"),
                List.of("3601", "smtp.stop-timeout-seconds must be at most 3600, got 3601"),
                List.of("ten", "smtp.stop-timeout-seconds must be a whole number, got 'ten'"),
                List.of("7.5", "smtp.stop-timeout-seconds must be a whole number, got '7.5'"))) {
            Path file = Files.writeString(tmp.resolve("bad.yaml"), "smtp:\n  stop-timeout-seconds: " + bad.get(0) + "\n");
            Cli.Result check = cli.run("config", "check", file.toString());
            assertThat(check.exitCode()).as(check.err()).isEqualTo(1);
            assertThat(check.err()).isEqualTo("bayard: " + file + ": " + bad.get(1) + "\n");
        }
        // serve refuses to start on it in the same words (a child: serve takes over the signals of its JVM)
        Path tooShort = Files.writeString(tmp.resolve("short.yaml"), "smtp:\n  stop-timeout-seconds: 5\n");
        Path said = tmp.resolve("serve.log");
        serve = ChildJvm.bayard(List.of("-Xmx128m"), "serve", "-c", tooShort.toString(), "--db", tmp.resolve("db").toString(),
                "--listen", "127.0.0.1:0").redirectErrorStream(true).redirectOutput(said.toFile()).start();
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(serve.exitValue()).isEqualTo(1);
        assertThat(Files.readString(said)).isEqualTo("bayard: " + tooShort + ": smtp.stop-timeout-seconds must be at least 6, got 5\n");
        Path good = Files.writeString(tmp.resolve("good.yaml"), "smtp:\n  stop-timeout-seconds: 6\n");
        assertThat(cli.run("config", "check", good.toString()).exitCode()).isZero();
        assertThat(cli.run("config", "show", "-c", good.toString()).out()).contains("  stop-timeout-seconds: 6   # ");
        assertThat(cli.run("config", "defaults").out()).contains("  stop-timeout-seconds: 60   # ");
    }

    private static String config(int stopSeconds) throws Exception {
        return "policy:\n  reject-score: 100\n  hold-score: 5\nsmtp:\n  stop-timeout-seconds: " + stopSeconds + "\n"
                + "http:\n  listen: \"127.0.0.1:0\"\n  users:\n    - name: mod\n      role: admin\n      password-hash: \""
                + Passwords.hash(PASSPHRASE.toCharArray(), 10_000) + "\"\n";
    }

    private void kill(String signal) throws Exception {
        assertThat(Commands.run("kill", "-" + signal, String.valueOf(serve.pid())).exit()).isZero();
    }
}
