package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A client that sends part of a large body quickly and then sends nothing more held the body
 * budget for what it had sent until the request's 60 s ran out: 16 such clients at 2 MB took a
 * 128 MB server's budget, and every check got 503 for a minute. A body that makes no progress for
 * http.body-stall-seconds (10 by default), as nginx's client_body_timeout between two reads, now
 * ends with 408, and what it held is given back. Real sockets, default settings.
 */
class StalledBodyTest extends TrainedDesk {
    @Test
    void aBodyThatStopsArrivingGets408LongBeforeTheRequestTimeRunsOut() throws Exception {
        d = new DeskHarness(trained, tmp, "");
        String auth = DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW);
        try (Socket s = new Socket("127.0.0.1", d.web.port())) {
            s.setSoTimeout(40_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/check HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth + "\r\nContent-Length: 900000\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[500_000]); // then nothing: the client stalls with the socket open
            out.flush();
            long t0 = System.nanoTime();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            assertThat(answer).startsWith("HTTP/1.1 408").containsIgnoringCase("Connection: close")
                    .contains("request body stalled: nothing arrived for 10 s");
            assertThat(seconds).isBetween(8L, 25L); // the stall limit, not the request's 60 s
        }
        assertThat(d.get("/metrics", "Authorization", auth).body()).contains("bayard_http_requests_total{outcome=\"408\"} 1.0");
    }
}
