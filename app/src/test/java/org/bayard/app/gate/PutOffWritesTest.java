package org.bayard.app.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Writes put off behind another process's lock keep what they are to write (a trap report whole)
 * in the heap until the lock is free: a lock held for an hour under a stream of large trap
 * reports filled the heap. Past an eighth of it, a write is refused (the trap's sender gets 451
 * and keeps the report) instead of kept.
 */
class PutOffWritesTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final PutOffWrites writes = new PutOffWrites("the store's write lock", new DecisionLog(new PrintStream(out, true, StandardCharsets.UTF_8)));

    @Test
    void writesPutOffHoldAtMostAnEighthOfTheHeapThenAreRefused() throws Exception {
        CountDownLatch lockFreed = new CountDownLatch(1);
        AtomicInteger made = new AtomicInteger();
        long sixteenth = Runtime.getRuntime().maxMemory() / 16;
        for (int i = 0; i < 2; i++) {
            assertThat(writes.until(System.nanoTime(), "trap spam", "Q." + i, sixteenth - 1, () -> {
                lockFreed.await();
                return made.incrementAndGet();
            }, n -> {})).isEmpty();
        }
        assertThat(writes.waiting()).isEqualTo(2);
        assertThatThrownBy(() -> writes.until(System.nanoTime(), "trap spam", "Q.2", 16, () -> made.incrementAndGet(), n -> {}))
                .isInstanceOf(IOException.class).hasMessageContaining("wait already for the store's write lock");

        lockFreed.countDown();
        org.bayard.app.Await.until(() -> writes.waiting() == 0);
        assertThat(made.get()).isEqualTo(2);
        // the heap they kept is given back: the next write is made
        assertThat(writes.until(System.nanoTime() + 5_000_000_000L, "trap spam", "Q.3", sixteenth, () -> made.incrementAndGet(), n -> {}))
                .contains(3);
        org.bayard.app.Await.until(() -> out.toString(StandardCharsets.UTF_8).contains("write-refused"));
    }
}
