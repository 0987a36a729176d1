package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.Stream;
import org.bayard.http.Passwords;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A moderator releases a held message on the page of a running {@code bayard serve} while the
 * postmaster releases the same one with {@code bayard quarantine release}, another process. A
 * decision takes the item under a lock of the operating system (fcntl), which a process loses
 * when it closes any other channel on the same file; the release read the message again by its
 * path (to see whether it has 8-bit bytes, and to send it), so while the next hop was taking it
 * the lock was gone, the command took the item too, and the message was delivered twice.
 */
class ConcurrentReleaseTest {
    static final String PASSPHRASE = "a long passphrase";
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();

    @Test
    void thePageAndTheCommandReleasingOneItemAtOnceDeliverItOnce() throws Exception {
        Path db = SampleStore.trained(tmp.resolve("db"));
        Path q = tmp.resolve("q");
        sink = sinks.start();
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, "policy:\n  reject-score: 1000\n  hold-score: -1000\n  tag-score: -1000\n"
                + "http:\n  listen: \"127.0.0.1:0\"\n  users:\n    - name: mod\n      role: admin\n"
                + "      password-hash: \"" + Passwords.hash(PASSPHRASE.toCharArray(), 10_000) + "\"\n");
        int[] ports = startServe(config, db, q);
        assertThat(GateFaultsTest.send(ports[0], GateFaultsTest.message("ham-1.eml", 1))).isEqualTo(250);
        String id = onlyHeldId(q);

        // the page's release is still under way when the command comes, even a command slow to start on a busy machine
        sink.endDelayMillis = 12_000;
        CompletableFuture<HttpResponse<String>> page = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[1] + "/api/quarantine/" + id + "/release"))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("mod:" + PASSPHRASE)
                                .getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        Await.until(() -> !sink.envelopeLines.isEmpty()); // the page's release has the item and is sending it

        Commands.Ran cli = Commands.run(ChildJvm.bayard(List.of(), "quarantine", "release", id,
                "--db", db.toString(), "--quarantine", q.toString(), "--next-hop", "127.0.0.1:" + sink.address().getPort())
                .redirectErrorStream(true), 60);
        String said = cli.output();
        assertThat(cli.timedOut()).isFalse();
        assertThat(page.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        assertThat(sink.delivered).as("deliveries; the command said: " + said).hasSize(1);
        assertThat(cli.exit()).as(said).isEqualTo(1);
        assertThat(said).contains(id + " not decided here: another decision on " + id + " is under way");
        assertThat(onlyHeldIds(q)).isEmpty();
    }

    private static String onlyHeldId(Path q) throws Exception {
        List<String> ids = onlyHeldIds(q);
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    private static List<String> onlyHeldIds(Path q) throws Exception {
        try (Stream<Path> files = Files.list(q)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".eml")).map(n -> n.replaceFirst("\\.eml$", ""))
                    .toList();
        }
    }

    /** Starts serve and returns {SMTP port, HTTP port} from its log. */
    private int[] startServe(Path config, Path db, Path q) throws Exception {
        Path log = tmp.resolve("serve.log");
        processes.add(ServeChild.command(List.of("-Xmx256m"), db, q, sink.address().getPort(), log, "-c", config.toString()).start());
        ServeChild.Ports ports = ServeChild.ports(log);
        assertThat(ports.http()).as(Files.readString(log)).isPositive();
        return new int[] {ports.smtp(), ports.http()};
    }
}
