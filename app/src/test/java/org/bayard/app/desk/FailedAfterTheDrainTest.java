package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.bayard.app.Await;
import org.bayard.http.DrainTimes;
import org.bayard.http.HttpService;
import org.junit.jupiter.api.Test;

/**
 * A request whose handler fails once the stop's drain ran out and interrupted it (real sockets, a
 * stop of the service): a view of a held item still reading its file (a slow disk) when the drain
 * ran out, which, interrupted, failed to wait for memory to read the message. Its client was
 * answered {@code 500 internal error}, or nothing at all, as the interrupt left set closed the
 * socket at the answer's first write; the log counted a server error. It now gets what a request
 * arriving during the stop gets: {@code 503} {@code the server is stopping; send the request
 * again}, with {@code Retry-After: 1} and {@code Connection: close}.
 */
class FailedAfterTheDrainTest extends TrainedDesk {
    private static final String AUTH = DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW);

    @Test
    void aHandlerFailingAsTheStopInterruptedItIsAnswered503ToSendItAgain() throws Exception {
        d = new DeskHarness(trained, tmp, "");
        String id = d.hold("MWSTOPIN-AAA.1", "a@example.org", List.of("u@example.test"),
                "From: a@example.org\r\nSubject: slow disk\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
        // a short drain (serve's share of a 6 s smtp.stop-timeout-seconds): what is asserted is what follows its end
        OwnWeb own = new OwnWeb(d, defaults -> defaults.withDrainTimes(new DrainTimes(Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofMillis(500))));
        HttpService web = own.web;
        java.util.concurrent.atomic.AtomicBoolean slow = new java.util.concurrent.atomic.AtomicBoolean(true);
        own.backend.beforeOpening(opening -> {
            if (!slow.getAndSet(false)) return; // the request's read only, not the scrape's count of held items
            try {
                Thread.sleep(120_000); // a disk that does not answer: the read is under way until the stop interrupts it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // as any well-behaved wait does: what follows sees the interrupt
            }
        });
        try (Socket client = new Socket("127.0.0.1", web.port())) {
            client.setSoTimeout(60_000);
            client.getOutputStream().write(("GET /api/quarantine/" + id + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Await.until(() -> web.requestsUnderWay() == 1);
            web.close(); // the drain's 2 s, then the interrupt
            assertThat(web.cutAtStop()).isEqualTo(1);
            String answer = answer(client);
            assertThat(answer).startsWith("HTTP/1.1 503 ").endsWith("{\"error\":\"the server is stopping; send the request again\"}");
            assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("\r\nretry-after: 1\r\n", "\r\nconnection: close\r\n");
        }
        assertThat(web.answeredRetryAtStop()).isEqualTo(1);
        assertThat(OwnWeb.lineOf(own.log, "/api/quarantine/" + id)).contains("\"status\":503");
        assertThat(own.log.toString(StandardCharsets.UTF_8)).doesNotContain("Exception", "\tat ");
        assertThat(own.metrics.scrape()).contains("bayard_http_requests_total{outcome=\"503\"} 1.0")
                .doesNotContain("bayard_http_requests_total{outcome=\"500\"}");
    }

    /** What the client got before its connection closed (a reset counts as the end). */
    private static String answer(Socket client) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = client.getInputStream().read(buf)) >= 0; ) got.write(buf, 0, n);
        } catch (java.net.SocketException reset) {
            // closed with a reset: what came before it is all there is
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
