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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trap report's messages were tokenized on the threads where every message's checks and header
 * rewrite run, one for each core: while as many large reports were tokenized as there are cores,
 * an ordinary message's end of data waited seconds for its reply, behind work unrelated to it.
 * Reports are now tokenized on threads of their own, fewer than the cores, and queue behind
 * reports only. The serve here has one carrier for its sessions and counts two cores, so that
 * three reports are more than its compute threads on any machine.
 */
class ChecksBesideTrapReportsTest {
    private static final int REPORTS = 3;
    /** Messages in each report, about a megabyte each: tokenizing one report takes a second or more on a quiet machine. */
    private static final int ATTACHED = 55;
    @TempDir Path tmp;
    /** The samples' store, learned once for the whole run (each test learned it anew), copied for each test. */
    @RegisterExtension final TrainedGates samples = new TrainedGates();
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    @RegisterExtension final Sinks sinks = new Sinks();

    /**
     * The reports' ends of data are sent, then an ordinary message's. Its reply came only once the
     * first report had been tokenized, with the first report's own; it now comes in a small part
     * of the time the first report takes (ratios, not a limit in seconds, so that a slow or
     * loaded machine does not decide it: 0.12 to 0.2 of it on a quiet machine, 0.34 once while
     * another build ran, so under a half). Every report is still learned and answered 250.
     */
    @Test
    void ordinaryMailIsAnsweredWhileTrapReportsAreTokenized() throws Exception {
        Path log = tmp.resolve("serve.log");
        int port = startServe(log);
        List<Client> reporters = new ArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(REPORTS);
        try (Client ordinary = new Client(port)) {
            for (int i = 0; i < REPORTS; i++) {
                Client reporter = new Client(port);
                reporters.add(reporter);
                reporter.envelope("reporter" + i + "@example.net", "trap@example.org");
                report(i, reporter.out);
            }
            ordinary.envelope("friend@example.net", "someone@example.org");
            ordinary.out.write(("From: friend@example.net\r\nTo: someone@example.org\r\nSubject: lunch\r\n"
                    + "Message-ID: <lunch@example.net>\r\n\r\nSee you at noon by the station.\r\n").getBytes(StandardCharsets.US_ASCII));
            long sent = System.nanoTime();
            List<CompletableFuture<Long>> answered = new ArrayList<>();
            for (Client reporter : reporters) {
                reporter.end();
                answered.add(CompletableFuture.supplyAsync(() -> reporter.replyAfter(sent), readers));
            }
            // not a condition awaited: time for the reports to reach their tokenizing before the message's checks queue
            Thread.sleep(500);
            long ended = System.nanoTime();
            ordinary.end();
            String ordinaryReply = reply(ordinary.in);
            long judged = System.nanoTime() - ended;
            long first = Long.MAX_VALUE;
            long last = 0;
            for (CompletableFuture<Long> a : answered) {
                long after = a.get(180, TimeUnit.SECONDS);
                first = Math.min(first, after);
                last = Math.max(last, after);
            }
            String said = Files.readString(log);
            assertThat(ordinaryReply).as(said).startsWith("250");
            assertThat(first).as("the first report took %d ms: too little to tell anything", first / 1_000_000)
                    .isGreaterThan(500_000_000L); // about 1 s at load 2; a floor with room for a fast, quiet machine
            assertThat(judged).as("the ordinary message answered after %d ms, the first report after %d ms",
                    judged / 1_000_000, first / 1_000_000).isLessThan(first / 2);
            // each report learned whole, as before: its decision line comes just after its reply
            ServeReloadTest.waitForLog(log, "\"decision\":\"trap ham: " + ATTACHED + " learned\"", REPORTS);
        } finally {
            readers.shutdownNow();
            for (Client r : reporters) r.close();
        }
    }

    /**
     * Reports that cannot begin within the scan timeout (here 100 ms, less than one report takes)
     * get 451 with the reason in their decision lines, and are learned when sent again: the one
     * begun is learned to its end, and none is dropped or answered 250 unlearned.
     */
    @Test
    void reportsThatCannotBeginInTimeAreDeferredAndLearnedWhenSentAgain() throws Exception {
        Path log = tmp.resolve("serve.log");
        int port = startServe(log, 100);
        List<Client> reporters = new ArrayList<>();
        List<Integer> deferred = new ArrayList<>();
        try {
            for (int i = 0; i < REPORTS; i++) {
                Client reporter = new Client(port);
                reporters.add(reporter);
                reporter.envelope("reporter" + i + "@example.net", "trap@example.org");
                report(i, reporter.out);
            }
            for (Client reporter : reporters) reporter.end();
            for (int i = 0; i < REPORTS; i++) {
                String answer = reply(reporters.get(i).in);
                assertThat(answer).as(Files.readString(log)).matches("(250|451) .*");
                if (answer.startsWith("451")) deferred.add(i);
            }
        } finally {
            for (Client r : reporters) r.close();
        }
        assertThat(deferred).as(Files.readString(log)).isNotEmpty().hasSizeLessThan(REPORTS);
        ServeReloadTest.waitForLog(log, "busy learning trap reports (", deferred.size());
        for (int i : deferred) {
            try (Client again = new Client(port)) {
                again.envelope("reporter" + i + "@example.net", "trap@example.org");
                report(i, again.out);
                again.end();
                assertThat(reply(again.in)).as(Files.readString(log)).startsWith("250");
            }
        }
        // a report put off here outlasted the 100 ms in its write (its words are many thousands), with no other process about
        assertThat(Files.readString(log)).doesNotContain("another process holds");
        // learned in the session, or put off past the 100 ms and written then: each report once
        Await.until(() -> {
            String said = Files.readString(log);
            return said.split(java.util.regex.Pattern.quote("\"decision\":\"trap ham: " + ATTACHED + " learned\""), -1).length - 1
                    + said.split("\"event\":\"write-done\",\"queue_id\":\"[^\"]*\",\"write\":\"trap ham\"", -1).length - 1
                    == REPORTS;
        });
    }

    /** One SMTP client session on its own connection. */
    private static final class Client implements AutoCloseable {
        final Socket socket = new Socket();
        final BufferedReader in;
        final OutputStream out;

        Client(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(180_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            assertThat(reply(in)).startsWith("220");
        }

        /** From EHLO to DATA's 354. */
        void envelope(String from, String to) throws IOException {
            for (String c : List.of("EHLO client.example", "MAIL FROM:<" + from + ">", "RCPT TO:<" + to + ">")) {
                assertThat(command(in, out, c)).startsWith("250");
            }
            assertThat(command(in, out, "DATA")).startsWith("354");
        }

        void end() throws IOException {
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** The reply to the end of data, which must be 250; how long after {@code sent} it came. */
        long replyAfter(long sent) {
            try {
                String answer = reply(in);
                long after = System.nanoTime() - sent;
                assertThat(answer).startsWith("250");
                return after;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Report {@code n}: {@link #ATTACHED} forwarded spams, each about a megabyte of words, which learning reads whole. */
    private static void report(int n, OutputStream out) throws IOException {
        TrapReports.write(out, "reporter" + n, "spam I got", ATTACHED, 15_000, TrapReports::offer);
    }

    /** serve with a single carrier for its virtual threads, counting two cores, and a scan timeout of a minute; its SMTP port. */
    private int startServe(Path log) throws Exception {
        return startServe(log, 60_000);
    }

    /** As {@link #startServe(Path)}, with smtp.scan-timeout-ms {@code scanTimeoutMillis}. */
    private int startServe(Path log, int scanTimeoutMillis) throws Exception {
        RecordingSink sink = sinks.start();
        Path db = samples.copy(tmp);
        Path config = Files.writeString(tmp.resolve("bayard.yaml"),
                "smtp:\n  max-message-bytes: 67108864\n  scan-timeout-ms: " + scanTimeoutMillis + "\n  ham-traps: [\"trap@example.org\"]\n");
        processes.add(ServeChild.command(List.of("-Xmx1g", "-XX:ActiveProcessorCount=2", "-Djdk.virtualThreadScheduler.parallelism=1"),
                db, tmp.resolve("q"), sink.address().getPort(), log, "-c", config.toString()).start());
        return ServeChild.ports(log).smtp();
    }
}
