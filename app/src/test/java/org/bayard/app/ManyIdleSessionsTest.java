package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.app.SmtpClients.atOnce;
import static org.bayard.app.SmtpClients.command;
import static org.bayard.app.SmtpClients.reply;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * As many sessions as smtp.max-connections lets in by default (500), all open at once in the
 * command phase (greeted, EHLO, MAIL and RCPT, so each has its next-hop connection too), against a
 * {@code bayard serve} in a 128 MB heap, a small server's default. Each session took about 150 KB
 * of buffers up front (64 KB to read its client, 64 KB to write its next hop, ...), so 200 of them
 * ran the heap out and serve, told to exit then, dropped every one.
 */
class ManyIdleSessionsTest {
    private static final int SESSIONS = 500;
    /** Loopback addresses the sessions come from: 50 each, the per-client limit. */
    private static final int ADDRESSES = 10;
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();

    @Test
    void theDefaultMaxConnectionsInTheCommandPhaseFitA128MegabyteHeap() throws Exception {
        Path log = tmp.resolve("serve.log");
        int port = startServe(log);
        CountDownLatch allOpen = new CountDownLatch(SESSIONS);
        List<String> results = atOnce(SESSIONS, 180, n -> session(port, n, allOpen));
        String said = SmallHeapLoad.logWithoutOutOfMemory(log);
        assertThat(results).as(said).allMatch("served"::equals);
    }

    /**
     * One session: greeting, EHLO, MAIL, RCPT; then NOOPs (a slow client talking, so that the
     * gate's cut of idle sessions under load does not end it) until every session is that far;
     * then a short message, its 250 (relayed or held), and QUIT. "served", or what went wrong.
     */
    private static String session(int port, int n, CountDownLatch allOpen) {
        boolean counted = false;
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + (2 + n % ADDRESSES)), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 60_000);
            s.setSoTimeout(120_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            String greeting = reply(in);
            if (!greeting.startsWith("220")) return "greeted with " + greeting;
            for (String c : List.of("EHLO client" + n + ".example", "MAIL FROM:<sender" + n + "@example.net>",
                    "RCPT TO:<list@example.org>")) {
                String r = command(in, out, c);
                if (!r.startsWith("250")) return "refused at " + c + ": " + r;
            }
            counted = true;
            allOpen.countDown();
            while (!allOpen.await(2, TimeUnit.SECONDS)) {
                String r = command(in, out, "NOOP");
                if (!r.startsWith("250")) return "NOOP while waiting: " + r;
            }
            String data = command(in, out, "DATA");
            if (!data.startsWith("354")) return "DATA: " + data;
            out.write(("From: sender" + n + "@example.net\r\nTo: list@example.org\r\nSubject: agenda " + n
                    + "\r\nMessage-ID: <idle-" + n + "@example.net>\r\n\r\nThe agenda for Thursday's meeting is attached.\r\n.\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String end = reply(in);
            if (!end.startsWith("250")) return "end of data: " + end;
            command(in, out, "QUIT");
            return "served";
        } catch (IOException | InterruptedException e) {
            return "dropped: " + e;
        } finally {
            if (!counted) allOpen.countDown(); // one that failed early must not keep the others waiting
        }
    }

    /** Starts serve in a heap of 128 MB, told to exit when it runs out as the launcher tells it; returns its SMTP port. */
    private int startServe(Path log) throws Exception {
        sink = sinks.start();
        processes.add(SmallHeapLoad.serve("128m", tmp, sink.address().getPort(), log).start());
        return ServeChild.ports(log).smtp();
    }
}
