package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.app.SmtpClients.command;
import static org.bayard.app.SmtpClients.reply;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a session computes while it judges a message beside the scan (a trap report's messages
 * tokenized, the policy's other checks, the unsure delay's digest, the header rewrite) ran on the
 * session's own virtual thread, which keeps its carrier while it computes: a trap report of many
 * messages took seconds, and while as many sessions did so as there are carriers, no other session
 * was greeted or answered. It now runs on platform threads of its own, the machine's scheduler
 * sharing the cores. The serve here has one carrier, so that one such session stands for all of
 * them busy.
 */
class ComputingBesideSessionsTest {
    /** Enough that tokenizing them takes a second or more even on a quiet machine (20 took 475 ms on one). */
    private static final int ATTACHED = 50;
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    @RegisterExtension final Sinks sinks = new Sinks();

    /**
     * The report's end of data is sent, then a new client connects. Its greeting came only once
     * the report's messages were tokenized, just before the report's own 250; now it comes while
     * they are, in a small part of the time the report takes (ratios, not a limit in seconds, so
     * that a slow or loaded machine does not decide it).
     */
    @Test
    void aNewClientIsGreetedWhileATrapReportIsTokenized() throws Exception {
        Path log = tmp.resolve("serve.log");
        int port = startServe(log);
        try (Socket reporter = new Socket()) {
            reporter.connect(new InetSocketAddress("127.0.0.1", port));
            reporter.setSoTimeout(120_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(reporter.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = reporter.getOutputStream();
            assertThat(reply(in)).startsWith("220");
            for (String c : List.of("EHLO reporter.example", "MAIL FROM:<reporter@example.net>", "RCPT TO:<trap@example.org>")) {
                assertThat(command(in, out, c)).startsWith("250");
            }
            assertThat(command(in, out, "DATA")).startsWith("354");
            out.write(report());
            out.flush();
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long sent = System.nanoTime();
            long greeted;
            try (Socket other = new Socket()) {
                other.connect(new InetSocketAddress("127.0.0.1", port));
                other.setSoTimeout(120_000);
                BufferedReader otherIn = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(reply(otherIn)).startsWith("220");
                greeted = System.nanoTime() - sent;
                assertThat(command(otherIn, other.getOutputStream(), "QUIT")).startsWith("221");
            }
            String answer = reply(in);
            long answered = System.nanoTime() - sent;
            assertThat(answer).as(Files.readString(log)).startsWith("250");
            assertThat(answered).as("the report took %d ms: too little to tell anything", answered / 1_000_000)
                    .isGreaterThan(500_000_000L);
            assertThat(greeted).as("greeted after %d ms, the report answered after %d ms", greeted / 1_000_000, answered / 1_000_000)
                    .isLessThan(answered / 3);
        }
    }

    /** A report of {@link #ATTACHED} forwarded spams, each about a megabyte of words, which learning reads whole. */
    private static byte[] report() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TrapReports.write(b, "reporter", "spam I got", ATTACHED, 15_000, TrapReports::offer);
        return b.toByteArray();
    }

    /** serve with a single carrier for its virtual threads; returns its SMTP port. */
    private int startServe(Path log) throws Exception {
        RecordingSink sink = sinks.start();
        Path db = SampleStore.copy(SampleStore.trained(tmp.resolve("trained")), tmp);
        Path config = Files.writeString(tmp.resolve("bayard.yaml"),
                "smtp:\n  max-message-bytes: 67108864\n  scan-timeout-ms: 60000\n  ham-traps: [\"trap@example.org\"]\n");
        processes.add(ServeChild.command(List.of("-Xmx1g", "-Djdk.virtualThreadScheduler.parallelism=1"), db, tmp.resolve("q"),
                sink.address().getPort(), log, "-c", config.toString()).start());
        return ServeChild.ports(log).smtp();
    }
}
