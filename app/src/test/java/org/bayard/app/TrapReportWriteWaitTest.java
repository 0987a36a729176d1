package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.app.SmtpClients.command;
import static org.bayard.app.SmtpClients.reply;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trap report's store write waited until scan-timeout-ms from the end of DATA, and a report
 * whose tokenizing took longer had no wait left: its write was put off and the whole report
 * journaled, though no other process held the store's lock. The write now waits up to
 * scan-timeout-ms from the end of the tokenizing. The report here takes seconds to tokenize
 * (about 58 MB of words) and little to write (a few words in each of its messages), against a
 * scan timeout of 300 ms.
 */
class TrapReportWriteWaitTest {
    private static final int SCAN_TIMEOUT_MS = 300;
    private static final int ATTACHED = 55;
    private static final Pattern MS = Pattern.compile("\"event\":\"message\",.*\"ms\":([0-9.]+)");
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    @RegisterExtension final Sinks sinks = new Sinks();

    @Test
    void aReportTokenizedForLongerThanTheScanTimeoutIsWrittenInItsSessionWhenNoOtherProcessHoldsTheLock() throws Exception {
        Path db = store();
        Path log = tmp.resolve("serve.log");
        int port = startServe(db, log);

        assertThat(sendReport(port)).as(read(log)).startsWith("250");
        ServeReloadTest.waitForLog(log, "\"event\":\"message\"", 1);
        String said = read(log);
        assertThat(sessionMillis(said)).as("the session took too little to tell anything: %s", said)
                .isGreaterThan(SCAN_TIMEOUT_MS);
        // written in the session: neither put off nor journaled
        assertThat(said).contains("\"decision\":\"trap spam: " + ATTACHED + " learned\"").doesNotContain("write-waiting");
    }

    /** As before the change: with another process holding the lock, the session answers without the write, which is made once the lock is free. */
    @Test
    void aSlowReportWhileAnotherProcessHoldsTheLockIsAnsweredAndLearnedOnceItIsFree() throws Exception {
        Path db = store();
        Path log = tmp.resolve("serve.log");
        int port = startServe(db, log);
        Process holder = LockHolder.start("store", db, processes);

        // answered while the holder still holds the lock
        assertThat(sendReport(port)).as(read(log)).startsWith("250");
        ServeReloadTest.waitForLog(log, "\"event\":\"message\"", 1);
        assertThat(read(log)).contains("learning put off")
                .contains("\"write\":\"trap spam\",\"detail\":\"another process holds the store's write lock; written when it is free");

        LockHolder.letGo(holder);
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        ServeReloadTest.waitForLog(log, "\"event\":\"write-done\",\"queue_id\":", 1);
        assertThat(read(log)).contains("\"write\":\"trap spam\",\"detail\":\"written after waiting");
    }

    private Path store() throws IOException {
        return SampleStore.copy(SampleStore.trained(tmp.resolve("trained")), tmp);
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log);
    }

    /** The "ms" of the session's decision line: from the end of DATA to the reply. */
    private static double sessionMillis(String said) {
        Matcher m = MS.matcher(said);
        assertThat(m.find()).as(said).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Sends the report to the trap in a session of its own; the reply to its end of data. */
    private static String sendReport(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(180_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            assertThat(reply(in)).startsWith("220");
            for (String c : List.of("EHLO client.example", "MAIL FROM:<reporter@example.net>", "RCPT TO:<trap@example.org>")) {
                assertThat(command(in, out, c)).startsWith("250");
            }
            assertThat(command(in, out, "DATA")).startsWith("354");
            report(out);
            return command(in, out, ".");
        }
    }

    /**
     * {@link #ATTACHED} forwarded spams of about a megabyte each, which learning reads whole: the
     * same few lines over and over, so that each adds only a handful of words to the store.
     */
    private static void report(OutputStream out) throws IOException {
        out.write(("From: reporter@example.net\r\nTo: trap@example.org\r\nSubject: spam I got\r\nMessage-ID: <report@example.net>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"r\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < ATTACHED; i++) {
            out.write(("--r\r\nContent-Type: message/rfc822\r\n\r\nFrom: seller" + i + "@example.com\r\nTo: someone@example.org\r\n"
                    + "Subject: offer " + i + "\r\nMessage-ID: <offer-" + i + "@example.com>\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int line = 0; line < 15_000; line++) {
                out.write(("cheap offer " + i + " lot " + line % 7 + " click here to claim the prize, act now, best price\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.write("--r--\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** serve on {@code db} with a spam trap and a scan timeout of {@link #SCAN_TIMEOUT_MS}; its SMTP port. */
    private int startServe(Path db, Path log) throws Exception {
        RecordingSink sink = sinks.start();
        Path config = Files.writeString(tmp.resolve("bayard.yaml"), "smtp:\n  max-message-bytes: 67108864\n  scan-timeout-ms: "
                + SCAN_TIMEOUT_MS + "\n  spam-traps: [\"trap@example.org\"]\n");
        processes.add(ServeChild.command(List.of("-Xmx1g"), db, tmp.resolve("q"), sink.address().getPort(), log,
                "-c", config.toString()).start());
        return ServeChild.ports(log).smtp();
    }
}
