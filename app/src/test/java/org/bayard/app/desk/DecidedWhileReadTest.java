package org.bayard.app.desk;

import org.bayard.app.Commands;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bayard.core.quarantine.Spool;
import org.bayard.http.HttpService;
import org.bayard.http.HttpSettings;
import org.bayard.http.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A held item that another process (a cron job's {@code bayard quarantine expire}, a command,
 * another serve) decides while the desk is reading it. The desk checked that the item's message
 * was there and then opened it; decided in between, the queue listing, the view, the raw message
 * and the export answered 500 "internal error", or cut short. Such an item is simply no longer
 * held: a listing leaves it out, and a request for it alone is a 404. Each race is made exact:
 * the item is removed by a hook just before the desk opens its message, or while the desk reads
 * its sidecar (a FIFO).
 */
class DecidedWhileReadTest extends TrainedDesk {
    DeskBackend backend;
    HttpService web;

    @BeforeEach
    void startDesk() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL);
        backend = new DeskBackend(d.engine, d.gate, Clock.systemUTC());
        HttpSettings settings = HttpSettings.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), DeskHarness.accounts());
        web = HttpService.start(settings, backend, new Metrics(Clock.systemUTC()), Clock.systemUTC(),
                new PrintStream(OutputStream.nullOutputStream()));
        d.hold("KEEP.1", "a@example.org", List.of("list@example.test"), HttpApiTest.sample("ham-1.eml"));
        d.hold("GONE.1", "b@example.org", List.of("list@example.test"), HttpApiTest.sample("ham-2.eml"));
    }

    @AfterEach
    void stopDesk() {
        if (web != null) web.close();
    }

    /** Another process discards {@code id} the first time the desk is about to open its message. */
    private void decideWhenOpened(String id) {
        decideWhenOpened(id, 1);
    }

    /** Another process discards {@code id} the {@code nth} time the desk is about to open its message. */
    private void decideWhenOpened(String id, int nth) {
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        backend.beforeOpening(opening -> {
            if (opening.equals(id) && opened.incrementAndGet() == nth) {
                try {
                    Spool.open(d.quarantine()).remove(id);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW))
                .GET().build();
        return d.client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRawMessageOfAnItemDecidedAsItIsOpenedIs404() throws Exception {
        decideWhenOpened("GONE.1");
        HttpResponse<String> raw = get("/api/quarantine/GONE.1/raw");
        assertThat(raw.statusCode()).as(raw.body()).isEqualTo(404);
        assertThat(raw.body()).contains("no such held message");
    }

    @Test
    void theViewOfAnItemDecidedAsItIsOpenedIs404() throws Exception {
        decideWhenOpened("GONE.1");
        HttpResponse<String> view = get("/api/quarantine/GONE.1");
        assertThat(view.statusCode()).as(view.body()).isEqualTo(404);
        assertThat(get("/ui/message/KEEP.1").statusCode()).isEqualTo(200);
    }

    @Test
    void theListingAndTheExportLeaveOutAnItemDecidedAsItIsOpened() throws Exception {
        decideWhenOpened("GONE.1");
        HttpResponse<String> list = get("/api/quarantine");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(list.body()).contains("KEEP.1").doesNotContain("GONE.1");

        d.hold("GONE.2", "c@example.org", List.of("list@example.test"), HttpApiTest.sample("ham-2.eml"));
        assertThat(get("/api/quarantine").body()).contains("GONE.2"); // its subject is known now: the export opens it first
        decideWhenOpened("GONE.2");
        HttpResponse<String> export = get("/api/quarantine/export");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body()).contains("From a@example.org").doesNotContain("From c@example.org");
    }

    /**
     * A decision on the page for an item that was there when the request came and was gone when
     * the decision began said 502 "not done, the message stays held", and a bulk decision counted
     * it as failed: it is another decision that came first, as when two moderators click at once.
     */
    @Test
    void aDecisionOnAnItemDecidedMeanwhileSaysAnotherCameFirst() throws Exception {
        for (String verb : List.of("release", "discard", "learn-spam")) {
            String id = d.hold("RACE." + verb, "c@example.org", List.of("list@example.test"), HttpApiTest.sample("ham-2.eml"));
            decideWhenOpened(id, 2); // the first is the check that the item is there
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/api/quarantine/" + id + "/" + verb))
                    .timeout(Duration.ofSeconds(20)).header("Authorization", DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW))
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> r = d.client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(verb + ": " + r.body()).isEqualTo(409);
            assertThat(r.body()).contains("another decision on this message came first");
        }
        assertThat(d.sink.delivered).isEmpty();
    }

    /**
     * Once the desk knows an item's subject, a listing reads only its sidecar: decided while that
     * was read, the item was listed with no sender, no recipients and a time of 1970.
     */
    @Test
    void aListingLeavesOutAnItemDecidedWhileItsSidecarIsRead() throws Exception {
        assertThat(get("/api/quarantine").body()).contains("GONE.1");
        Path sidecar = d.quarantine().resolve("GONE.1.json");
        Files.delete(sidecar);
        assertThat(Commands.run("mkfifo", sidecar.toString()).exit()).isZero();
        CompletableFuture<Void> decided = CompletableFuture.runAsync(() -> {
            try (OutputStream reading = Files.newOutputStream(sidecar)) { // opens once the desk opens it to read
                Spool.open(d.quarantine()).remove("GONE.1"); // and closes it with nothing written
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        HttpResponse<String> list = get("/api/quarantine");
        decided.get(30, TimeUnit.SECONDS);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("KEEP.1").doesNotContain("GONE.1");
    }
}
