package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many sessions at once (smtp-source, 20 in parallel) while {@code bayard learn} and {@code bayard
 * forget} write the same store from another process, as a postmaster trains next to a running
 * gate: every message gets 250, and each 250 is a message at smtp-sink or in the quarantine, no
 * more and no fewer.
 */
class GateUnderTrainingTest {
    static final int MESSAGES = 600;

    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    TestGate gate;

    @AfterEach
    void stop() throws Exception {
        if (gate != null) gate.close();
    }

    @Test
    void twentySessionsAtOnceWhileTheStoreIsTrainedLoseNothing() throws Exception {
        Path db = SampleStore.trained(tmp.resolve("db"));
        Path dump = tmp.resolve("sink");
        Path q = tmp.resolve("q");
        int sinkPort = SmtpSink.start(tmp, dump, processes);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // some of smtp-source's identical messages are held, the rest relayed: both sides of the rule
        gate = TestGate.start("policy:\n  unsure-action: hold\n", "  max-connections-per-client: 100\n", db, q, sinkPort,
                Clock.systemUTC(), LostClientTest.syncOn(log));

        Path stop = tmp.resolve("stop-training");
        Process trainer = new ProcessBuilder("/bin/sh", "-c", trainLoop(db, stop)).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("train.log").toFile()).start();
        processes.add(trainer);
        ProcessBuilder source = new ProcessBuilder("/usr/sbin/smtp-source", "-s", "20", "-m", String.valueOf(MESSAGES), "-l", "10240",
                "-N", "-f", "load@example.org", "-t", "list@example.test", "127.0.0.1:" + gate.gate().port())
                .redirectErrorStream(true);
        Commands.Ran sent = Commands.run(source, 120);
        String said = sent.output();
        assertThat(sent.timedOut()).isFalse();
        Files.createFile(stop);
        assertThat(trainer.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String trained = Files.readString(tmp.resolve("train.log"));
        assertThat(trainer.exitValue()).as(trained).isZero();
        assertThat(trained).as("spam learned again while the mail came in").contains("200 learned");
        assertThat(said).as("smtp-source's complaints").doesNotContain("warning").doesNotContain("fatal");

        List<String> lines = messageLines(log);
        assertThat(lines).hasSize(MESSAGES);
        long queued = lines.stream().filter(l -> l.contains("\"reply\":\"250 2.0.0 Ok: queued\"")).count();
        long held = lines.stream().filter(l -> l.contains("\"reply\":\"250 2.0.0 Ok: held\"")).count();
        assertThat(queued + held).as("every message got 250").isEqualTo(MESSAGES);
        SmtpSink.awaitSettled(dump); // a held message's transaction the sink began is removed
        assertThat(count(dump, "")).as("messages at smtp-sink").isEqualTo(queued);
        assertThat(count(q, ".eml")).as("messages held").isEqualTo(held);
    }

    /**
     * The sample spam forgotten and learned again, each a {@code bayard} process of its own writing
     * {@code db}, over and over until {@code stop} exists.
     */
    static String trainLoop(Path db, Path stop) {
        String bayard = String.join(" ", ChildJvm.bayard(List.of("-Xmx256m")).command());
        String forget = bayard + " forget --db " + db + " ../samples/spam.mbox";
        String learn = bayard + " learn --db " + db + " --spam ../samples/spam.mbox";
        return "set -e; while [ ! -e " + stop + " ]; do " + forget + "; " + learn + "; done";
    }

    static List<String> messageLines(ByteArrayOutputStream log) {
        synchronized (log) {
            return log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"event\":\"message\"")).toList();
        }
    }

    static long count(Path dir, String suffix) throws Exception {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        }
    }
}
