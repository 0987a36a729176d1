package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bayard.app.Await;
import org.bayard.app.LockHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /health} said {@code ok} while the gate refused every MAIL with 452 for want of space or
 * 451 for a next hop that could not be reached, and while its learning waited behind another
 * process's store lock: a monitor polling it saw nothing. It now says {@code failing} (503) while mail is refused, {@code degraded} (200) while
 * writes are put off, and what the trouble is, naming no path (it asks no credentials); the gauge
 * {@code bayard_health} on /metrics says the same as 0, 1 and 2.
 */
class HealthTest extends TrainedDesk {
    final List<Process> processes = new ArrayList<>();

    /** Before the desk closes (the superclass's, run after this): a holder still holding would keep the gate's writes waiting. */
    @AfterEach
    void stopHolders() throws Exception {
        for (Process p : processes) p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void allWellIsOk() throws Exception {
        d = new DeskHarness(trained, tmp.resolve("serve"), "");
        HttpResponse<String> r = d.get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(healthGauge()).isEqualTo("bayard_health 0.0");
    }

    @Test
    void mailRefusedForWantOfSpaceIsFailingWith503() throws Exception {
        long freeMb = Files.getFileStore(tmp).getUsableSpace() >> 20;
        long threshold = freeMb + 100_000;
        d = new DeskHarness(trained, tmp.resolve("serve"), "", "  min-free-mb: " + threshold + "\n");
        HttpResponse<String> r = d.get("/health");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("{\"status\":\"failing\",\"troubles\":[\"less than smtp.min-free-mb (" + threshold
                + " MiB) free for the quarantine: mail is refused with 452 4.3.1\"]}");
        assertThat(healthGauge()).isEqualTo("bayard_health 2.0");
    }

    /**
     * A next hop that cannot be had: every MAIL gets 451. /health probes it behind its answers
     * (never waiting for the probe), so it says so once the probe is in, with no mail coming.
     */
    @Test
    void aNextHopThatCannotBeReachedIsFailingWith503() throws Exception {
        d = new DeskHarness(trained, tmp.resolve("serve"), "");
        d.sink.close();
        String failing = "{\"status\":\"failing\",\"troubles\":[\"the next hop cannot be reached: mail is answered 451 4.3.0\"]}";
        Await.until(() -> d.get("/health").body().equals(failing));
        assertThat(d.get("/health").statusCode()).isEqualTo(503);
        assertThat(healthGauge()).isEqualTo("bayard_health 2.0");
    }

    @Test
    void learningPutOffBehindAnotherProcessesLockIsDegradedUntilItIsMade() throws Exception {
        d = new DeskHarness(trained, tmp.resolve("serve"), "", "  scan-timeout-ms: 300\n  spam-traps: [\"trap@example.test\"]\n");
        Process holder = LockHolder.start("store", d.db, processes);
        assertThat(d.swaksTranscript(Path.of("../samples/held-out/spam-1.eml"), "someone@example.org", "trap@example.test"))
                .contains("250 2.0.0 Ok");
        HttpResponse<String> r = d.get("/health");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"degraded\",\"troubles\":[\"1 write put off, waiting for the store's write lock\"]}");
        assertThat(healthGauge()).isEqualTo("bayard_health 1.0");

        LockHolder.letGo(holder);
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Await.until(() -> d.get("/health").body().equals("{\"status\":\"ok\"}"));
    }

    /** The line of /metrics with the gauge that says the same as /health. */
    private String healthGauge() throws Exception {
        String metrics = d.get("/metrics", "Authorization", DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW)).body();
        return metrics.lines().filter(l -> l.startsWith("bayard_health ")).findFirst().orElse("no bayard_health in:\n" + metrics);
    }
}
