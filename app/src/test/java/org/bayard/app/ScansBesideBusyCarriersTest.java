package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bayard.core.policy.Decision;
import org.bayard.core.policy.Symbol;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan computes without a pause. The gate's scans ran on virtual threads, beside the SMTP
 * sessions, the HTTP side and (until it got a thread of its own) the decision log: a virtual
 * thread that computes keeps its carrier until it ends, so while as many of them computed as
 * there are carriers (scans of large messages ending together), a session with nothing to compute
 * (a NOOP, a greeting, its decision line) waited for one of them to end, and a scan waited for a
 * session's computing in the same way. The scans now have platform threads of their own, one for
 * each core, which the machine's scheduler shares with the carriers.
 */
class ScansBesideBusyCarriersTest {
    @TempDir Path tmp;
    @RegisterExtension final Sinks sinks = new Sinks();
    TestGate gate;

    @AfterEach
    void stop() throws Exception {
        if (gate != null) gate.close();
    }

    /**
     * Every carrier is kept computing until the check has returned; a scan on a virtual thread
     * then never started, and the check gave Bayes up at its 3 s budget.
     */
    @Test
    void aCheckIsScoredWhileEveryCarrierComputes() throws Exception {
        RecordingSink sink = sinks.start();
        Path db = SampleStore.copy(SampleStore.trained(tmp.resolve("trained")), tmp);
        gate = TestGate.start("", "  scan-timeout-ms: 3000\n", db, tmp.resolve("q"), sink.address().getPort(),
                Clock.systemUTC(), OutputStream.nullOutputStream());
        byte[] message = Files.readAllBytes(Path.of("../samples/held-out", "spam-1.eml"));

        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
        CountDownLatch computing = new CountDownLatch(carriers);
        AtomicBoolean checked = new AtomicBoolean();
        long cap = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // never longer, whatever happens
        List<Thread> busy = new ArrayList<>();
        for (int i = 0; i < carriers; i++) {
            busy.add(Thread.ofVirtual().start(() -> {
                computing.countDown();
                while (!checked.get() && System.nanoTime() < cap) Thread.onSpinWait(); // computes, as a scan does
            }));
        }
        try {
            assertThat(computing.await(10, TimeUnit.SECONDS)).as("every carrier computing").isTrue();
            long t0 = System.nanoTime();
            Decision d = gate.gate().decideInTime(gate.gate().policy(), message);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(d.symbols()).extracting(Symbol::name).as("after %d ms", millis)
                    .doesNotContain("BAYES_UNAVAILABLE").anyMatch(name -> name.startsWith("BAYES_"));
        } finally {
            checked.set(true);
            for (Thread t : busy) t.join(30_000);
        }
    }
}
