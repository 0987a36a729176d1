package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waiting in tests for what another thread or process makes true, with a deadline instead of a fixed sleep. */
public final class Await {
    private Await() {}

    /** Polls {@code condition} until it holds; fails after 20 s. */
    public static void until(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.call()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
