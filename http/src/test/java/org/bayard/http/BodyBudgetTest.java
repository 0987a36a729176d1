package org.bayard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        CompletableFuture<Boolean> largeWants = new CompletableFuture<>();
        Thread largeThread = Thread.ofPlatform().daemon().start(() -> largeWants.complete(take(budget, large, 30, 60_000)));
        // the small one must ask only once the large one waits: asking earlier, it would wait for
        // the large one to arrive rather than give up at once, which is not the case under test
        awaitWaitingInTake(largeThread);
        assertThat(largeWants).as("waits while the other holder is still reading").isNotDone();
        long t0 = System.nanoTime();
        assertThat(budget.take(small, 30, 30_000)).as("holds least of those waiting: gives up").isFalse();
        // at once, not after its wait of 30 s: a take that finds every holder waiting does not wait at all
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(15_000L);
        budget.release(small);
        assertThat(largeWants.get(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Waits, up to 30 s, until {@code taker} is in {@link Object#wait} inside {@link BodyBudget#take}. */
    private static void awaitWaitingInTake(Thread taker) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!waitsInTake(taker)) {
            if (System.nanoTime() > end) throw new AssertionError("the taker never waited in BodyBudget.take: " + taker.getState());
            Thread.sleep(5);
        }
    }

    private static boolean waitsInTake(Thread taker) {
        Thread.State state = taker.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) return false;
        for (StackTraceElement frame : taker.getStackTrace()) {
            if (frame.getClassName().equals(BodyBudget.class.getName()) && frame.getMethodName().equals("take")) return true;
        }
        return false;
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
