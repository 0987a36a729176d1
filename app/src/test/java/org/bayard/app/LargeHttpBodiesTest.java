package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bayard.http.Passwords;
import org.bayard.smtp.RecordingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large messages checked or learned side by side through the HTTP API of a running {@code bayard
 * serve}, in a heap a small server's JVM gets by default: the gate must live on and answer each.
 */
class LargeHttpBodiesTest {
    private static final String PASSPHRASE = "a long passphrase";
    /** Requests at once, each just under the default http.max-body-bytes (10 MiB). */
    private static final int REQUESTS = 16;
    private static final int MESSAGE_BYTES = 10_000_000;
    @TempDir Path tmp;
    Process serve;
    RecordingSink sink;

    @AfterEach
    void stop() throws Exception {
        ChildJvm.kill(serve);
        if (sink != null) sink.close();
    }

    /**
     * A check scores only the first limits.max-scan-bytes of a message, but the API kept each
     * body whole (and copied it as it grew): 16 checks of 10 MB at once ran a 128 MB heap out,
     * and the JVM, told to exit then as the launcher tells serve, ended the gate and every SMTP
     * session with it. Each check now keeps what it scores and reads the rest off.
     */
    @Test
    void manyLargeChecksAtOnceLeaveTheGateRunning() throws Exception {
        int port = startServe();
        List<String> answers = sideBySide(port, "/checkv2", REQUESTS, MESSAGE_BYTES);
        for (String answer : answers) assertThat(answer).as(log()).matches("(?s)(200 .*\"score\".*|503 retry-after=1 .*busy.*)");
        assertThat(answers).as("scored by some of them").anyMatch(a -> a.startsWith("200 "));
        assertThat(serve.isAlive()).as(log()).isTrue();
        assertThat(log()).doesNotContain("OutOfMemoryError");
    }

    /**
     * Checks keep at most limits.max-scan-bytes (2 MiB) each, but as many run at once as
     * http.max-concurrent allows (64): 64 checks of 3 MB, each kept and tokenized, ran a 128 MB
     * heap out. What the checks keep, and about three times as much for the work on it, now comes
     * from the budget learns use; a check past it is told to try again (503, Retry-After).
     */
    @Test
    void asManyChecksOfAFewMegabytesAsAreAllowedAtOnceLeaveTheGateRunning() throws Exception {
        int port = startServe();
        List<String> answers = sideBySide(port, "/checkv2", 64, 3_000_000);
        for (String answer : answers) assertThat(answer).as(log()).matches("(?s)(200 .*\"score\".*|503 retry-after=1 .*busy.*)");
        assertThat(answers).as("scored by some of them").anyMatch(a -> a.startsWith("200 "));
        assertThat(serve.isAlive()).as(log()).isTrue();
        assertThat(log()).doesNotContain("OutOfMemoryError");
    }

    /**
     * A learn needs its message whole, and each took its own copy as it grew: 16 learns of 10 MB
     * at once ran a 128 MB heap out and ended the gate. Now the bodies kept whole at once stay
     * within a quarter of the heap (each read into one array of its declared size), and a learn
     * past that is told to try again (503, Retry-After), as a full server says.
     */
    @Test
    void manyLargeLearnsAtOnceLeaveTheGateRunning() throws Exception {
        int port = startServe();
        List<String> answers = sideBySide(port, "/api/learn?class=spam", REQUESTS, MESSAGE_BYTES);
        for (String answer : answers) {
            assertThat(answer).as(log()).matches("(?s)(200 .*\"outcome\".*|503 retry-after=1 .*busy.*)");
        }
        assertThat(answers).as("learned by one of them").anyMatch(a -> a.contains("\"outcome\":\"learned\""));
        assertThat(serve.isAlive()).as(log()).isTrue();
        assertThat(log()).doesNotContain("OutOfMemoryError");
    }

    /**
     * A view reads its held message whole and parses it: a message of 10 MB (the default size
     * limit) opened by 16 moderators or scripts at once ran a 128 MB heap out and ended the gate.
     * The views being built now stay within a share of the heap (one alone may pass it); the
     * others wait their turn, or after 10 s get 503 and are asked again.
     */
    @Test
    void manyViewsOfALargeHeldMessageAtOnceLeaveTheGateRunning() throws Exception {
        Path q = Files.createDirectories(tmp.resolve("q"));
        String id = "LARGEVIEW.1";
        try (java.io.OutputStream out = Files.newOutputStream(q.resolve(id + ".eml"))) {
            out.write(("From: a@example.org\r\nTo: list@example.org\r\nSubject: held\r\nMessage-ID: <large@example.org>\r\n"
                    + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nX-Filler: ").getBytes(StandardCharsets.US_ASCII));
            out.write("x".repeat(MESSAGE_BYTES).getBytes(StandardCharsets.US_ASCII));
            out.write("\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        Files.writeString(q.resolve(id + ".json"), "{\"queue_id\":\"" + id + "\",\"received\":\"2026-11-23T22:38:07Z\",\"client\":\"192.0.2.1\","
                + "\"helo\":\"client.example\",\"from\":\"a@example.org\",\"rcpt\":[\"list@example.org\"],\"action\":\"hold\","
                + "\"score\":0.5,\"reason\":\"bayes unsure\",\"symbols\":[],\"clues\":[]}");
        int port = startServe();
        HttpRequest view = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/quarantine/" + id))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("mod:" + PASSPHRASE).getBytes(StandardCharsets.UTF_8)))
                .build();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            // a client each, as separate moderators and scripts are: one connection apiece, all at once
            answers.add(HttpClient.newHttpClient().sendAsync(view, HttpResponse.BodyHandlers.ofString())
                    .handle((r, e) -> e != null ? "failed: " + e : r.statusCode() + " " + r.body()));
        }
        for (CompletableFuture<String> a : answers) assertThat(a.get()).as(log()).matches("(?s)(200 .*X-Filler.*|503 \\{\"error\":\"busy: other large messages are being shown; try again\"}.*)");
        assertThat(serve.isAlive()).as(log()).isTrue();
        assertThat(log()).doesNotContain("OutOfMemoryError");
    }

    /** Starts serve in a heap of 128 MB, told to exit when it runs out as the launcher tells it; returns its HTTP port. */
    private int startServe() throws Exception {
        sink = new RecordingSink();
        Path db = SampleStore.copy(SampleStore.trained(tmp.resolve("trained")), tmp);
        Path config = Files.writeString(tmp.resolve("bayard.yaml"), "http:\n  listen: \"127.0.0.1:0\"\n  users:\n    - name: mod\n"
                + "      role: admin\n      password-hash: \"" + Passwords.hash(PASSPHRASE.toCharArray(), 10_000) + "\"\n");
        serve = ChildJvm.bayard(List.of("--sun-misc-unsafe-memory-access=allow", "-Xmx128m", "-XX:+ExitOnOutOfMemoryError"), "serve",
                        "-c", config.toString(), "--db", db.toString(), "--listen", "127.0.0.1:0",
                        "--next-hop", "127.0.0.1:" + sink.address().getPort(), "--quarantine", tmp.resolve("q").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("serve.log").toFile()).start();
        ServeReloadTest.waitForLog(tmp.resolve("serve.log"), "listening on", 1);
        Matcher http = Pattern.compile("moderation page on http://127\\.0\\.0\\.1:(\\d+)/").matcher(log());
        assertThat(http.find()).as(log()).isTrue();
        return Integer.parseInt(http.group(1));
    }

    /** {@code count} posts of a message of {@code bytes} to {@code path} at once: each answer as "status [retry-after=N ]body", or how it failed. */
    private static List<String> sideBySide(int port, String path, int count, int bytes) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("mod:" + PASSPHRASE).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(large(bytes))).build();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(client.sendAsync(post, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> e != null ? "failed: " + e
                    : r.statusCode() + " " + r.headers().firstValue("Retry-After").map(s -> "retry-after=" + s + " ").orElse("") + r.body()));
        }
        List<String> out = new ArrayList<>();
        for (CompletableFuture<String> a : answers) out.add(a.get());
        return out;
    }

    private String log() throws java.io.IOException {
        return Files.readString(tmp.resolve("serve.log"));
    }

    /** A message of {@code bytes}: headers, then lines of words. */
    private static byte[] large(int bytes) {
        StringBuilder b = new StringBuilder(bytes);
        b.append("From: sender@example.net\r\nTo: list@example.org\r\nSubject: a large one\r\nMessage-ID: <large@example.net>\r\n\r\n");
        String line = "cheap offer click here to claim the prize you won, or read the minutes of the meeting\r\n";
        while (b.length() + line.length() <= bytes) b.append(line);
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
