package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bayard.app.config.StopTimeout;
import org.bayard.http.Passwords;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bayard serve}'s stop as a postmaster reads it in the service's log (a child JVM, real
 * signals): a start line had no stop line beside it, so a clean stop looked like a crash or a
 * kill -9, and what a stop cut short (a release left in doubt) was said nowhere. A test that waits
 * for a drain or the cut-off of a slow client at the stop to run out stops within a
 * smtp.stop-timeout-seconds shorter than the default minute (its waits are shares of it, and what
 * the stop does is the same); the others run on the default.
 */
class ServeStopTest {
    private static final String PASSPHRASE = "a long passphrase";
    @TempDir Path tmp;
    Process serve;
    RecordingSink sink;
    /** The log of the serve {@link #startTrainedServe} or {@link #startHeldInItsStart} started. */
    Path log;
    @RegisterExtension final Sinks sinks = new Sinks();
    /**
     * Copies of the samples' store, learned once for the run; not its gate: serve runs as a
     * child JVM, for its signals.
     */
    @RegisterExtension final TrainedGates gates = new TrainedGates();

    @AfterEach
    void stop() throws Exception {
        ChildJvm.kill(serve);
    }

    /** SIGTERM and SIGINT on an idle serve: a line when the stop begins, naming the signal, and one when it is over. */
    @Test
    void aStopSaysWhichSignalBeganItAndThatItEndedCleanly() throws Exception {
        sink = sinks.start();
        for (var signal : List.of(List.of("TERM", "143"), List.of("INT", "130"))) {
            Path run = Files.createDirectory(tmp.resolve(signal.get(0)));
            Path db = gates.copy(run);
            Path log = run.resolve("serve.log");
            startServe(config(""), db, log);
            kill(signal.get(0));
            assertThat(serve.waitFor(45, TimeUnit.SECONDS)).isTrue();
            assertThat(serve.exitValue()).isEqualTo(Integer.parseInt(signal.get(1)));
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).as(String.join("\n", lines))
                    .contains("bayard serve: stopping on SIG" + signal.get(0) + "; nothing under way")
                    .last().isEqualTo("bayard serve: stopped cleanly");
            assertThat(String.join("\n", lines)).doesNotContain("Exception");
        }
    }

    /**
     * A client half-way through its message when the stop begins, which never finishes it: the
     * stop line counts it, and the last line says it was cut off (its client got no reply and
     * keeps the message), not that the stop was clean.
     */
    @Test
    void aSessionCutOffWithItsMessageInHandIsSaid() throws Exception {
        int[] ports = startTrainedServe(StopTimeout.MIN_SECONDS); // the drain (3 s) runs out before the command timeout (300 s)
        try (Socket smtp = new Socket("127.0.0.1", ports[0])) {
            MessageInHand.begin(smtp, "Subject: half\r\n\r\nthe first line, and no end\r\n");
            kill("TERM");
            assertThat(serve.waitFor(45, TimeUnit.SECONDS)).isTrue();
        }
        String said = Files.readString(log);
        assertThat(said).contains("bayard serve: stopping on SIGTERM; under way: 1 SMTP session with a message in hand");
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.getLast()).as(said).startsWith("bayard serve: stopped, leaving: 1 SMTP session cut off with its message"
                + " in hand");
        assertThat(sink.delivered).isEmpty();
    }

    /**
     * A moderator's release whose final dot the next hop has not answered when the HTTP side's
     * drain runs out: the stop line names it when the stop begins, and the last line names the item
     * left in doubt and its next hop, so that the postmaster knows which message to look up in
     * which log.
     */
    @Test
    void aReleaseLeftInDoubtByTheStopIsNamedWithItsNextHop() throws Exception {
        int[] ports = startTrainedServe(9); // a longer drain of 6 s, and 3 s after it for the release's note
        String id = holdSpam(ports[0]);
        Path quarantine = tmp.resolve("q");
        sink.endDelayMillis = 60_000; // past the stop's drain
        var release = release(ports[1], id);
        Await.until(() -> sink.dots.get() == 1);
        kill("TERM");
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // the moderator is told, not left with a closed connection: the item stays held, and may have been delivered
        HttpResponse<String> answer = release.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(502);
        assertThat(answer.body()).contains("the message stays held", "the next hop may have taken it", "--force");
        String said = Files.readString(log);
        String hop = "127.0.0.1:" + sink.address().getPort();
        assertThat(said).contains("bayard serve: stopping on SIGTERM; under way: 1 release (" + id + " to " + hop
                + ", awaiting the next hop's answer to the message's end)");
        assertThat(lastLine()).as(said).isEqualTo("bayard serve: stopped, leaving: the release of " + id
                + " to " + hop + " cut off after the end of the message was sent and before the next hop's answer, so the next hop"
                + " may have delivered it: look for it in the next hop's log; it stays held, marked as such"
                + " (bayard quarantine release --force " + id + " delivers it again, discard removes it)");
        assertThat(quarantine.resolve(id + ".sending")).exists();
    }

    /**
     * A release that has sent the message's end and waits 9 s for the next hop's answer when the
     * stop (of 18 s) begins: past the 6 s the other requests get, it is cut off only after 12 s, as its
     * message may already be delivered and cutting it off leaves it in doubt. It finishes: delivered
     * once, the item gone, and the stop ends cleanly.
     */
    @Test
    void aReleaseAwaitingTheNextHopsAnswerGetsLongerThanTheDrain() throws Exception {
        int[] ports = startTrainedServe(18);
        String id = holdSpam(ports[0]);
        Path quarantine = tmp.resolve("q");
        sink.endDelayMillis = 9_000;
        var release = release(ports[1], id);
        Await.until(() -> sink.dots.get() == 1);
        kill("TERM");
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        release.handle((r, e) -> null).get(10, TimeUnit.SECONDS);
        assertStoppedCleanly();
        assertThat(quarantine.resolve(id + ".sending")).doesNotExist();
        assertThat(quarantine.resolve(id + ".eml")).doesNotExist();
        assertThat(sink.delivered).hasSize(1);
    }

    /**
     * A moderator's release under way when the stop begins, which finishes within the drain, is
     * answered: the stop closed its connection at once, so the release went on and delivered the
     * message, and the moderator got only a closed connection and could not tell whether it went.
     */
    @Test
    void aReleaseUnderWayWhenTheStopBeginsIsAnswered() throws Exception {
        int[] ports = startTrainedServe();
        String id = holdSpam(ports[0]);
        sink.endDelayMillis = 3000; // well within the drain
        var release = release(ports[1], id, Duration.ofSeconds(40));
        Await.until(() -> sink.dots.get() == 1);
        kill("TERM");
        HttpResponse<String> answer = release.get(45, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(serve.waitFor(45, TimeUnit.SECONDS)).isTrue();
        assertStoppedCleanly();
        assertThat(sink.delivered).hasSize(1);
        assertThat(tmp.resolve("q").resolve(id + ".eml")).doesNotExist();
    }

    /**
     * A request sent during the stop on a keep-alive connection opened before it (rspamc's, a
     * proxy's), while a release keeps the drain open: it got a closed connection, which a client
     * cannot tell from a crash; now {@code 503} with {@code Retry-After}, and the release is answered.
     */
    @Test
    void aRequestOnAnOpenConnectionDuringTheStopGets503() throws Exception {
        int[] ports = startTrainedServe();
        String id = holdSpam(ports[0]);
        try (Socket keptOpen = new Socket("127.0.0.1", ports[1])) {
            keptOpen.setSoTimeout(30_000);
            Answer before = Answer.health(keptOpen);
            assertThat(before.status()).isEqualTo(200);
            assertThat(before.head()).doesNotContainIgnoringCase("Connection: close");
            sink.endDelayMillis = 5000; // keeps the drain open past the request below, well within its 20 s
            var release = release(ports[1], id, Duration.ofSeconds(40));
            Await.until(() -> sink.dots.get() == 1);
            kill("TERM");
            Await.until(() -> refused(ports[1])); // the HTTP side's drain has begun
            Answer during = Answer.health(keptOpen);
            assertThat(during.status()).as(during.head()).isEqualTo(503);
            assertThat(during.head()).containsIgnoringCase("Connection: close").containsIgnoringCase("Retry-After: 1");
            assertThat(during.body()).isEqualTo("{\"error\":\"the server is stopping; send the request again\"}");
            assertThat(keptOpen.getInputStream().read()).isEqualTo(-1);
            HttpResponse<String> answer = release.get(45, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
        assertThat(serve.waitFor(45, TimeUnit.SECONDS)).isTrue();
        assertStoppedCleanly();
        assertThat(sink.delivered).hasSize(1);
    }

    /**
     * A check whose body still arrives, a byte a second, when the stop begins: it held the HTTP
     * side's drain for its whole 20 s (of the default minute), and then was cut off with no answer.
     * Now it gets a twelfth of the stop (here 3 s of 36) to arrive, then {@code 503}, and the stop
     * goes on, ends before the drain (12 s) would have, and is clean.
     */
    @Test
    void aSlowBodyAtTheStopGets503AndDoesNotHoldTheStop() throws Exception {
        int[] ports = startTrainedServe(36);
        try (Socket slow = new Socket("127.0.0.1", ports[1])) {
            slow.setSoTimeout(40_000); // past the whole stop: a serve that never answers fails the test
            OutputStream out = slow.getOutputStream();
            // "100 Continue" goes out at the check's first read of the body: the request is under way
            out.write(("POST /checkv2 HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + basic() + "\r\nContent-Length: 10000\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Answer invited = Answer.read(slow);
            assertThat(invited.status()).as(invited.head()).isEqualTo(100);
            out.write("Subject: slow\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 60; i++) { // never a stall (10 s), never the whole body
                        Thread.sleep(1000);
                        out.write('x');
                        out.flush();
                    }
                } catch (java.io.IOException | InterruptedException e) {
                    // the server closed the connection: the trickle is over
                }
            });
            try {
                long t0 = System.nanoTime();
                kill("TERM");
                Answer cut = Answer.read(slow);
                assertThat(cut.status()).as(cut.head()).isEqualTo(503);
                assertThat(cut.head()).containsIgnoringCase("Connection: close").containsIgnoringCase("Retry-After: 1");
                assertThat(cut.body()).contains("the server is stopping and the request body did not arrive within 3 s");
                assertThat(serve.waitFor(45, TimeUnit.SECONDS)).isTrue();
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertThat(millis).as("the stop took less than the drain it was held for").isLessThan(11_500);
            } finally {
                trickle.interrupt();
            }
        }
        String said = Files.readString(log);
        assertThat(said).contains("bayard serve: stopping on SIGTERM; under way: 1 other HTTP request");
        assertStoppedCleanly();
    }

    /**
     * A download whose client stopped reading (its receive window full: a raw held message of
     * 6 MB, of which it read the status line) held the stop for the whole drain (20 s of the
     * default minute), and the stop line then said its client got no answer. Now its answer is cut
     * part-way once the client has read none of it for a twelfth of the stop (here 3 s of 36, the
     * drain 12 s), and the stop line says so; the answer's log line keeps its 200.
     */
    @Test
    void aDownloadWhoseClientStoppedReadingIsCutPartWayAndTheStopLineSaysSo() throws Exception {
        int[] ports = startTrainedServe(36);
        String spam = GateFaultsTest.message("spam-1.eml", System.nanoTime());
        String line = "Cheap pills here, order now and save on every order you place today at our shop.\r\n";
        String id = hold(ports[0], spam + line.repeat((6 << 20) / line.length()));
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(1024); // before connecting: the window it offers stays tiny
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", ports[1]));
            stalled.setSoTimeout(30_000);
            stalled.getOutputStream().write(("GET /api/quarantine/" + id + "/raw HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + basic()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder status = new StringBuilder();
            for (int c; (c = stalled.getInputStream().read()) != '\n'; ) status.append((char) c);
            assertThat(status.toString()).startsWith("HTTP/1.1 200"); // the answer has begun; the client reads no more
            long t0 = System.nanoTime();
            kill("TERM");
            assertThat(serve.waitFor(45, TimeUnit.SECONDS)).isTrue();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(millis).as("the stop took less than the drain it was held for").isLessThan(11_500);
        }
        assertThat(lastLine()).as(Files.readString(log)).isEqualTo("bayard serve: stopped, leaving: 1 HTTP answer cut part-way as its"
                + " client read none of it for 3 s during the drain");
        // the download's own line: the 200 it was sent with, cut by the stop, not a server error
        assertThat(Files.readString(log)).contains("\"path\":\"/api/quarantine/" + id + "/raw\",\"status\":200,\"cut\":\"part-way by"
                + " the stop, as its client read none of it for 3 s during the drain\"").doesNotContain("\"status\":500");
    }

    /** Whether a new connection to {@code port} is refused: the server no longer listens. */
    private static boolean refused(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /** An HTTP answer as it came: the head's lines and a body of its Content-Length. */
    private record Answer(int status, String head, String body) {
        static Answer read(Socket s) throws java.io.IOException {
            java.io.InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) throw new java.io.IOException("connection closed before an answer; got: " + head);
                head.append((char) c);
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            String body = length.find() ? new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8) : "";
            return new Answer(Integer.parseInt(head.substring(9, 12)), head.toString(), body);
        }

        /** Asks for {@code /health} on the open connection {@code s} and reads the answer. */
        static Answer health(Socket s) throws java.io.IOException {
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return read(s);
        }
    }

    /**
     * The SMTP side stops taking mail when the stop begins, as the README says, not once the HTTP
     * side's drain is over: with a moderator's release waiting for its next hop, the gate went on
     * accepting new sessions (and their messages, which the stop then had to wait for) for up to 20 s.
     */
    @Test
    void theGateStopsTakingMailAtOnceThoughAReleaseIsUnderWay() throws Exception {
        int[] ports = startTrainedServe();
        String id = holdSpam(ports[0]);
        sink.endDelayMillis = 5000;
        var release = release(ports[1], id);
        Await.until(() -> sink.dots.get() == 1);
        kill("TERM");
        ServeReloadTest.waitForLog(log, "stopping on SIGTERM", 1);
        // the SMTP side stops listening while the release still waits 5 s for the next hop's answer
        Await.until(() -> refused(ports[0]));
        assertThat(release.isDone()).as("the release's answer came before the SMTP side stopped listening").isFalse();
        assertThat(serve.isAlive()).as("still waiting for the release").isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Socket("127.0.0.1", ports[0]).close())
                .isInstanceOf(java.net.ConnectException.class);
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        release.handle((r, e) -> null).get(10, TimeUnit.SECONDS);
        assertStoppedCleanly();
        assertThat(sink.delivered).hasSize(1);
    }

    /**
     * A release still sending a large message to a slow next hop when the drain runs out: cut off
     * before the message's end, so the next hop delivers nothing of it, and the item stays held
     * without the note of one that may have been delivered, as the last line says.
     */
    @Test
    void aReleaseCutOffBeforeTheMessagesEndStaysHeldAndIsNotInDoubt() throws Exception {
        int[] ports = startTrainedServe(12); // a drain of 4 s
        StringBuilder large = new StringBuilder(GateFaultsTest.message("spam-1.eml", System.nanoTime()));
        String line = "x".repeat(998) + "\r\n";
        while (large.length() < 9_000_000) large.append(line);
        String id = hold(ports[0], large.toString());
        Path quarantine = tmp.resolve("q");
        sink.readBytesPerSecond = 10_000; // far from the whole message within the drain
        var release = release(ports[1], id);
        Await.until(() -> sink.dataBytes.get() > 0);
        kill("TERM");
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        release.handle((r, e) -> null).get(10, TimeUnit.SECONDS);
        String said = Files.readString(log);
        String hop = "127.0.0.1:" + sink.address().getPort();
        assertThat(said).contains("under way: 1 release (" + id + " to " + hop + ", sending the message)");
        assertThat(lastLine()).as(said).isEqualTo("bayard serve: stopped, leaving: the release of " + id
                + " to " + hop + ", not finished, so not delivered: it stays held, to be released again");
        assertThat(quarantine.resolve(id + ".sending")).doesNotExist();
        assertThat(quarantine.resolve(id + ".eml")).exists();
        assertThat(sink.dots.get()).isZero();
        assertThat(sink.delivered).isEmpty();
    }

    /**
     * While a stop waits for a client's message, SIGHUP (a service manager's reload) and a second
     * SIGTERM each get one line and change nothing: no reload of a gate being closed (it used to
     * apply), no stop cut short; the client's message is still taken, and the stop ends cleanly.
     */
    @Test
    void aSighupAndASecondSigtermWhileStoppingChangeNothing() throws Exception {
        int[] ports = startTrainedServe();
        try (Socket smtp = new Socket("127.0.0.1", ports[0])) {
            MessageInHand session = MessageInHand.begin(smtp, "Subject: during the stop\r\n\r\nsent while serve stops\r\n");
            kill("TERM");
            ServeReloadTest.waitForLog(log, "stopping on SIGTERM", 1);
            kill("HUP");
            ServeReloadTest.waitForLog(log, "bayard serve: SIGHUP while stopping: not reloaded; the stop goes on", 1);
            kill("TERM");
            ServeReloadTest.waitForLog(log, "bayard serve: SIGTERM while stopping: the stop goes on; under way: 1 SMTP session"
                    + " with a message in hand", 1);
            assertThat(serve.isAlive()).isTrue();
            assertThat(session.end()).startsWith("250");
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(serve.exitValue()).isEqualTo(143);
        String said = Files.readString(log);
        assertThat(said).doesNotContain(" reloaded (SIGHUP)").doesNotContain("Exception").contains("\"reply\":\"250 ");
        assertStoppedCleanly();
    }

    /**
     * SIGTERM while serve is still starting (here held reading its configuration, as a long check
     * of a large store holds it): the start ends at once, with one line, before anything takes mail.
     */
    @Test
    void aSigtermDuringTheStartEndsItWithALine() throws Exception {
        Path fifo = startHeldInItsStart();
        try (OutputStream writer = openWriter(fifo)) {
            kill("TERM");
            assertThat(serve.waitFor(15, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(serve.exitValue()).isEqualTo(143);
        assertThat(Files.readAllLines(log)).as(Files.readString(log))
                .containsExactly("bayard serve: stopped on SIGTERM before it listened: no mail taken");
    }

    /**
     * SIGHUP while serve is still starting (held reading its configuration): one line, and the
     * start goes on (the JVM's own answer was to exit, so a reload during the start stopped serve).
     */
    @Test
    void aSighupDuringTheStartIsSaidAndTheStartGoesOn() throws Exception {
        Path fifo = startHeldInItsStart();
        try (OutputStream writer = openWriter(fifo)) {
            kill("HUP");
            ServeReloadTest.waitForLog(log, "bayard serve: SIGHUP during the start: not reloaded", 1);
            writer.write("policy:\n  reject-score: 10\n".getBytes(StandardCharsets.UTF_8));
        }
        // the start has read it to its end once it lets go of it; a writer opened before that would add to the same read
        Await.until(() -> !holds(serve.pid(), fifo));
        try (OutputStream again = openWriter(fifo)) { // the reload watcher's first read of the file
            again.write("policy:\n  reject-score: 10\n".getBytes(StandardCharsets.UTF_8));
        }
        ServeChild.ports(log);
        assertThat(serve.isAlive()).isTrue();
        kill("TERM");
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertStoppedCleanly();
    }

    /** Whether process {@code pid} has {@code file} open. */
    private static boolean holds(long pid, Path file) throws java.io.IOException {
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (java.io.IOException e) {
                    return false; // closed meanwhile
                }
            });
        }
    }

    /** Starts serve on a copy of the trained store with the default configuration; returns {SMTP port, HTTP port}. */
    private int[] startTrainedServe() throws Exception {
        return startTrainedServe(StopTimeout.DEFAULT_SECONDS);
    }

    /** As {@link #startTrainedServe()}, the stop taking {@code stopSeconds} at most (smtp.stop-timeout-seconds). */
    private int[] startTrainedServe(int stopSeconds) throws Exception {
        sink = sinks.start();
        Path db = gates.copy(tmp);
        log = tmp.resolve("serve.log");
        return startServe(config("smtp:\n  stop-timeout-seconds: " + stopSeconds + "\n"), db, log);
    }

    /** Sends a spam that the gate holds and returns its quarantine id. */
    private String holdSpam(int smtpPort) throws Exception {
        return hold(smtpPort, GateFaultsTest.message("spam-1.eml", System.nanoTime()));
    }

    /** Sends {@code message}, which the gate holds, and returns its quarantine id (the only one held). */
    private String hold(int smtpPort, String message) throws Exception {
        assertThat(GateFaultsTest.send(smtpPort, message, "s" + System.nanoTime() + "@example.net")).isEqualTo(250); // held
        try (var held = Files.list(tmp.resolve("q"))) {
            return held.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".eml")).findFirst().orElseThrow().replace(".eml", "");
        }
    }

    /** A moderator's release of {@code id}, sent without waiting for its answer. */
    private CompletableFuture<HttpResponse<String>> release(int httpPort, String id) {
        return send(releaseRequest(httpPort, id));
    }

    /** As {@link #release(int, String)}, the client giving up after {@code timeout}. */
    private CompletableFuture<HttpResponse<String>> release(int httpPort, String id, Duration timeout) {
        return send(releaseRequest(httpPort, id).timeout(timeout));
    }

    private static HttpRequest.Builder releaseRequest(int httpPort, String id) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/quarantine/" + id + "/release"))
                .header("Authorization", "Basic " + basic()).POST(HttpRequest.BodyPublishers.noBody());
    }

    private static CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request) {
        return HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The log's last line: what the stop left, or that it was clean. */
    private String lastLine() throws Exception {
        return Files.readAllLines(log).getLast();
    }

    private void assertStoppedCleanly() throws Exception {
        assertThat(lastLine()).as(Files.readString(log)).isEqualTo("bayard serve: stopped cleanly");
    }

    /** An SMTP session whose client has sent part of a message and not its end. */
    record MessageInHand(BufferedReader in, OutputStream out) {
        /** Takes {@code smtp} through a session to DATA and sends {@code start}, the message's first lines. */
        static MessageInHand begin(Socket smtp, String start) throws Exception {
            smtp.setSoTimeout(90_000); // a serve that never answers fails the test, not hangs it; past the 30 s drain
            BufferedReader in = new BufferedReader(new InputStreamReader(smtp.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = smtp.getOutputStream();
            assertThat(in.readLine()).startsWith("220");
            for (String command : List.of("HELO client.test", "MAIL FROM:<a@example.org>", "RCPT TO:<b@example.test>", "DATA")) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(in.readLine()).startsWith(command.equals("DATA") ? "354" : "250");
            }
            out.write(start.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new MessageInHand(in, out);
        }

        /** Sends the message's end and returns the server's reply to it. */
        String end() throws Exception {
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return in.readLine();
        }
    }

    /** Starts serve (its sink, a copy of the trained store) reading its configuration from a fifo, which it returns. */
    private Path startHeldInItsStart() throws Exception {
        sink = sinks.start();
        Path db = gates.copy(tmp);
        log = tmp.resolve("serve.log");
        Path fifo = fifo();
        startHeldInItsStart(fifo, db, log);
        return fifo;
    }

    private Path fifo() throws Exception {
        Path fifo = tmp.resolve("bayard.yaml.fifo");
        assertThat(Commands.run("mkfifo", fifo.toString()).exit()).isZero();
        return fifo;
    }

    /** Starts serve with {@code fifo} as its configuration file: it waits in its start, reading it. */
    private void startHeldInItsStart(Path fifo, Path db, Path log) throws Exception {
        ProcessBuilder pb = ServeChild.command(List.of("-Xmx256m"), db, tmp.resolve("q"), sink.address().getPort(), log,
                "-c", fifo.toString());
        pb.command().add(0, "--default-signal=TERM,INT,HUP");
        pb.command().add(0, "env");
        serve = pb.start();
    }

    /** Opens {@code fifo} for writing, which returns once serve opened it to read its configuration. */
    private static OutputStream openWriter(Path fifo) throws Exception {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return (OutputStream) new java.io.FileOutputStream(fifo.toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(60, TimeUnit.SECONDS);
    }

    private Path config(String more) throws Exception {
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, "policy:\n  reject-score: 100\n  hold-score: 5\n" + more + "http:\n  listen: \"127.0.0.1:0\"\n"
                + "  users:\n    - name: mod\n      role: admin\n      password-hash: \""
                + Passwords.hash(PASSPHRASE.toCharArray(), 10_000) + "\"\n");
        return config;
    }

    private void kill(String signal) throws Exception {
        assertThat(Commands.run("kill", "-" + signal, String.valueOf(serve.pid())).exit()).isZero();
    }

    private static String basic() {
        return Base64.getEncoder().encodeToString(("mod:" + PASSPHRASE).getBytes(StandardCharsets.UTF_8));
    }

    /** Starts serve and returns {SMTP port, HTTP port} from its log. */
    private int[] startServe(Path config, Path db, Path log) throws Exception {
        ProcessBuilder pb = ServeChild.command(List.of("-Xmx256m"), db, tmp.resolve("q"), sink.address().getPort(), log,
                "-c", config.toString());
        pb.command().add(0, "--default-signal=TERM,INT"); // as a service manager or a terminal leaves them
        pb.command().add(0, "env");
        serve = pb.start();
        ServeChild.Ports ports = ServeChild.ports(log);
        return new int[] {ports.smtp(), ports.http()};
    }
}
