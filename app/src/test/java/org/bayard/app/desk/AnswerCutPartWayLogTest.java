package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The log line of a download cut part-way outside a stop (real sockets): a client that went away
 * mid-download (curl killed while fetching a large held message) was logged {@code "status":500}
 * and counted as a 500 on /metrics, a server error, though the client had been sent a 200 and
 * left. It now keeps the status sent and says its client cut it, counted as {@code cut}; a
 * download the server itself failed part-way (its file unreadable) keeps the status sent too,
 * says so with the reason, and still counts as the server error it is. Both lines name who
 * asked: they said {@code "user":"-"}, as a failed answer left the user unsaid.
 */
class AnswerCutPartWayLogTest extends TrainedDesk {
    private static final String AUTH = DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW);

    @Test
    void aDownloadWhoseClientWentAwayIsLoggedWithItsStatusAndCutByItsClient() throws Exception {
        d = new DeskHarness(trained, tmp, "");
        String id = d.holdLarge("MWCUTCLI-AAA.1", 6);
        try (Socket client = download(d.web.port(), id)) {
            client.setSoLinger(true, 0); // as a killed curl leaves it: the connection reset, what was sent unread
        }
        String line = OwnWeb.rawDownloadLine(d.log, id);
        assertThat(line).contains("\"status\":200,\"cut\":\"part-way by its client, which closed the connection\"",
                "\"user\":\"" + DeskHarness.READER + "\"").doesNotContain("\"status\":500");
        assertThat(d.metrics.scrape()).contains("bayard_http_requests_total{outcome=\"cut\"} 1.0")
                .doesNotContain("bayard_http_requests_total{outcome=\"500\"}");
    }

    /** The held message's file found a directory once opened (a damaged spool): the read fails after the 200 went out. */
    @Test
    void aDownloadTheServerFailedPartWayIsLoggedWithItsStatusAndTheServerErrorThatCutIt() throws Exception {
        d = new DeskHarness(trained, tmp, "");
        try (OwnWeb own = new OwnWeb(d, defaults -> defaults)) {
            String id = d.holdLarge("MWCUTCLI-AAA.1", 6);
            Path file = d.gate.quarantine().spool().message(id);
            own.backend.beforeOpening(opening -> {
                try {
                    Files.delete(file);
                    Files.createDirectory(file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (Socket client = download(own.port(), id)) {
                String line = own.rawDownloadLine(id);
                assertThat(line).contains("\"status\":200,\"cut\":\"part-way by a server error (Is a directory)\"",
                        "\"user\":\"" + DeskHarness.READER + "\"");
                assertThat(own.metrics.scrape()).contains("bayard_http_requests_total{outcome=\"500\"} 1.0")
                        .doesNotContain("bayard_http_requests_total{outcome=\"cut\"}");
            }
        }
    }

    /**
     * Asks for the raw message and reads its status line only: the answer has begun. A receive
     * buffer of 1 KB keeps the window the client offers tiny, so that the server is still writing.
     */
    private static Socket download(int port, String id) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(1024); // before connecting: it sets the window
        s.connect(new InetSocketAddress("127.0.0.1", port));
        s.setSoTimeout(30_000);
        s.getOutputStream().write(("GET /api/quarantine/" + id + "/raw HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        StringBuilder status = new StringBuilder();
        InputStream in = s.getInputStream();
        for (int c; (c = in.read()) != '\n'; ) status.append((char) c);
        assertThat(status.toString()).startsWith("HTTP/1.1 200");
        return s;
    }
}
