package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bayard.app.Await;
import org.bayard.http.HttpService;
import org.bayard.http.HttpSettings;
import org.bayard.http.Metrics;
import org.junit.jupiter.api.Test;

/**
 * The log line of an answer whose handler wrote it whole but whose last flush, sent once the
 * handler has ended, failed (real sockets). An answer without a body (a HEAD, a redirect) goes out
 * only there; its client having reset the connection meanwhile, the line said
 * {@code "status":200} and the answer counted as {@code ok}, though none of it reached anyone.
 */
class AnswerCutAtItsEndLogTest extends TrainedDesk {
    private static final String AUTH = DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW);

    @Test
    void aHeadWhoseClientResetTheConnectionBeforeItsAnswerWentOutIsLoggedCutByItsClient() throws Exception {
        d = new DeskHarness(trained, tmp, "");
        DeskBackend backend = new DeskBackend(d.engine, d.gate, Clock.systemUTC());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Metrics metrics = new Metrics(Clock.systemUTC());
        HttpSettings settings = HttpSettings.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), DeskHarness.accounts());
        try (HttpService web = HttpService.start(settings, backend, metrics, Clock.systemUTC(),
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            String id = d.hold("MWENDCUT-AAA.1", "a@example.org", List.of("u@example.test"),
                    "From: a@example.org\r\nTo: u@example.test\r\nSubject: pills\r\n\r\nCheap pills.\r\n".getBytes(StandardCharsets.US_ASCII));
            CountDownLatch reset = new CountDownLatch(1);
            // the handler goes on once its client is gone: all it then writes waits for the exchange's end to go out
            backend.beforeOpening(opening -> {
                try {
                    reset.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", web.port()));
                client.getOutputStream().write(("HEAD /api/quarantine/" + id + "/raw HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                client.setSoLinger(true, 0); // closed as a killed client leaves it: reset
            }
            reset.countDown();
            String line = loggedLine(log, id);
            assertThat(line).contains("\"status\":0,\"cut\":\"before its answer began by its client, which closed the connection\"");
            assertThat(metrics.scrape()).contains("bayard_http_requests_total{outcome=\"cut\"} 1.0")
                    .doesNotContain("bayard_http_requests_total{outcome=\"ok\"}");
        }
    }

    /** The request's line in {@code log}, once it is there. */
    private static String loggedLine(ByteArrayOutputStream log, String id) throws Exception {
        String path = "\"path\":\"/api/quarantine/" + id + "/raw\"";
        Await.until(() -> log.toString(StandardCharsets.UTF_8).contains(path));
        return log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(path)).findFirst().orElseThrow();
    }
}
