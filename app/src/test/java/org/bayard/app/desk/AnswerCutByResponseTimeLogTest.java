package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The log line of a download cut by the time an answer may take to send (real sockets, a client
 * reading a large held message a little at a time): the limit closed the connection under the
 * handler's write, which failed with "Socket closed", and the line said {@code "status":500} and
 * counted a 500 on /metrics, a server error, though the client had been sent a 200 and was too
 * slow. It now keeps the status sent, says the limit cut it, and counts as {@code cut}.
 */
class AnswerCutByResponseTimeLogTest extends TrainedDesk {
    private static final String AUTH = DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW);
    /** Far less than a 6 MB download takes at a few KB a read, and long enough for the answer to begin on a loaded machine. */
    private static final Duration RESPONSE_TIME = Duration.ofSeconds(2);

    @Test
    void aDownloadReadTooSlowlyIsLoggedWithItsStatusAndCutByTheResponseTimeLimit() throws Exception {
        d = new DeskHarness(trained, tmp, "");
        try (OwnWeb own = new OwnWeb(d, defaults -> defaults.withResponseTime(RESPONSE_TIME))) {
            String id = d.holdLarge("MWCUTTIM-AAA.1", 6);
            String path = "\"path\":\"/api/quarantine/" + id + "/raw\"";
            // the server's send buffer holds megabytes after the cut: the client reads on only until the line is logged
            readSlowlyUntil(own.port(), id, () -> own.log.toString(StandardCharsets.UTF_8).contains(path));
            String line = own.rawDownloadLine(id);
            assertThat(line).contains("\"status\":200,\"cut\":\"part-way by the response time limit, as its client had not read it all within 2 s\"")
                    .doesNotContain("\"status\":500");
            assertThat(own.metrics.scrape()).contains("bayard_http_requests_total{outcome=\"cut\"} 1.0")
                    .doesNotContain("bayard_http_requests_total{outcome=\"500\"}");
        }
    }

    /**
     * Asks for the raw message and reads it 1 KB every 20 ms, through a receive window kept tiny,
     * until {@code done} holds (within 30 s) or the connection ends.
     */
    private static void readSlowlyUntil(int port, String id, java.util.function.BooleanSupplier done) throws Exception {
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(1024); // before connecting: it sets the window
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET /api/quarantine/" + id + "/raw HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder status = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) status.append((char) c);
            assertThat(status.toString()).startsWith("HTTP/1.1 200");
            long limit = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            byte[] buf = new byte[1024];
            try {
                while (!done.getAsBoolean() && System.nanoTime() < limit && in.read(buf) > 0) Thread.sleep(20);
            } catch (IOException e) {
                // reset rather than ended: cut either way
            }
        }
    }
}
