package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.app.SmtpClients.reply;

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
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trap report larger than the heap. The gate and {@code bayard trap} read a trap's mail whole
 * and copied each attached message again to learn it, so one report of a few times the heap (a
 * site that takes large mail: smtp.max-message-bytes set high) ran serve out of heap, and serve
 * exited, dropping every session, at each retry of the same report. Learning reads at most
 * limits.max-scan-bytes of each message (and digests the rest as it streams past), so that is all
 * a trap holds of it now.
 */
class LargeTrapReportTest {
    private static final int ATTACHED_BYTES = 40_000_000;
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();
    Path db;
    long ledgerBefore;

    @Test
    void aReportOfTwoLargeForwardsIsLearnedInASmallHeap() throws Exception {
        Path log = tmp.resolve("serve.log");
        int port = startServe(log);

        String reply = send(port, "trap@example.org", out -> {
            String boundary = "b0undary";
            write(out, "From: reporter@example.net\r\nTo: trap@example.org\r\nSubject: two spams\r\n"
                    + "Message-ID: <report-1@example.net>\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n"
                    + "--" + boundary + "\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n");
            for (int n = 1; n <= 2; n++) {
                write(out, "--" + boundary + "\r\nContent-Type: message/rfc822\r\n\r\n");
                bigMessage(out, "<big-" + n + "@spam.example>", ATTACHED_BYTES);
            }
            write(out, "--" + boundary + "--\r\n");
        });

        String said = Files.readString(log);
        assertThat(said).doesNotContain("OutOfMemoryError");
        assertThat(reply).as(said).startsWith("250");
        assertThat(InterruptedRuns.ledgerSize(db) - ledgerBefore).as("both forwarded messages learned").isEqualTo(2);
    }

    @Test
    void aLargeBouncedReportIsLearnedWholeInASmallHeap() throws Exception {
        Path log = tmp.resolve("serve.log");
        int port = startServe(log);

        // larger than the heap, within the next hop's size limit (100 MB)
        String reply = send(port, "trap@example.org", out -> bigMessage(out, "<bounced@spam.example>", 90_000_000));

        String said = Files.readString(log);
        assertThat(said).doesNotContain("OutOfMemoryError");
        assertThat(reply).as(said).startsWith("250");
        assertThat(InterruptedRuns.ledgerSize(db) - ledgerBefore).as("the message learned whole").isEqualTo(1);
    }

    /**
     * {@code bayard trap} on a message file of 32 MB (the command reads messages of up to 64 MB) in
     * a heap of 96 MB: the message, then a copy of it without our headers, then the copy's buffer.
     */
    @Test
    void theTrapCommandLearnsALargeMessageInASmallHeap() throws Exception {
        Path file = tmp.resolve("big.eml");
        try (OutputStream out = Files.newOutputStream(file)) {
            bigMessage(out, "<file@spam.example>", 32_500_000);
        }
        Path printed = tmp.resolve("out.txt");
        Process child = ChildJvm.bayard(List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError"), "trap", "--spam",
                        "--db", tmp.resolve("db").toString(), file.toString())
                .redirectErrorStream(true).redirectOutput(printed.toFile()).start();
        processes.add(child);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(printed);
        assertThat(child.exitValue()).as(said).isZero();
        assertThat(said).contains("1 learned");
    }

    /** A spam of about {@code bytes}, lines of text, with our own verdict headers from its delivery. */
    static void bigMessage(OutputStream out, String messageId, long bytes) throws IOException {
        write(out, "From: seller@spam.example\r\nTo: victim@example.org\r\nSubject: cheap offer\r\n"
                + "X-Spam-Flag: NO\r\nX-Spam-Score: -1.0\r\nMessage-ID: " + messageId + "\r\n\r\n");
        byte[] line = "cheap offer click here to claim the prize you won, limited time, act now, best price guaranteed\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] block = new byte[line.length * 1000];
        for (int i = 0; i < 1000; i++) System.arraycopy(line, 0, block, i * line.length, line.length);
        for (long written = 0; written < bytes; written += block.length) out.write(block);
    }

    /**
     * An mbox at {@code box} of a message of 70 MB, past the 64 MiB a message in a mailbox is read
     * to, and then a small one ({@code <small@spam.example>}), the first envelope line from {@code sender}.
     */
    static Path mboxWithAHugeMessage(Path box, String sender) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(box), 1 << 16)) {
            write(out, "From " + sender + " Tue Jan  2 10:11:12 2024\n");
            bigMessage(out, "<huge@spam.example>", 70_000_000);
            write(out, "\nFrom " + sender + " Tue Jan  2 10:11:13 2024\n"
                    + "From: seller@spam.example\nSubject: small offer\nMessage-ID: <small@spam.example>\n\ncheap pills\n");
        }
        return box;
    }

    static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }

    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Sends one message to {@code rcpt}; the reply to its end of data, or what went wrong. */
    private static String send(int port, String rcpt, Body body) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.setSoTimeout(120_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16);
            reply(in);
            for (String c : List.of("EHLO reporter.example", "MAIL FROM:<reporter@example.net>", "RCPT TO:<" + rcpt + ">", "DATA")) {
                write(out, c + "\r\n");
                out.flush();
                String r = reply(in);
                if (!r.startsWith("2") && !r.startsWith("3")) return "refused at " + c + ": " + r;
            }
            body.writeTo(out);
            write(out, ".\r\n");
            out.flush();
            return reply(in);
        } catch (IOException e) {
            return "dropped: " + e;
        }
    }

    /** Serve in a heap of 64 MB, told to exit when it runs out as the launcher tells it; its SMTP port. */
    private int startServe(Path log) throws Exception {
        sink = sinks.start();
        db = SampleStore.copy(SampleStore.trained(tmp.resolve("trained")), tmp);
        ledgerBefore = InterruptedRuns.ledgerSize(db);
        Path config = Files.writeString(tmp.resolve("bayard.yaml"),
                "smtp:\n  max-message-bytes: 268435456\n  spam-traps: [\"trap@example.org\"]\n");
        processes.add(ServeChild.command(List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"), db, tmp.resolve("q"),
                sink.address().getPort(), log, "-c", config.toString()).start());
        return ServeChild.ports(log).smtp();
    }
}
