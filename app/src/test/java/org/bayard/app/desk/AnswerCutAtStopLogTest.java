package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bayard.app.Await;
import org.junit.jupiter.api.Test;

/**
 * The log line of a download that serve's stop cut part-way (real sockets, a held message of
 * 6 MB): it said {@code "status":500}, a server error, though the client had been sent the
 * answer's own 200 and the stop had cut it. It now keeps the status sent and says how the stop cut
 * it, in the words of the stop's own line, and the request counts as {@code cut}, not as a 500.
 * With a stop of 12 s (a drain of 4 s, 1 s for a client that reads nothing) rather than the
 * default minute (20 s, 5 s): the waits are shares of it, and what the stop does is the same.
 */
class AnswerCutAtStopLogTest extends TrainedDesk {
    private static final String AUTH = DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW);
    /** smtp.stop-timeout-seconds of 12. */
    private static final String STOP_12 = "  stop-timeout-seconds: 12\n";

    @Test
    void aDownloadWhoseClientReadsNothingIsLoggedWithItsStatusAndCutByTheStop() throws Exception {
        d = new DeskHarness(trained, tmp, "", STOP_12);
        String id = d.holdLarge("MWCUTSTP-AAA.1", 6);
        try (Socket client = download(id, 1024)) {
            CompletableFuture<Void> stop = CompletableFuture.runAsync(d.web::close); // the client reads no more
            stop.get(60, TimeUnit.SECONDS);
            assertThat(d.web.stalledAtStop()).isEqualTo(1);
        }
        assertLogged(id, "part-way by the stop, as its client read none of it for 1 s during the drain");
    }

    /**
     * A client that keeps reading, too slowly to be done before the stop's drain runs out: a stop of
     * 24 s, whose 2 s for a client that reads nothing is far from the pauses of this one's reads.
     */
    @Test
    void aDownloadStillBeingReadWhenTheDrainRunsOutIsLoggedWithItsStatusAndCutByTheStop() throws Exception {
        d = new DeskHarness(trained, tmp, "", "  stop-timeout-seconds: 24\n");
        // the socket buffers take a few MB each way on loopback; read at 1.6 MB/s at most, 48 MB outlast the 8 s drain
        String id = d.holdLarge("MWCUTSTP-AAA.1", 48);
        try (Socket client = download(id, 0)) {
            CompletableFuture<Void> stop = CompletableFuture.runAsync(d.web::close);
            InputStream in = client.getInputStream();
            byte[] some = new byte[16 * 1024];
            // a little at a time, but enough that the server's blocked write wakes within the 2 s that mark a client that stopped reading
            while (!stop.isDone() && in.read(some) >= 0) Thread.sleep(10);
            stop.get(60, TimeUnit.SECONDS);
            assertThat(d.web.stalledAtStop()).isZero();
            assertThat(d.web.cutPartWayAtStop()).isEqualTo(1);
        }
        assertLogged(id, "part-way by the stop, when the drain ran out");
    }

    /**
     * A request still being worked on when the drain runs out and for the 2 s its interrupt gives
     * (reading its held item's sidecar, a FIFO no one writes yet: a hung disk): the stop closes its
     * connection with no answer sent, and once the read ends the handler answers into the closed
     * socket. Its line gave the status it meant to send, as if its client had had it.
     */
    @Test
    void aRequestCutOffBeforeItsAnswerBeganIsLoggedWithNoStatusSent() throws Exception {
        d = new DeskHarness(trained, tmp, "", STOP_12);
        String id = d.hold("MWCUTNON-AAA.1", "a@example.org", List.of("u@example.test"),
                "From: a@example.org\r\nSubject: hung\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
        java.nio.file.Path sidecar = d.quarantine().resolve(id + ".json");
        String metadata = java.nio.file.Files.readString(sidecar);
        java.nio.file.Files.delete(sidecar);
        assertThat(org.bayard.app.Commands.run("mkfifo", sidecar.toString()).exit()).isZero();
        try (Socket client = new Socket("127.0.0.1", d.web.port())) {
            client.setSoTimeout(60_000);
            client.getOutputStream().write(("GET /api/quarantine/" + id + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Await.until(() -> d.web.requestsUnderWay() == 1);
            d.web.close(); // the drain's 4 s, the interrupt's 2 s, and the connection is closed
            assertThat(d.web.cutAtStop()).isEqualTo(1);
            assertThat(d.web.cutPartWayAtStop()).isZero();
            assertThat(answer(client)).as("the client got no answer").isEmpty();
        }
        try (java.io.OutputStream disk = java.nio.file.Files.newOutputStream(sidecar)) { // the read ends: the handler answers
            disk.write(metadata.getBytes(StandardCharsets.UTF_8));
        }
        String path = "\"path\":\"/api/quarantine/" + id + "\"";
        Await.until(() -> d.log.toString(StandardCharsets.UTF_8).contains(path));
        String log = d.log.toString(StandardCharsets.UTF_8);
        String line = log.lines().filter(l -> l.contains(path)).findFirst().orElseThrow();
        assertThat(line).as(log).contains("\"status\":0,\"cut\":\"before its answer began, by the stop, when the drain ran out\"");
        java.nio.file.Files.delete(sidecar); // a file again: the scrape's count of held items reads it too
        java.nio.file.Files.writeString(sidecar, metadata);
        assertThat(d.metrics.scrape()).contains("bayard_http_requests_total{outcome=\"cut\"} 1.0")
                .doesNotContain("bayard_http_requests_total{outcome=\"ok\"}", "bayard_http_requests_total{outcome=\"500\"}");
    }

    /** What the client got before its connection closed (a reset counts as the end). */
    private static String answer(Socket client) throws Exception {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = client.getInputStream().read(buf)) >= 0; ) got.write(buf, 0, n);
        } catch (java.net.SocketException reset) {
            // closed with a reset: what came before it is all there is
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Asks for the raw message and reads the status line only: the answer has begun. A receive
     * buffer of {@code receiveBuffer} bytes (0: the system's) keeps the window the client offers
     * tiny, and with it what the socket takes of an answer the client does not read.
     */
    private Socket download(String id, int receiveBuffer) throws Exception {
        Socket s = new Socket();
        if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer); // before connecting: it sets the window
        s.connect(new InetSocketAddress("127.0.0.1", d.web.port()));
        s.setSoTimeout(30_000);
        s.getOutputStream().write(("GET /api/quarantine/" + id + "/raw HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        StringBuilder status = new StringBuilder();
        for (int c; (c = s.getInputStream().read()) != '\n'; ) status.append((char) c);
        assertThat(status.toString()).startsWith("HTTP/1.1 200");
        return s;
    }

    private void assertLogged(String id, String cut) throws Exception {
        String path = "\"path\":\"/api/quarantine/" + id + "/raw\"";
        Await.until(() -> d.log.toString(StandardCharsets.UTF_8).contains(path));
        String log = d.log.toString(StandardCharsets.UTF_8);
        String line = log.lines().filter(l -> l.contains(path)).findFirst().orElseThrow();
        assertThat(line).as(log).contains("\"status\":200,\"cut\":\"" + cut + "\"").doesNotContain("\"status\":500");
        assertThat(d.metrics.scrape()).contains("bayard_http_requests_total{outcome=\"cut\"} 1.0")
                .doesNotContain("bayard_http_requests_total{outcome=\"500\"}");
    }
}
