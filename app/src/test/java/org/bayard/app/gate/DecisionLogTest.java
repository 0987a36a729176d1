package org.bayard.app.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DecisionLogTest {

    /**
     * The gate's scans run on virtual threads and do not give their carrier back while they
     * compute. The writer of the decision lines was a virtual thread too: with every carrier busy
     * scanning it did not run, each session waited its whole second for its line and went on
     * without it, and the line came later, after the reply and after the client had left (a test
     * reading the log then missed it). The writer has a thread of its own now.
     */
    @Test
    void aLineIsWrittenAtOnceWhileScansKeepEveryCarrierBusy() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DecisionLog log = new DecisionLog(new PrintStream(out, true, StandardCharsets.UTF_8));
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
        CountDownLatch busy = new CountDownLatch(carriers);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        List<Thread> scans = new ArrayList<>();
        for (int i = 0; i < carriers; i++) {
            scans.add(Thread.ofVirtual().start(() -> {
                busy.countDown();
                long spun = 0;
                while (System.nanoTime() < end) spun++; // computes, as a scan does, without blocking
                if (spun < 0) throw new AssertionError();
            }));
        }
        try {
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            log.println("{\"event\":\"message\"}");
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertThat(out.toString(StandardCharsets.UTF_8)).as("written when println returned, after %d ms", waited)
                    .isEqualTo("{\"event\":\"message\"}" + System.lineSeparator());
        } finally {
            for (Thread t : scans) t.join(10_000);
        }
    }
}
