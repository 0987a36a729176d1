package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import org.bayard.smtp.Sinks;
import static org.bayard.app.SmtpClients.atOnce;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.bayard.app.SmallHeapLoad.LargeMessage;
import org.bayard.smtp.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many sessions sending messages of about 1 MB at once to a {@code bayard serve} whose heap is
 * what a small server's JVM gets by default (256 MB on a 1 GB machine), well within the default
 * limits (500 connections, 50 per client, 1 MB kept in memory per message, 10 MB a message).
 */
class ManyLargeSessionsTest {
    private static final int SESSIONS = 200;
    private static final int MESSAGE_BYTES = 1_000_000;
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    Process serve;
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();

    /**
     * Each message was kept in heap up to memory-per-message whatever the others held, and each
     * ending message was copied and tokenized whatever the others did: 200 sessions of 1 MB ran
     * a 256 MB heap out, and serve (told to exit then, as the launcher tells it) dropped them all.
     * Now the messages being received and those being scanned each stay within a share of the
     * heap: past it a message spills to the spool, and a scan waits its turn.
     */
    @Test
    void twoHundredSessionsOfAMegabyteEachAreAllAnswered() throws Exception {
        int port = startServe();
        CountDownLatch allSent = new CountDownLatch(SESSIONS);
        List<String> answers = atOnce(SESSIONS, 120, n -> send(port, n, allSent));
        String log = Files.readString(tmp.resolve("serve.log"));
        assertThat(serve.isAlive()).as(log).isTrue();
        assertThat(log).doesNotContain("OutOfMemoryError");
        // every message taken (relayed or held) or refused for now: none dropped with the connection
        for (String a : answers) assertThat(a).as(log).matches("(250|451) .*");
    }

    /** One session from its own loopback address (the per-client limit is 50); the reply to its message. */
    private static String send(int port, int n, CountDownLatch allSent) throws Exception {
        LargeMessage minutes = new LargeMessage(
                List.of("EHLO client.example", "MAIL FROM:<sender" + n + "@example.net>", "RCPT TO:<list@example.org>", "DATA"),
                "From: sender" + n + "@example.net\r\nTo: list@example.org\r\nSubject: minutes " + n
                        + "\r\nMessage-ID: <large-" + n + "@example.net>\r\n\r\n",
                "the minutes of the meeting, with the figures for the quarter and the plans for the next\r\n", MESSAGE_BYTES);
        return SmallHeapLoad.send(port, InetAddress.getByName("127.0.0." + (2 + n % 8)), 120_000, minutes, allSent, 60);
    }

    /** Starts serve in a heap of 256 MB, told to exit when it runs out as the launcher tells it; returns its SMTP port. */
    private int startServe() throws Exception {
        sink = sinks.start();
        Path log = tmp.resolve("serve.log");
        serve = SmallHeapLoad.serve("256m", tmp, sink.address().getPort(), log).start();
        processes.add(serve);
        return ServeChild.ports(log).smtp();
    }
}
