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
 * The log line of an answer none of which went out, its client having reset the connection while
 * its handler worked (real sockets). An answer without a body (a HEAD, a redirect) goes out only
 * with the last flush, once the handler has ended: the line said {@code "status":200} and the
 * answer counted as {@code ok}, though none of it reached anyone. A small answer with a body
 * fails in the handler's own write: the line said its status and "part-way", though no byte of
 * it was taken. Both now say status 0, cut before the answer began, by its client.
 */
class AnswerCutAtItsEndLogTest extends TrainedDesk {
    private static final String AUTH = DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW);

    @Test
    void aHeadWhoseClientResetTheConnectionBeforeItsAnswerWentOutIsLoggedCutByItsClient() throws Exception {
        assertLoggedCutBeforeItBegan("HEAD", "MWENDCUT-AAA.1");
    }

    @Test
    void aSmallDownloadWhoseClientResetTheConnectionBeforeItsAnswerWentOutIsLoggedCutBeforeItBegan() throws Exception {
        assertLoggedCutBeforeItBegan("GET", "MWENDCUT-AAB.1");
    }

    /** Asks for a small held message's raw bytes with {@code method}, resets the connection while the handler waits, then lets it go on. */
    private void assertLoggedCutBeforeItBegan(String method, String queueId) throws Exception {
        d = new DeskHarness(trained, tmp, "");
        try (OwnWeb own = new OwnWeb(d, defaults -> defaults)) {
            String id = d.hold(queueId, "a@example.org", List.of("u@example.test"),
                    "From: a@example.org\r\nTo: u@example.test\r\nSubject: pills\r\n\r\nCheap pills.\r\n".getBytes(StandardCharsets.US_ASCII));
            CountDownLatch reset = new CountDownLatch(1);
            // the handler goes on once its client is gone: whatever it then writes finds the connection reset
            own.backend.beforeOpening(opening -> {
                try {
                    reset.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", own.port()));
                client.getOutputStream().write((method + " /api/quarantine/" + id + "/raw HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
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
