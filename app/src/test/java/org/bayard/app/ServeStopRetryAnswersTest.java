package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * Serve's stop line for an HTTP request whose handler, interrupted as the drain ran out, failed
 * and was answered {@code 503} {@code the server is stopping; send the request again} (a child
 * JVM, real signals): a learning through the API waiting for the store's write lock, which
 * another process holds, within a wait (smtp.scan-timeout-ms) longer than the drain. Its client
 * is told to send it again, and the last line counts it so, not as a request whose client got no answer.
 */
class ServeStopRetryAnswersTest {
    private static final String PASSPHRASE = "a long passphrase";
    private static final String WATCHER_PASSPHRASE = "another long passphrase";
    @TempDir Path tmp;
    Process serve;
    final List<Process> holders = new ArrayList<>();
    @RegisterExtension final Sinks sinks = new Sinks();

    @AfterEach
    void stop() throws Exception {
        ChildJvm.kill(serve);
        for (Process p : holders) Commands.kill(p);
    }

    @Test
    void aLearningInterruptedWhenTheDrainRanOutIsAnswered503AndCountedAsSuch() throws Exception {
        Path db = SampleStore.copy(SampleStore.trained(tmp.resolve("trained")), tmp);
        Path log = tmp.resolve("serve.log");
        int http = start(db, log);
        Process holder = LockHolder.start("store", db, holders);
        assertThat(passwordHashes(http)).isEqualTo(1); // the watcher's, checked once and kept

        CompletableFuture<HttpResponse<String>> learn = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http + "/api/learn?class=spam"))
                .header("Authorization", basic("mod", PASSPHRASE)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(Path.of("../samples/held-out/spam-3.eml")))).build(),
                HttpResponse.BodyHandlers.ofString());
        Await.until(() -> passwordHashes(http) == 2); // the moderator's password checked: the learning is in its handler
        kill("TERM");
        HttpResponse<String> answer = learn.get(60, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo("{\"error\":\"the server is stopping; send the request again\"}");
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        LockHolder.letGo(holder); // the learning, answered, is then made before serve ends: the stop waits for nothing else
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String said = Files.readString(log);
        assertThat(said).contains("bayard serve: stopping on SIGTERM; under way: 1 other HTTP request");
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.getLast()).as(said).isEqualTo("bayard serve: stopped, leaving: 1 HTTP request cut off when the drain ran out"
                + " (answered 503 to send it again)");
        assertThat(said).contains("\"method\":\"POST\",\"path\":\"/api/learn\",\"status\":503").doesNotContain("Exception");
    }

    /**
     * Starts serve on {@code db} with a stop of 6 s, whose HTTP drain (2 s) runs out well within the
     * 30 s an API write waits for the store's lock; returns its HTTP port.
     */
    private int start(Path db, Path log) throws Exception {
        RecordingSink sink = sinks.start();
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, "smtp:\n  scan-timeout-ms: 30000\n  stop-timeout-seconds: 6\nhttp:\n  listen: \"127.0.0.1:0\"\n"
                + "  users:\n    - name: mod\n      role: admin\n      password-hash: \"" + Passwords.hash(PASSPHRASE.toCharArray(), 10_000)
                + "\"\n    - name: watcher\n      role: read\n      password-hash: \""
                + Passwords.hash(WATCHER_PASSPHRASE.toCharArray(), 10_000) + "\"\n");
        ProcessBuilder pb = ServeChild.command(List.of("-Xmx256m"), db, tmp.resolve("q"), sink.address().getPort(), log,
                "-c", config.toString());
        pb.command().add(0, "--default-signal=TERM,INT"); // as a service manager leaves them
        pb.command().add(0, "env");
        serve = pb.start();
        return ServeChild.ports(log).http();
    }

    /** The PBKDF2 runs serve's /metrics counts, read as the watcher, whose password it keeps once checked. */
    private static long passwordHashes(int port) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/metrics")).header("Authorization", basic("watcher", WATCHER_PASSPHRASE))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        return metrics.body().lines().filter(l -> l.startsWith("bayard_http_password_hashes_total "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
    }

    private static String basic(String user, String passphrase) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + passphrase).getBytes(StandardCharsets.UTF_8));
    }

    private void kill(String signal) throws Exception {
        assertThat(Commands.run("kill", "-" + signal, String.valueOf(serve.pid())).exit()).isZero();
    }
}
