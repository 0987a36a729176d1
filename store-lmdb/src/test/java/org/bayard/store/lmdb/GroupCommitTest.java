package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bayard.core.store.Counts;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore.WriteAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that wait together commit together, on the real store: the writer is held busy by a
 * first write while others queue, then let go.
 */
class GroupCommitTest {
    private static final int WAITING = 5;

    @TempDir Path dir;
    private LmdbTokenStore store;
    private final ExecutorService callers = Executors.newFixedThreadPool(WAITING + 1);

    @BeforeEach
    void open() {
        store = LmdbTokenStore.open(dir, 1);
    }

    @AfterEach
    void close() {
        callers.shutdownNow();
        store.close();
    }

    /** Token {@code 100 + i} counted once as ham, and {@code i} as the result. */
    private static WriteAction<Integer> countToken(int i) {
        return view -> {
            view.addCounts(new long[] {100 + i}, 1, 1, 0);
            return i;
        };
    }

    @Test
    void writesThatWaitTogetherShareOneCommitAndEachGetsItsOwnResult() throws Exception {
        long before = store.committedWrites();
        List<Future<Integer>> results = whileTheWriterIsBusy(List.of(countToken(0), countToken(1), countToken(2),
                countToken(3), countToken(4)));
        for (int i = 0; i < WAITING; i++) assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
        assertThat(store.committedWrites() - before).as("the blocking write, then one for the five").isEqualTo(2);
        for (int i = 0; i < WAITING; i++) assertThat(counts(100 + i)).isEqualTo(Counts.pack(1, 0));
    }

    @Test
    void aWriteThatFailsInAGroupFailsAloneAndTheOthersCommit() throws Exception {
        WriteAction<Integer> failing = view -> {
            view.addCounts(new long[] {102}, 1, 1, 0);
            throw new IllegalStateException("boom");
        };
        List<Future<Integer>> results = whileTheWriterIsBusy(List.of(countToken(0), countToken(1), failing,
                countToken(3), countToken(4)));
        for (int i : new int[] {0, 1, 3, 4}) assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
        assertThat(results.get(2)).failsWithin(10, TimeUnit.SECONDS).withThrowableThat().withMessageContaining("boom");
        for (int i : new int[] {0, 1, 3, 4}) assertThat(counts(100 + i)).isEqualTo(Counts.pack(1, 0));
        assertThat(counts(102)).as("nothing of the failed write").isZero();
    }

    @Test
    void aWriteInsideAWriteIsStillRefusedAndLeavesNothingQueued() {
        IllegalStateException refused = store.write(view -> {
            try {
                store.write(inner -> null);
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertThat(refused).hasMessageContaining("must not nest");
        assertThat(store.queuedWrites()).isZero();
        assertThat(store.write(countToken(7))).isEqualTo(7);
    }

    /** Holds the writer in a first write until {@code writes} are all queued, then lets it go; their futures. */
    private List<Future<Integer>> whileTheWriterIsBusy(List<WriteAction<Integer>> writes) throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> blocker = callers.submit(() -> store.write(view -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<Integer>> results = new ArrayList<>();
        for (WriteAction<Integer> w : writes) results.add(callers.submit(() -> store.write(w)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.queuedWrites() < writes.size() && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(store.queuedWrites()).isEqualTo(writes.size());
        release.countDown();
        blocker.get(10, TimeUnit.SECONDS);
        return results;
    }

    private long counts(long token) {
        try (ReadView v = store.read()) {
            long[] out = new long[1];
            v.lookup(new long[] {token}, 1, out);
            return out[0];
        }
    }
}
