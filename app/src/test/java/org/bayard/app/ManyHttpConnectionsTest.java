package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many connections held open to the HTTP API of a running {@code bayard serve} in a 128 MB heap,
 * a small server's default, each having sent the first byte of a request (so the server has
 * begun reading it). Nothing bounded how many a client, or all clients, could hold: each cost
 * tens of KB of buffers, and 3000 of them from one address ran the heap out, and serve, told to
 * exit then as the launcher tells it, ended the SMTP gate with it.
 */
class ManyHttpConnectionsTest {
    private static final int CONNECTIONS = 3000;
    @TempDir Path tmp;
    @RegisterExtension final SmallHeapApi api = new SmallHeapApi();
    final List<Socket> held = new ArrayList<>();

    /** The held connections closed before serve is killed (by {@link SmallHeapApi}). */
    @AfterEach
    void stop() throws Exception {
        for (Socket s : held) s.close();
    }

    /** One address holding thousands of connections: serve lives, and another client's check is answered at once. */
    @Test
    void oneClientHoldingThousandsOfConnectionsLeavesChecksToOthers() throws Exception {
        int port = api.start(tmp);
        hold(port, "127.0.0.2", CONNECTIONS);
        assertThat(check(port, "127.0.0.1")).as(api.log()).startsWith("HTTP/1.1 200").contains("\"score\"");
        // its own next connection is refused at once, past the 64 one address may hold
        assertThat(check(port, "127.0.0.2")).as(api.log()).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 1\r\n")
                .contains("too many connections from your address; try again");
        assertThat(api.serve().isAlive()).as(api.log()).isTrue();
        assertThat(api.log()).doesNotContain("OutOfMemoryError");
    }

    /**
     * Thousands of connections from many addresses: past the total the server refuses at once
     * (503, Retry-After) instead of running its heap out, and checks are answered again as soon
     * as the connections close.
     */
    @Test
    void thousandsOfConnectionsFromManyAddressesAreRefusedPastTheLimitAndTheGateLives() throws Exception {
        int port = api.start(tmp);
        for (int a = 0; a < 10; a++) hold(port, "127.0.0." + (10 + a), CONNECTIONS / 10);
        assertThat(check(port, "127.0.0.1")).as(api.log()).matches("(?si)HTTP/1\\.1 (200 .*\"score\".*|503 .*Retry-After: 1\r\n.*too many connections.*)");
        assertThat(api.serve().isAlive()).as(api.log()).isTrue();
        for (Socket s : held) s.close();
        held.clear();
        String answer = "";
        for (int tries = 0; tries < 50 && !answer.startsWith("HTTP/1.1 200"); tries++) {
            Thread.sleep(100);
            answer = check(port, "127.0.0.1");
        }
        assertThat(answer).as(api.log()).startsWith("HTTP/1.1 200").contains("\"score\"");
        assertThat(api.serve().isAlive()).as(api.log()).isTrue();
        assertThat(api.log()).doesNotContain("OutOfMemoryError");
    }

    /** Opens {@code count} connections from {@code from}, each sending the first byte of a request and no more. */
    private void hold(int port, String from, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Socket s = new Socket();
            held.add(s);
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            try {
                s.getOutputStream().write('P');
            } catch (IOException refusedAlready) {
                // the server may have answered and closed at once: that is what it should do past its limits
            }
        }
    }

    /** A check of a short message over HTTP/1.0 from {@code from}: the whole answer, head and body. */
    private static String check(int port, String from) throws IOException {
        byte[] message = ("From: sender@example.net\r\nTo: list@example.org\r\nSubject: the agenda\r\n\r\n"
                + "The agenda for Thursday's meeting is attached.\r\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /checkv2 HTTP/1.0\r\nPassword: " + SmallHeapApi.PASSPHRASE + "\r\nContent-Length: " + message.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(message);
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "failed: " + e;
        }
    }

}
