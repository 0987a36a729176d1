package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bayard.smtp.SmtpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RELIABILITY F3 and F4: the quarantine's storage fails (a full disk, fsync or rename refused by
 * the kernel, made to fail by strace), and the order of the system calls that hold a message. A
 * message to be held gets 250 only once it is durable; otherwise 451, and nothing half-written
 * ever shows as a held item. {@code ham-1.eml} is Bayes-unsure with the sample store: it is held.
 */
class GateSpoolFaultsTest {
    static final String UNSURE = "ham-1.eml";
    static final String HAM = "ham-2.eml";

    @TempDir Path tmp;
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    final List<Process> processes = new ArrayList<>();
    TestGate gate;
    SmallDisk mounted;

    @AfterEach
    void stop() throws Exception {
        // strace's children first (the traced JVM), or they would outlive it
        for (Process p : processes) p.descendants().forEach(ProcessHandle::destroyForcibly);
        for (Process p : processes) ChildJvm.kill(p);
        if (mounted != null) mounted.close();
    }

    static void run(String... cmd) throws Exception {
        Commands.succeeds(cmd);
    }

    /** A whole transaction on an open session; the final reply. */
    static String send(SmtpClient c, String from, String message) throws IOException {
        assertThat(c.send("MAIL FROM:<" + from + ">\r\n")).startsWith("250");
        assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
        assertThat(c.send("DATA\r\n")).startsWith("354");
        return c.send(message + ".\r\n");
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    // ---- F3: a full disk ------------------------------------------------------------------

    /**
     * The quarantine on a 256 KB tmpfs, filled by held mail: each message got 250 while it fit
     * and 451 once the disk was full, and every one that got 250 is a whole item (its message
     * as sent, and its sidecar); no part of a refused one is left. Space freed, holding resumes.
     * With smtp.min-free-mb off: at its default the whole tmpfs is below it, and MAIL would get
     * 452 before any write (LowDiskTest); this pins what happens when a write fails all the same.
     */
    @Test
    void aFullDiskGives451AndLeavesNoPartOfTheMessage() throws Exception {
        Path q = Files.createDirectories(tmp.resolve("q"));
        mounted = SmallDisk.mount(q, "256k", "0700");
        int sinkPort = SmtpSink.start(tmp, tmp.resolve("sink"), processes);
        gate = gates.start("", "  min-free-mb: 0\n", gates.copy(tmp), q, sinkPort, java.io.OutputStream.nullOutputStream());
        Map<Long, String> replies = new HashMap<>();
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.send("EHLO ledger.test\r\n")).startsWith("250");
            for (long n = 1; n <= 40; n++) replies.put(n, send(c, "ledger@example.org", GateFaultsTest.message(UNSURE, n)));
        }
        assertThat(replies.values()).allMatch(r -> r.startsWith("250 2.0.0 Ok: held") || r.startsWith("451 4.3.0"));
        assertThat(replies.values()).as("the disk filled up").anyMatch(r -> r.startsWith("451"))
                .anyMatch(r -> r.startsWith("250"));
        assertThat(files(q.resolve("tmp"))).as("nothing left in tmp/").isEmpty();
        Map<Long, Integer> held = GateFaultsTest.idsIn(q);
        for (Map.Entry<Long, String> e : replies.entrySet()) {
            assertThat(held.containsKey(e.getKey())).as("message %d: %s", e.getKey(), e.getValue()).isEqualTo(e.getValue().startsWith("250"));
        }
        String sent = GateFaultsTest.message(UNSURE, 1).replace("\r\n..", "\r\n.");
        for (Path eml : files(q)) {
            if (!eml.toString().endsWith(".eml")) continue;
            String id = eml.getFileName().toString().replaceFirst("\\.eml$", "");
            assertThat(q.resolve(id + ".json")).as("sidecar of %s", id).isNotEmptyFile();
            String text = Files.readString(eml, StandardCharsets.ISO_8859_1);
            Matcher m = GateFaultsTest.LEDGER_ID.matcher(text);
            assertThat(m.find()).isTrue();
            assertThat(text).as("held item %s whole", id).isEqualTo(sent.replace("<ledger-1@", "<ledger-" + m.group(1) + "@"));
        }
        assertThat(files(q).stream().filter(f -> f.toString().endsWith(".json")).count())
                .as("no sidecar without its message").isEqualTo(held.size());

        for (Path f : files(q)) Files.delete(f);
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.send("EHLO ledger.test\r\n")).startsWith("250");
            assertThat(send(c, "ledger@example.org", GateFaultsTest.message(UNSURE, 41))).startsWith("250 2.0.0 Ok: held");
        }
    }

    // ---- F3: fsync and rename refused, in a running serve ---------------------------------

    /**
     * strace attached to a running {@code bayard serve} makes the kernel refuse one step of the
     * hold: every fsync (EIO), only the directory's fsync after both renames (the third), or the
     * message's rename after the sidecar's (EACCES). The message to be held gets 451 and leaves no
     * file, half-placed ones included; clear ham is still relayed; once strace lets go the next
     * message is held. No retry-then-trust: the gate never answers 250 after a failed fsync.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fsync,fdatasync:error=EIO", "fsync:error=EIO:when=3", "rename:error=EACCES:when=2"})
    void aHoldTheKernelRefusesGets451AndLeavesNoFile(String inject) throws Exception {
        Path dump = tmp.resolve("sink");
        int sinkPort = SmtpSink.start(tmp, dump, processes);
        Path q = tmp.resolve("q");
        Path log = tmp.resolve("serve.log");
        Process serve = ServeProcess.start(ServeProcess.command(List.of(), gates.copy(tmp), q, sinkPort), log, processes);
        int port = GateFaultsTest.listeningPort(log, 0);
        Process strace = Strace.attach(serve.pid(), tmp, processes, "-e", "trace=fsync,fdatasync,rename,renameat,renameat2",
                "-e", "inject=" + inject);
        Map<Long, Integer> replies = new HashMap<>();
        replies.put(1L, GateFaultsTest.send(port, GateFaultsTest.message(UNSURE, 1)));
        replies.put(2L, GateFaultsTest.send(port, GateFaultsTest.message(HAM, 2)));
        assertThat(replies).as("log: %s", Files.readString(log)).containsEntry(1L, 451).containsEntry(2L, 250);
        assertThat(files(q)).as("no file of the refused hold").filteredOn(f -> !f.endsWith("loop-mark") && !f.endsWith("gates.lock") && !f.endsWith("decisions.lock")).isEmpty();
        assertThat(files(q.resolve("tmp"))).isEmpty();
        Strace.detach(strace);
        replies.put(3L, GateFaultsTest.send(port, GateFaultsTest.message(UNSURE, 3)));
        assertThat(replies).containsEntry(3L, 250);
        SmtpSink.awaitSettled(dump);
        GateFaultsTest.assertLedger(replies, GateFaultsTest.idsIn(dump), GateFaultsTest.idsIn(q));
        assertThat(GateFaultsTest.idsIn(q)).containsOnlyKeys(3L);
    }

    // ---- F4: the order of the hold's system calls -----------------------------------------

    static final Pattern HELD_RENAME = Pattern.compile("^rename\\(\"[^\"]*/tmp/([^\"/]+)\\.eml\", ");

    /**
     * 200 held messages under {@code strace -f}: for each, before the "250 ... held" reply is
     * written to the client, the message and its sidecar were written to tmp/ and fsynced, renamed
     * into place (sidecar first, so an item never lacks it), and the directory fsynced after the
     * renames. A crash at any point leaves no item or a whole one; the 250 comes only after.
     */
    @Test
    void eachHoldIsDurableBeforeItsReplyInTheOrderThatSurvivesACrash() throws Exception {
        int sinkPort = SmtpSink.start(tmp, tmp.resolve("sink"), processes);
        Path q = tmp.resolve("q");
        Files.createDirectories(q);
        Path realQ = q.toRealPath();
        Path trace = tmp.resolve("hold.trace");
        Path log = tmp.resolve("serve.log");
        List<String> strace = List.of("strace", "-f", "--seccomp-bpf", "-qq", "-s", "40", "-y", "-o", trace.toString(),
                "-e", "trace=write,sendto,fsync,fdatasync,rename,renameat,renameat2");
        Process tracer = ServeProcess.start(ServeProcess.command(strace, gates.copy(tmp), q, sinkPort), log, processes);
        int port = GateFaultsTest.listeningPort(log, 0);
        int messages = 200;
        try (SmtpClient c = new SmtpClient(port)) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.send("EHLO ledger.test\r\n")).startsWith("250");
            for (long n = 1; n <= messages; n++) {
                assertThat(send(c, "ledger@example.org", GateFaultsTest.message(UNSURE, n))).startsWith("250 2.0.0 Ok: held");
            }
            assertThat(c.send("QUIT\r\n")).startsWith("221");
        }
        // strace writes its last lines and exits once the serve it traces has ended
        tracer.descendants().forEach(ProcessHandle::destroy);
        assertThat(tracer.waitFor(30, TimeUnit.SECONDS)).as("strace ended with the serve it traced").isTrue();

        List<Strace.Call> calls = Strace.calls(trace);
        List<Strace.Call> replies = calls.stream().filter(x -> x.is("write") && x.text().contains("Ok: held")).toList();
        List<String> ids = new ArrayList<>();
        for (Strace.Call x : calls) {
            Matcher m = HELD_RENAME.matcher(x.text());
            if (m.find()) ids.add(m.group(1));
        }
        assertThat(replies).hasSize(messages);
        assertThat(ids).hasSize(messages);
        int after = -1;
        for (int k = 0; k < messages; k++) {
            String id = ids.get(k);
            String tmpEml = realQ.resolve("tmp").resolve(id + ".eml").toString();
            String tmpJson = realQ.resolve("tmp").resolve(id + ".json").toString();
            int reply = replies.get(k).began();
            int from = after;
            List<Strace.Call> mine = calls.stream().filter(x -> x.began() > from && x.ended() < reply).toList();
            Strace.Call jsonSync = only(mine, x -> isSync(x) && x.text().contains("<" + tmpJson + ">"), id + ": sidecar fsync");
            Strace.Call emlSync = only(mine, x -> isSync(x) && x.text().contains("<" + tmpEml + ">"), id + ": message fsync");
            Strace.Call jsonRename = only(mine, x -> x.is("rename") && x.text().startsWith("rename(\"" + tmpJson + "\""), id + ": sidecar rename");
            Strace.Call emlRename = only(mine, x -> x.is("rename") && x.text().startsWith("rename(\"" + tmpEml + "\""), id + ": message rename");
            List<Strace.Call> writes = mine.stream().filter(x -> x.is("write") && x.text().contains("<" + tmpEml + ">")).toList();
            assertThat(writes).as("%s: message written", id).isNotEmpty();
            for (Strace.Call w : writes) assertThat(w.ended()).as("%s: written before its fsync", id).isLessThan(emlSync.began());
            assertThat(jsonSync.ended()).as("%s: sidecar fsynced before renamed", id).isLessThan(jsonRename.began());
            assertThat(emlSync.ended()).as("%s: message fsynced before renamed", id).isLessThan(emlRename.began());
            assertThat(jsonRename.ended()).as("%s: sidecar placed before the message", id).isLessThan(emlRename.began());
            assertThat(mine).as("%s: directory fsynced after the renames, before the 250", id)
                    .anyMatch(x -> isSync(x) && x.text().contains("<" + realQ + ">") && x.began() > emlRename.ended());
            for (Strace.Call x : List.of(jsonSync, emlSync, jsonRename, emlRename)) {
                assertThat(x.text()).as("%s: %s succeeded", id, x.text()).endsWith("= 0");
            }
            after = reply;
        }
    }

    /**
     * F4, the release: {@code bayard quarantine release} under strace removes the held message
     * only after it has read the next hop's 250 to the end of the data, never before.
     */
    @Test
    void aReleaseRemovesTheItemOnlyAfterTheNextHopsReplyToTheData() throws Exception {
        int sinkPort = SmtpSink.start(tmp, tmp.resolve("sink"), processes);
        Path q = tmp.resolve("q");
        Path db = gates.copy(tmp);
        gate = gates.start("", "", db, q, sinkPort, java.io.OutputStream.nullOutputStream());
        try (SmtpClient c = new SmtpClient(gate.gate().port())) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.send("EHLO ledger.test\r\n")).startsWith("250");
            assertThat(send(c, "ledger@example.org", GateFaultsTest.message(UNSURE, 1))).startsWith("250 2.0.0 Ok: held");
        }
        gates.stop();
        gate = null;
        String id = org.bayard.app.gate.Quarantine.open(q).ids().get(0);
        Path trace = tmp.resolve("release.trace");
        ProcessBuilder pb = ChildJvm.bayard(List.of(), "quarantine", "release", id, "--db", db.toString(), "--quarantine", q.toString(),
                "--next-hop", "127.0.0.1:" + sinkPort);
        pb.command().addAll(0, List.of("strace", "-f", "--seccomp-bpf", "-qq", "-s", "40", "-y", "-o", trace.toString(),
                "-e", "trace=read,write,unlink,unlinkat"));
        Commands.Ran release = Commands.run(pb.redirectErrorStream(true), 60);
        assertThat(release.exit()).as(release.said(pb.command())).isZero();

        List<Strace.Call> calls = Strace.calls(trace);
        int dataGo = indexOf(calls, x -> x.is("read") && x.text().contains("socket:") && x.text().contains("\"354 "), 0);
        int accepted = indexOf(calls, x -> x.is("read") && x.text().contains("socket:") && x.text().contains("\"250 "), dataGo + 1);
        int removed = indexOf(calls, x -> (x.is("unlink") || x.is("unlinkat")) && x.text().contains(id + ".eml"), 0);
        assertThat(dataGo).as("354 read").isNotNegative();
        assertThat(accepted).as("250 to the data read").isNotNegative();
        assertThat(removed).as("item removed").isNotNegative();
        assertThat(calls.get(removed).began()).as("removed after the next hop's 250").isGreaterThan(calls.get(accepted).ended());
        assertThat(org.bayard.app.gate.Quarantine.open(q).ids()).isEmpty();
    }

    private static int indexOf(List<Strace.Call> calls, java.util.function.Predicate<Strace.Call> which, int from) {
        for (int i = Math.max(0, from); i < calls.size(); i++) {
            if (which.test(calls.get(i))) return i;
        }
        return -1;
    }

    private static boolean isSync(Strace.Call x) {
        return x.is("fsync") || x.is("fdatasync");
    }

    private static Strace.Call only(List<Strace.Call> calls, java.util.function.Predicate<Strace.Call> which, String what) {
        List<Strace.Call> found = calls.stream().filter(which).toList();
        assertThat(found).as(what).hasSize(1);
        return found.get(0);
    }
}
