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
 * Large messages checked side by side through the Rspamd-style API of a running {@code bayard
 * serve}, in a heap a small server's JVM gets by default: the gate must live on and answer each.
 */
class LargeChecksTest {
    private static final String PASSPHRASE = "a long passphrase";
    /** Checks at once, each just under the default http.max-body-bytes (10 MiB). */
    private static final int CHECKS = 16;
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
        sink = new RecordingSink();
        Path db = SampleStore.copy(SampleStore.trained(tmp.resolve("trained")), tmp);
        Path config = Files.writeString(tmp.resolve("bayard.yaml"), "http:\n  listen: \"127.0.0.1:0\"\n  users:\n    - name: mod\n"
                + "      role: read-only\n      password-hash: \"" + Passwords.hash(PASSPHRASE.toCharArray(), 10_000) + "\"\n");
        Path log = tmp.resolve("serve.log");
        serve = ChildJvm.bayard(List.of("--sun-misc-unsafe-memory-access=allow", "-Xmx128m", "-XX:+ExitOnOutOfMemoryError"), "serve",
                        "-c", config.toString(), "--db", db.toString(), "--listen", "127.0.0.1:0",
                        "--next-hop", "127.0.0.1:" + sink.address().getPort(), "--quarantine", tmp.resolve("q").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServeReloadTest.waitForLog(log, "listening on", 1);
        Matcher http = Pattern.compile("moderation page on http://127\\.0\\.0\\.1:(\\d+)/").matcher(Files.readString(log));
        assertThat(http.find()).as(Files.readString(log)).isTrue();

        byte[] message = large();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest check = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.group(1) + "/checkv2"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("mod:" + PASSPHRASE).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(message)).build();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < CHECKS; i++) {
            answers.add(client.sendAsync(check, HttpResponse.BodyHandlers.ofString())
                    .handle((r, e) -> e != null ? "failed: " + e : r.statusCode() + " " + r.body()));
        }
        for (CompletableFuture<String> a : answers) assertThat(a.get()).as(Files.readString(log)).startsWith("200 ").contains("\"score\"");
        assertThat(serve.isAlive()).as(Files.readString(log)).isTrue();
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
    }

    /** A message of {@link #MESSAGE_BYTES}: headers, then lines of words. */
    private static byte[] large() {
        StringBuilder b = new StringBuilder(MESSAGE_BYTES);
        b.append("From: sender@example.net\r\nTo: list@example.org\r\nSubject: a large one\r\nMessage-ID: <large@example.net>\r\n\r\n");
        String line = "cheap offer click here to claim the prize you won, or read the minutes of the meeting\r\n";
        while (b.length() + line.length() <= MESSAGE_BYTES) b.append(line);
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
