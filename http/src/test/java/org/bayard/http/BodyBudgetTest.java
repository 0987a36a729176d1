package org.bayard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The request bodies' budget when bodies arriving side by side have filled it between them. */
class BodyBudgetTest {
    /**
     * Two bodies each holding part of a full budget and each wanting more: neither would give
     * back, so the one holding less gives up at once (not after its wait), and the other goes on
     * once that one's share is back.
     */
    @Test
    void whenEveryHolderWaitsTheOneHoldingLeastGivesUp() throws Exception {
        BodyBudget budget = new BodyBudget(100);
        Object large = new Object(), small = new Object();
        assertThat(budget.take(large, 60, 0)).isTrue();
        assertThat(budget.take(small, 40, 0)).isTrue();
        CompletableFuture<Boolean> largeWants = CompletableFuture.supplyAsync(() -> take(budget, large, 30, 20_000));
        Thread.sleep(200);
        assertThat(largeWants).as("waits while the other holder is still reading").isNotDone();
        long t0 = System.nanoTime();
        assertThat(budget.take(small, 30, 20_000)).as("holds least of those waiting: gives up").isFalse();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000L);
        budget.release(small);
        assertThat(largeWants.get()).isTrue();
    }

    /** A body alone may pass the budget (one message of http.max-body-bytes must always fit); with others it waits, then gives up. */
    @Test
    void aBodyAloneMayPassTheBudgetAndOneBesideOthersWaitsItsTime() throws Exception {
        BodyBudget budget = new BodyBudget(100);
        Object alone = new Object(), other = new Object();
        assertThat(budget.take(alone, 150, 0)).isTrue();
        long t0 = System.nanoTime();
        // the first holder is not waiting (still reading, or at work): the newcomer waits its time
        assertThat(budget.take(other, 10, 300)).isFalse();
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(250L);
        budget.release(alone);
        assertThat(budget.take(other, 10, 0)).isTrue();
    }

    private static boolean take(BodyBudget budget, Object holder, long bytes, long waitMillis) {
        try {
            return budget.take(holder, bytes, waitMillis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
