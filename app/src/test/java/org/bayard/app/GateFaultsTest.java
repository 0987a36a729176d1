package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bayard.app.gate.GateService;
import org.bayard.smtp.SmtpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.bayard.net.testing.FreePorts;

/**
 * The ledger invariant of RELIABILITY.md under faults, with smtp-sink (Postfix) as the next hop:
 * every message that got 250 is at the sink or in the quarantine; nothing that got 5xx is in
 * either. F1: {@code bayard serve} in a child JVM killed with SIGKILL under load, ten times.
 * F2: each next-hop fault smtp-sink can play. F3: a quarantine that cannot be written.
 */
class GateFaultsTest {
    static final Pattern LEDGER_ID = Pattern.compile("<ledger-(\\d+)@bayard\\.test>");
    static final String[] TEMPLATES = {"ham-2.eml", "ham-1.eml", "spam-1.eml", "ham-3.eml"};

    @TempDir Path tmp;
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    final List<Process> processes = new ArrayList<>();
    /** The parts of the gate {@link #gates} runs, which closes it before {@link #stop} kills the processes. */
    GateService gate;
    Engine engine;

    @AfterEach
    void stop() {
        for (Process p : processes) {
            try {
                Commands.kill(p); // with its descendants: a serve under strace outlives its strace killed alone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    Path copyDb() throws IOException {
        return gates.copy(tmp);
    }

    /** smtp-sink on a free port dumping into {@code dump}; extra flags play faults (see {@link SmtpSink#start}). */
    int smtpSink(Path dump, String... flags) throws Exception {
        return SmtpSink.start(tmp, dump, processes, flags);
    }

    static String message(String template, long n) throws IOException {
        String m = Files.readString(Path.of("../samples/held-out", template), StandardCharsets.ISO_8859_1)
                .replace("\r\n", "\n").replace("\n", "\r\n");
        m = m.replaceFirst("(?im)^Message-ID:[^\r]*\r\n", "");
        m = "Message-ID: <ledger-" + n + "@bayard.test>\r\n" + m;
        if (!m.endsWith("\r\n")) m += "\r\n";
        return m.replace("\r\n.", "\r\n..");
    }

    /** One transaction; the final reply's code, or 0 when there was none (connection lost). */
    static int send(int port, String message) {
        return send(port, message, "ledger@example.org");
    }

    static int send(int port, String message, String from) {
        try (SmtpClient c = new SmtpClient(port)) {
            String greeting = c.reply();
            if (greeting == null || !greeting.startsWith("220")) return 0;
            if (c.send("EHLO ledger.test\r\n") == null) return 0;
            String r = c.send("MAIL FROM:<" + from + ">\r\n");
            if (r == null || !r.startsWith("250")) return r == null ? 0 : code(r);
            r = c.send("RCPT TO:<list@example.test>\r\n");
            if (r == null || !r.startsWith("250")) return r == null ? 0 : code(r);
            r = c.send("DATA\r\n");
            if (r == null || !r.startsWith("354")) return r == null ? 0 : code(r);
            r = c.send(message + ".\r\n");
            return r == null ? 0 : code(r);
        } catch (IOException e) {
            return 0;
        }
    }

    static int code(String reply) {
        String lastLine = reply.substring(reply.lastIndexOf('\n') + 1);
        return Integer.parseInt(lastLine.substring(0, 3));
    }

    /** The ledger ids found in every file of these directories (sink dumps, quarantine items). */
    static Map<Long, Integer> idsIn(Path... dirs) throws IOException {
        Map<Long, Integer> found = new java.util.HashMap<>();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                for (Path f : s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".json")).toList()) {
                    String content;
                    try {
                        content = Files.readString(f, StandardCharsets.ISO_8859_1);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // smtp-sink deletes the dump of a transaction aborted before its final dot (our
                        // relay was killed mid-message): not delivered, and gone between list and read.
                        continue;
                    }
                    Matcher m = LEDGER_ID.matcher(content);
                    Set<Long> inFile = new HashSet<>();
                    while (m.find()) inFile.add(Long.parseLong(m.group(1)));
                    for (Long id : inFile) found.merge(id, 1, Integer::sum);
                }
            }
        }
        return found;
    }

    static void assertLedger(Map<Long, Integer> replies, Map<Long, Integer> delivered, Map<Long, Integer> held) {
        for (Map.Entry<Long, Integer> e : replies.entrySet()) {
            long id = e.getKey();
            int code = e.getValue();
            boolean somewhere = delivered.containsKey(id) || held.containsKey(id);
            if (code == 250) assertThat(somewhere).as("message %d got 250 but is neither at the sink nor held", id).isTrue();
            if (code >= 500) assertThat(somewhere).as("message %d got %d but was delivered or held", id, code).isFalse();
        }
    }

    // ---- F1 -------------------------------------------------------------------------------

    Process serve(Path db, Path q, int sinkPort, Path log) throws Exception {
        return ServeProcess.start(ServeProcess.command(List.of(), db, q, sinkPort), log, processes);
    }

    /**
     * Waits up to 60 s for the child's next "listening" line: a JVM starting under a load of 12
     * on the shared 2-core machine once took longer than the 15 s this used to allow.
     */
    static int listeningPort(Path log, int after) throws Exception {
        Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
        for (int i = 0; i < 1200; i++) {
            if (Files.exists(log)) {
                Matcher m = listening.matcher(Files.readString(log));
                int found = -1;
                int count = 0;
                while (m.find()) {
                    count++;
                    found = Integer.parseInt(m.group(1));
                }
                if (count > after) return found;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("bayard serve did not start: " + Files.readString(log));
    }

    private static void assertRecovered(Path q) throws IOException {
        try (Stream<Path> leftovers = Files.list(q.resolve("tmp"))) {
            assertThat(leftovers.toList()).as("leftovers in the spool's tmp/ after a restart").isEmpty();
        }
        try (Stream<Path> files = Files.list(q)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                assertThat(f.resolveSibling(f.getFileName().toString().replaceFirst("\\.json$", ".eml"))).as("message of %s", f).exists();
            }
        }
    }

    private static long accepted(Map<Long, Integer> replies) {
        return replies.values().stream().filter(c -> c == 250).count();
    }

    /** Waits until {@code wanted} messages in all got 250; a minute without is a failure. */
    private static void awaitAccepted(Map<Long, Integer> replies, long wanted, int cycle) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (accepted(replies) < wanted) {
            if (System.nanoTime() > deadline) throw new AssertionError("cycle " + cycle + ": no message got 250 in a minute");
            Thread.sleep(20);
        }
    }

    @Test
    void killNineUnderLoadNeverLosesAMessageThatGot250() throws Exception {
        Path db = copyDb();
        Path q = tmp.resolve("q");
        Path dump = tmp.resolve("sink");
        int sinkPort = smtpSink(dump);
        Path log = tmp.resolve("serve.log");
        Map<Long, Integer> replies = new ConcurrentHashMap<>();
        AtomicLong ids = new AtomicLong();
        int cycles = 10;
        long restartMillis = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            long t0 = System.nanoTime();
            Process serve = serve(db, q, sinkPort, log);
            int port = listeningPort(log, cycle);
            restartMillis = Math.max(restartMillis, (System.nanoTime() - t0) / 1_000_000);
            // what the last kill left half-written is gone before the first client: tmp/ is empty
            // and every sidecar has its message, so no leftover can pass for a held item
            if (cycle > 0) assertRecovered(q);
            long acceptedBefore = accepted(replies);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    while (running.get()) {
                        long n = ids.incrementAndGet();
                        try {
                            // a sender per message, so the blocklist (fed by each rejection) refuses none of them
                            int code = send(port, message(TEMPLATES[(int) (n % TEMPLATES.length)], n), "ledger-" + n + "@example.org");
                            replies.put(n, code);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }));
            }
            // Kill only once this cycle has taken mail: on a loaded machine the first message
            // after a start can take seconds, and a kill before it would test nothing.
            awaitAccepted(replies, acceptedBefore + 1, cycle);
            Thread.sleep(100 + ThreadLocalRandom.current().nextInt(600));
            serve.destroyForcibly(); // SIGKILL, with the clients mid-transaction
            running.set(false);
            assertThat(serve.waitFor(10, TimeUnit.SECONDS)).isTrue();
            for (Thread t : clients) t.join();
            assertLedger(replies, idsIn(dump), idsIn(q));
        }
        long ok = accepted(replies);
        long refused = replies.values().stream().filter(c -> c >= 500).count();
        long other = replies.size() - ok - refused;
        Map<Long, Integer> delivered = idsIn(dump);
        long duplicates = delivered.values().stream().filter(n -> n > 1).count();
        System.out.printf("F1: %d cycles, %d messages: %d got 250, %d got 5xx, %d got 4xx or nothing; %d duplicates at the sink; "
                + "slowest start %d ms%n", cycles, replies.size(), ok, refused, other, duplicates, restartMillis);
        assertThat(ok).as("mail got through in every cycle").isGreaterThanOrEqualTo(cycles);
        assertThat(refused).as("some spam was refused").isPositive();
        // each id is sent once; a duplicate could only come from a retry, and there are none
        assertThat(duplicates).isZero();
    }

    // ---- F2 and F3: the gate in this JVM --------------------------------------------------

    void startGate(int nextHopPort, Path q) throws IOException {
        TestGate started = gates.start("", "  next-hop-timeout-seconds: 1\n", copyDb(), q, nextHopPort,
                java.io.OutputStream.nullOutputStream());
        engine = started.engine();
        gate = started.gate();
    }

    /**
     * A slow next hop answers DATA and the final dot each within our next-hop timeout (5 s here),
     * but the two waits add up past it. Postfix in front waits smtpd_proxy_timeout for our reply
     * to the dot, as one wait: a reply that comes later than the timeout we promised to stay under
     * (60 s below its 100 s) found Postfix gone, its client told 451 and sending again, while the
     * next hop had the message. The whole end of data now keeps to the timeout: 451 in time. A
     * next hop slow at one step only still gets its 250.
     */
    @ParameterizedTest(name = "smtp-sink {0}")
    @CsvSource(delimiter = '|', value = {
            "-w 4 -W .:4 | 451",
            "-W .:3      | 250",
    })
    void theEndOfDataWaitsForTheNextHopNoLongerThanItsTimeoutInAll(String flags, int expected) throws Exception {
        int port = smtpSink(tmp.resolve("sink"), flags.trim().split(" +"));
        TestGate started = gates.start("", "  next-hop-timeout-seconds: 5\n", copyDb(), tmp.resolve("q"), port,
                java.io.OutputStream.nullOutputStream());
        engine = started.engine();
        gate = started.gate();
        try (SmtpClient c = new SmtpClient(gate.port())) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.send("EHLO ledger.test\r\n")).startsWith("250");
            assertThat(c.send("MAIL FROM:<slow@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            long t0 = System.nanoTime();
            String reply = c.send(message("ham-2.eml", 1) + ".\r\n");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(code(reply)).as("reply after %d ms", ms).isEqualTo(expected);
            // 5 s for the next hop, and the scan's own time on top (a cold engine's first message).
            // Each wait is 1 s or more under the timeout and the two add up to 8 s, so there is
            // room both ways: 1.5 s for the scan and a loaded machine, and a gate that lets the
            // waits add up still answers 1.5 s after the bound.
            assertThat(ms).as("the reply to the dot, next hop %s", flags).isLessThan(5_000 + 1_500);
        }
    }

    @ParameterizedTest(name = "smtp-sink {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "-Q .      | 4 | false",   // 421 after the dot
            "-q .      | 4 | false",   // hangs up after the dot, no reply: ambiguous
            "-r RCPT   | 4 | true",    // 4xx to RCPT
            "-Q MAIL   | 4 | true",    // 421 to MAIL
            "-f DATA   | 5 | true",    // 5xx to DATA: relayed as 5xx
            "-r DATA   | 4 | true",    // 4xx to DATA, after RCPT was accepted
            "-Q DATA   | 4 | true",    // 421 to DATA (also on the connection opened again)
            "-q DATA   | 4 | true",    // hangs up at DATA, no reply
            "-r .      | 4 | false",   // 4xx to the dot
            "-f .      | 5 | false",   // 5xx to the dot
            "-A 0      | 5 | true",    // 550 during DATA
            "-w 3      | 4 | true",    // stalls past our 1 s next-hop timeout
    })
    void nextHopFaultsGiveTheRightReplyClassAndNeverAFalse250(String flags, int expectedClass, boolean dumpIsDelivery) throws Exception {
        Path dump = tmp.resolve("sink");
        int port = smtpSink(dump, flags.split(" "));
        Path q = tmp.resolve("q");
        startGate(port, q);
        Map<Long, Integer> replies = new java.util.HashMap<>();
        long t0 = System.nanoTime();
        replies.put(1L, send(gate.port(), message("ham-2.eml", 1)));
        // in time: a 1 s next-hop timeout per wait, and the scan; a next hop stalling 3 s a reply (-w 3) would take 12 s
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms for the whole transaction, next hop %s", flags).isLessThan(5000);
        assertThat(replies.get(1L) / 100).as("reply to a clear ham with next hop %s", flags).isEqualTo(expectedClass);
        // transient or unclear: always our own 451 4.3.0, never the next hop's 421 passed on (it would close the client's session)
        if (expectedClass == 4) assertThat(replies.get(1L)).as("next hop %s", flags).isEqualTo(451);
        SmtpSink.awaitSettled(dump); // a transaction the gate gave up is removed at the sink
        // smtp-sink writes its dump before it answers the dot, so where it then refuses the dot
        // (421, 5xx or a hang-up) a dump is not a delivery: only the 250 rule is checked there
        assertLedger(replies, dumpIsDelivery ? idsIn(dump) : Map.of(), idsIn(q));
        if (!dumpIsDelivery) assertThat(replies.get(1L)).isNotEqualTo(250);
        // nothing half-forwarded: smtp-sink keeps a dump only of a transaction that reached its final dot
        if (dumpIsDelivery) assertThat(idsIn(dump)).as("a dump at the sink with next hop %s", flags).isEmpty();
    }

    @Test
    void nextHopRefusingOrNeverGreetingIsA451() throws Exception {
        int closed = FreePorts.next();
        startGate(closed, tmp.resolve("q"));
        assertThat(send(gate.port(), message("ham-2.eml", 1))).isEqualTo(451);
        gates.stop();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        silent.accept(); // accepts, never greets
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Files.walk(tmp.resolve("db")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            startGate(silent.getLocalPort(), tmp.resolve("q2"));
            long t0 = System.nanoTime();
            assertThat(send(gate.port(), message("ham-2.eml", 2))).isEqualTo(451);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
        }
    }

    @Test
    void aQuarantineThatCannotBeWrittenGives451NotAFalse250() throws Exception {
        Path dump = tmp.resolve("sink");
        int port = smtpSink(dump);
        Path q = tmp.resolve("q");
        startGate(port, q);
        // the spool's temporary directory becomes a plain file: every durable write now fails
        Path spoolTmp = q.resolve("tmp");
        Files.delete(spoolTmp);
        Files.writeString(spoolTmp, "not a directory");
        Map<Long, Integer> replies = new java.util.HashMap<>();
        replies.put(1L, send(gate.port(), message("ham-1.eml", 1))); // unsure: to be held
        assertThat(replies.get(1L)).isEqualTo(451);
        SmtpSink.awaitSettled(dump);
        assertThat(idsIn(q)).isEmpty();
        assertThat(idsIn(dump)).isEmpty();
        replies.put(2L, send(gate.port(), message("ham-2.eml", 2))); // clear ham is still relayed
        assertThat(replies.get(2L)).isEqualTo(250);

        Files.delete(spoolTmp);
        Files.createDirectory(spoolTmp);
        replies.put(3L, send(gate.port(), message("ham-1.eml", 3)));
        assertThat(replies.get(3L)).isEqualTo(250);
        SmtpSink.awaitSettled(dump);
        assertLedger(replies, idsIn(dump), idsIn(q));
        assertThat(idsIn(q)).containsOnlyKeys(3L);
    }

    /**
     * A moderator's command, or the daily {@code bayard quarantine expire} from cron, run while a
     * message bigger than memory-per-message is arriving: opening the spool emptied its tmp/,
     * where the gate keeps that message, and the sender got 451 for good mail (and a hold caught
     * between its two renames lost its sidecar). Reading the spool now leaves the writer's files alone.
     */
    @Test
    void readingTheQuarantineWhileAMessageArrivesLeavesItsFilesAlone() throws Exception {
        Path dump = tmp.resolve("sink");
        int port = smtpSink(dump);
        Path q = tmp.resolve("q");
        TestGate started = gates.start("", "  memory-per-message: 256\n", copyDb(), q, port, java.io.OutputStream.nullOutputStream());
        engine = started.engine();
        gate = started.gate();
        String m = message("ham-2.eml", 1);
        int half = m.length() / 2;
        try (SmtpClient c = new SmtpClient(gate.port())) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.send("EHLO ledger.test\r\n")).startsWith("250");
            assertThat(c.send("MAIL FROM:<ledger@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            c.write(m.substring(0, half));
            Path spoolTmp = q.resolve("tmp");
            for (long end = System.nanoTime() + 10_000_000_000L; isEmpty(spoolTmp) && System.nanoTime() < end; ) Thread.sleep(10);
            assertThat(isEmpty(spoolTmp)).as("the arriving message spilled to the spool's tmp/").isFalse();
            assertThat(org.bayard.app.gate.Quarantine.open(q).ids()).isEmpty(); // what `bayard quarantine list` does
            assertThat(c.send(m.substring(half) + ".\r\n")).startsWith("250");
        }
        SmtpSink.awaitSettled(dump);
        assertThat(idsIn(dump)).containsOnlyKeys(1L);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /**
     * Spam refused in many sessions at once: each rejection adds (client, sender) to the
     * blocklist, under a file lock that a second thread of the same JVM cannot wait for (it gets
     * OverlappingFileLockException). Most entries were lost ("blocklist not updated: null" in the
     * log) and those spammers were not refused at RCPT next time.
     */
    @Test
    void concurrentRejectionsAllReachTheBlocklist() throws Exception {
        Path dump = tmp.resolve("sink");
        int port = smtpSink(dump);
        Path db = copyDb();
        TestGate started = gates.start("", "", db, tmp.resolve("q"), port, java.io.OutputStream.nullOutputStream());
        engine = started.engine();
        gate = started.gate();
        Map<Long, Integer> replies = new ConcurrentHashMap<>();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            long first = t * 2L;
            clients.add(Thread.ofVirtual().start(() -> {
                for (long n = first; n < first + 2; n++) {
                    try {
                        replies.put(n, send(gate.port(), message("spam-1.eml", n), "spammer-" + n + "@example.org"));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }));
        }
        for (Thread c : clients) c.join();
        assertThat(replies.values()).as("every copy refused as spam").containsOnly(550);
        assertThat(gate.blocklist().entries()).hasSize(32);
    }

    /**
     * bayard serve writes a decision line per message to standard output. When its reader stops
     * reading (a stalled journald, a pipe to a logger that hangs), writes block once the pipe is
     * full: each session hung in its log line just after its reply, kept its connection for good,
     * and soon every client got 421. Here the reader is a real process that never reads.
     */
    @Test
    void aLogReaderThatStopsReadingDoesNotStopTheMail() throws Exception {
        int port = smtpSink(tmp.resolve("sink"));
        Process reader = new ProcessBuilder("sleep", "600").start();
        processes.add(reader);
        java.io.OutputStream pipe = reader.getOutputStream();
        AtomicLong filled = new AtomicLong();
        Thread.ofVirtual().start(() -> {
            byte[] junk = new byte[4096];
            try {
                while (true) {
                    pipe.write(junk);
                    pipe.flush();
                    filled.addAndGet(junk.length);
                }
            } catch (IOException e) {
                // the reader was killed at the end of the test
            }
        });
        for (long last = -1; filled.get() != last || filled.get() < 65536; Thread.sleep(300)) last = filled.get();
        TestGate started = gates.start("", "", copyDb(), tmp.resolve("q"), port, pipe);
        engine = started.engine();
        gate = started.gate();
        try (SmtpClient c = new SmtpClient(gate.port())) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.send("EHLO ledger.test\r\n")).startsWith("250");
            for (int n = 0; n < 3; n++) {
                assertThat(c.send("MAIL FROM:<ledger@example.org>\r\n")).as("MAIL of message %d", n).startsWith("250");
                assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
                assertThat(c.send("DATA\r\n")).startsWith("354");
                assertThat(c.send(message("ham-2.eml", n) + ".\r\n")).startsWith("250");
            }
        }
    }
}
