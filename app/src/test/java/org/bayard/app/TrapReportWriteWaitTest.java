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
 * (about 58 MB of words, about 1 s on a quiet machine) and little to write (a few words in each of
 * its messages), against a scan timeout of 300 ms.
 *
 * <p>Sent to a trap and to an ordinary recipient at once, such a report's other writes (autolearn
 * of the copy relayed, the blocklist after a rejection) still waited until scan-timeout-ms from
 * the end of DATA, had none left, and were put off and journaled with no other process about.
 * The scan and those writes now have scan-timeout-ms from the end of the trap's learning. Those
 * reports' 880 messages take about 2.8 s to tokenize on a quiet machine, against a scan timeout of
 * 1 s: at 300 ms, the trap's write and the autolearn after it did not fit in it on a machine loaded
 * to about 9.
 */
class TrapReportWriteWaitTest {
    private static final int SCAN_TIMEOUT_MS = 300;
    /** For the reports of {@link #ATTACHED_SMALLER} messages, whose trap writes more. */
    private static final int LONGER_SCAN_TIMEOUT_MS = 1_000;
    private static final int ATTACHED = 55;
    /**
     * For a report with another recipient, whose scan (of the report's start) must be done well within
     * the scan timeout on a loaded machine: as many bytes of words, in messages a sixteenth the size,
     * and the scan reads only the first two or so.
     */
    private static final int ATTACHED_SMALLER = 16 * ATTACHED;
    private static final String SMALLER_SCAN = "limits:\n  max-scan-bytes: 131072\n";
    private static final String SPAM_WORDS = "cheap offer, click here to claim the prize, act now, best price";
    private static final String HAM_WORDS = "minutes of the meeting: we agreed to review the draft again";
    private static final Pattern MS = Pattern.compile("\"event\":\"message\",.*\"ms\":([0-9.]+)");
    @TempDir Path tmp;
    /** The samples' store, learned once for the whole run (each test learned it anew), copied for each test. */
    @RegisterExtension final TrainedGates samples = new TrainedGates();
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

    @Test
    void theCopyRelayedBesideASlowReportIsAutolearnedInItsSession() throws Exception {
        Path db = store();
        Path log = tmp.resolve("serve.log");
        RecordingSink sink = sinks.start();
        sink.keptBytes = 1 << 16; // its header block: the copy is as large as the report
        int port = startServe(db, log, LONGER_SCAN_TIMEOUT_MS, sink, "  ham-traps: [\"trap@example.org\"]\n", "autolearn:\n  enabled: true\n" + SMALLER_SCAN);

        // a ham trap, and ham words: the scan finds the copy ham, as learned by the trap just before it
        String reply = sendReport(port, List.of("trap@example.org", "someone@example.org"), HAM_WORDS, ATTACHED_SMALLER);
        ServeReloadTest.waitForLog(log, "\"event\":\"message\"", 1);
        String said = read(log);
        assertThat(reply).as(said).startsWith("250");
        assertThat(sessionMillis(said)).as("the session took too little to tell anything: %s", said).isGreaterThan(LONGER_SCAN_TIMEOUT_MS);
        assertThat(said).contains("\"decision\":\"trap ham: " + ATTACHED_SMALLER + " learned; ").contains(" autolearn=ham\"")
                .doesNotContain("write-waiting");
        assertThat(sink.delivered.get(0).text()).contains("autolearn=ham ");
    }

    @Test
    void theSenderOfASlowReportRejectedForItsOtherRecipientIsBlocklistedInItsSession() throws Exception {
        Path db = store();
        Path log = tmp.resolve("serve.log");
        int port = startServe(db, log, LONGER_SCAN_TIMEOUT_MS, sinks.start(), "  spam-traps: [\"trap@example.org\"]\n  blocklist-hours: 3\n", SMALLER_SCAN);

        // a spam trap, and spam words: the scan finds the message spam, as learned by the trap just before it
        String reply = sendReport(port, List.of("trap@example.org", "someone@example.org"), SPAM_WORDS, ATTACHED_SMALLER);
        ServeReloadTest.waitForLog(log, "\"event\":\"message\"", 1);
        String said = read(log);
        assertThat(reply).as(said).startsWith("550 5.7.1");
        assertThat(sessionMillis(said)).as("the session took too little to tell anything: %s", said).isGreaterThan(LONGER_SCAN_TIMEOUT_MS);
        assertThat(said).contains("\"decision\":\"trap spam: " + ATTACHED_SMALLER + " learned; reject ").doesNotContain("put off")
                .doesNotContain("write-waiting");
        assertThat(refusedAtRcpt(port)).startsWith("550 5.7.1");
    }

    private Path store() throws IOException {
        return samples.copy(tmp);
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
        return sendReport(port, List.of("trap@example.org"), SPAM_WORDS, ATTACHED);
    }

    /** Sends a report to {@code recipients} (see {@link #report}); the reply to its end of data. */
    private static String sendReport(int port, List<String> recipients, String words, int attached) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(180_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            assertThat(reply(in)).startsWith("220");
            assertThat(command(in, out, "EHLO client.example")).startsWith("250");
            assertThat(command(in, out, "MAIL FROM:<reporter@example.net>")).startsWith("250");
            for (String r : recipients) assertThat(command(in, out, "RCPT TO:<" + r + ">")).startsWith("250");
            assertThat(command(in, out, "DATA")).startsWith("354");
            report(out, words, attached);
            return command(in, out, ".");
        }
    }

    /** A later session of the report's sender: its reply to RCPT. */
    private static String refusedAtRcpt(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(reply(in)).startsWith("220");
            assertThat(command(in, out, "EHLO client.example")).startsWith("250");
            assertThat(command(in, out, "MAIL FROM:<reporter@example.net>")).startsWith("250");
            return command(in, out, "RCPT TO:<someone@example.org>");
        }
    }

    /**
     * {@code attached} forwarded messages, of about 60 MB together, which learning reads whole: the
     * same few lines of {@code words} over and over, so that each adds only a handful of words to the
     * store.
     */
    private static void report(OutputStream out, String words, int attached) throws IOException {
        TrapReports.write(out, "reporter", "mail I got", attached, 15_000 * ATTACHED / attached,
                (message, line) -> words + ", " + message + " lot " + line % 7);
    }

    /** serve on {@code db} with a spam trap and a scan timeout of {@link #SCAN_TIMEOUT_MS}; its SMTP port. */
    private int startServe(Path db, Path log) throws Exception {
        return startServe(db, log, SCAN_TIMEOUT_MS, sinks.start(), "  spam-traps: [\"trap@example.org\"]\n", "");
    }

    /**
     * As {@link #startServe(Path, Path)}, with a scan timeout of {@code scanTimeoutMs}, relaying to
     * {@code sink}, with {@code smtp} under smtp: and {@code more} after it.
     */
    private int startServe(Path db, Path log, int scanTimeoutMs, RecordingSink sink, String smtp, String more) throws Exception {
        Path config = Files.writeString(tmp.resolve("bayard.yaml"), "smtp:\n  max-message-bytes: 67108864\n  scan-timeout-ms: "
                + scanTimeoutMs + "\n" + smtp + more);
        processes.add(ServeChild.command(List.of("-Xmx1g"), db, tmp.resolve("q"), sink.address().getPort(), log,
                "-c", config.toString()).start());
        return ServeChild.ports(log).smtp();
    }
}
