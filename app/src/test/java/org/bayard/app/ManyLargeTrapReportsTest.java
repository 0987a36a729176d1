package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.app.SmtpClients.atOnce;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.bayard.app.SmallHeapLoad.LargeMessage;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large reports sent to a spam trap at once, to a {@code bayard serve} in a heap a small server's
 * JVM gets by default (256 MB), on a site that takes large mail (smtp.max-message-bytes 64 MB).
 * The gate read a trap's mail whole to learn what it carries; it now holds only what learning
 * reads of each message in it (see LargeTrapReportTest).
 */
class ManyLargeTrapReportsTest {
    private static final int SESSIONS = 8;
    private static final int MESSAGE_BYTES = 30_000_000;
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();

    /**
     * The heap scans may take at once counted each message at most limits.max-scan-bytes (2 MiB,
     * four times over), what a scan reads of it; a trap's mail was read whole all the same, so
     * several reports of 30 MB were learned side by side, ran a 256 MB heap out, and serve, told
     * to exit then, dropped every session. A trap's mail now counts whole: past the budget a
     * report waits its turn, then gets 451 and is sent again later; none is lost.
     */
    @Test
    void manyLargeTrapReportsAtOnceAreLearnedOrDeferred() throws Exception {
        Path log = tmp.resolve("serve.log");
        int port = startServe(log);
        CountDownLatch allSent = new CountDownLatch(SESSIONS);
        List<String> answers = atOnce(SESSIONS, 180, n -> send(port, n, allSent));
        String said = SmallHeapLoad.logWithoutOutOfMemory(log);
        // each report taken (learned) or deferred (451, sent again later): none dropped with the connection
        for (String a : answers) assertThat(a).as(said).matches("(250|451) .*");
        assertThat(answers).as(said).anyMatch(a -> a.startsWith("250"));
    }

    /** One report of {@link #MESSAGE_BYTES} to the trap; the reply to its end of data. */
    private static String send(int port, int n, CountDownLatch allSent) throws Exception {
        LargeMessage offer = new LargeMessage(
                List.of("EHLO reporter.example", "MAIL FROM:<reporter" + n + "@example.net>", "RCPT TO:<trap@example.org>", "DATA"),
                "From: reporter" + n + "@example.net\r\nTo: trap@example.org\r\nSubject: offer " + n
                        + "\r\nMessage-ID: <trap-" + n + "@example.net>\r\n\r\n",
                "cheap offer " + n + " click here to claim the prize you won, limited time, act now, best price guaranteed\r\n",
                MESSAGE_BYTES);
        return SmallHeapLoad.send(port, null, 170_000, offer, allSent, 120);
    }

    /** Starts serve in a heap of 256 MB, told to exit when it runs out as the launcher tells it; returns its SMTP port. */
    private int startServe(Path log) throws Exception {
        sink = sinks.start();
        Path config = Files.writeString(tmp.resolve("bayard.yaml"),
                "smtp:\n  max-message-bytes: 67108864\n  spam-traps: [\"trap@example.org\"]\n");
        processes.add(SmallHeapLoad.serve("256m", tmp, sink.address().getPort(), log, "-c", config.toString()).start());
        return ServeChild.ports(log).smtp();
    }
}
