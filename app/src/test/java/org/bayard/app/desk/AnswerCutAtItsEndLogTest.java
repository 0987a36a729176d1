package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        try (OwnWeb own = new OwnWeb(d, defaults -> defaults)) {
            String id = d.hold("MWENDCUT-AAA.1", "a@example.org", List.of("u@example.test"),
                    "From: a@example.org\r\nTo: u@example.test\r\nSubject: pills\r\n\r\nCheap pills.\r\n".getBytes(StandardCharsets.US_ASCII));
            CountDownLatch reset = new CountDownLatch(1);
            // the handler goes on once its client is gone: all it then writes waits for the exchange's end to go out
            own.backend.beforeOpening(opening -> {
                try {
                    reset.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", own.port()));
                client.getOutputStream().write(("HEAD /api/quarantine/" + id + "/raw HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                client.setSoLinger(true, 0); // closed as a killed client leaves it: reset
            }
            reset.countDown();
            String line = own.rawDownloadLine(id);
            assertThat(line).contains("\"status\":0,\"cut\":\"before its answer began by its client, which closed the connection\"");
            assertThat(own.metrics.scrape()).contains("bayard_http_requests_total{outcome=\"cut\"} 1.0")
                    .doesNotContain("bayard_http_requests_total{outcome=\"ok\"}");
        }
    }
}
