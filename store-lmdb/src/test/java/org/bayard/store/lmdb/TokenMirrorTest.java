package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bayard.core.store.Counts;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The heap mirror of the tokens database against LMDB's own cursor walk, on real stores. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TokenMirrorTest {
    private static final int VERSION = 4;

    @TempDir
    Path tmp;

    private LmdbTokenStore open() {
        return LmdbTokenStore.open(tmp.resolve("store"), VERSION);
    }

    @Test
    void lookupsComeFromTheMirrorAndEqualTheStoreAfterLearningAndUnlearningToZero() {
        try (LmdbTokenStore store = open()) {
            for (long n = 0; n < 30; n++) learn(store, n, n % 2 == 0 ? MailClass.HAM : MailClass.SPAM);
            assertMirroredAndExact(store);
            for (long n = 0; n < 30; n += 3) unlearn(store, n);
            assertMirroredAndExact(store);
            for (long n = 0; n < 30; n++) unlearn(store, n);
            try (ReadView view = store.read()) {
                long[] found = {0};
                view.forEachToken((t, c) -> found[0]++);
                assertThat(found[0]).as("every count back to zero").isZero();
            }
            assertMirroredAndExact(store);
        }
    }

    @Test
    void aCommitThatChangesNothingKeepsTheMirror() {
        try (LmdbTokenStore store = open()) {
            learn(store, 1, MailClass.SPAM);
            assertMirroredAndExact(store);
            store.write(w -> Messages.learn(w, 1, MailClass.SPAM)); // already learned: no change
            unlearn(store, 999); // never learned: no change
            assertMirroredAndExact(store);
            learn(store, 2, MailClass.HAM);
            assertMirroredAndExact(store);
        }
    }

    @Test
    void aMirrorBuiltFromAnExistingStoreEqualsIt() {
        try (LmdbTokenStore store = open()) {
            for (long n = 0; n < 20; n++) learn(store, n, MailClass.SPAM);
        }
        try (LmdbTokenStore store = open()) {
            assertMirroredAndExact(store);
            learn(store, 100, MailClass.HAM);
            assertMirroredAndExact(store);
        }
    }

    @Test
    void aWriteThatFailsLeavesTheMirrorAsItWas() {
        try (LmdbTokenStore store = open()) {
            learn(store, 1, MailClass.SPAM);
            assertThatThrownBy(() -> store.write(w -> {
                Messages.learn(w, 2, MailClass.HAM);
                throw new IllegalStateException("rolled back");
            })).hasMessage("rolled back");
            assertMirroredAndExact(store);
        }
    }

    @Test
    void aWriteTooLargeToHoldItsCountsUntilCommitStillLeavesAnExactMirror() {
        try (LmdbTokenStore store = open()) {
            learn(store, 1, MailClass.SPAM);
            long[] many = new long[WriterHeapBudget.PENDING_LIMIT + 1_000];
            for (int i = 0; i < many.length; i++) many[i] = 1_000_000L + i;
            store.write(w -> {
                w.addCounts(many, many.length, 1, 0);
                w.addCounts(many, 10, 1, 0); // read back after the held counts were written out
                return null;
            });
            try (ReadView view = store.read()) {
                long[] counts = new long[many.length];
                view.lookup(many, many.length, counts);
                assertThat(counts[0]).isEqualTo(Counts.pack(2, 0));
                assertThat(counts[many.length - 1]).isEqualTo(Counts.pack(1, 0));
                assertThat(store.mirrors(view)).isTrue();
            }
        }
    }

    @Test
    void anOldViewHeldAcrossACommitStillSeesItsOwnSnapshot() {
        try (LmdbTokenStore store = open()) {
            learn(store, 1, MailClass.SPAM);
            try (ReadView old = store.read()) {
                assertThat(Messages.lookupDisagreement(old)).isNull();
                long[] before = lookupAll(old);
                learn(store, 2, MailClass.HAM);
                unlearn(store, 1);
                assertThat(store.mirrors(old)).as("the mirror moved on").isFalse();
                assertThat(lookupAll(old)).isEqualTo(before);
                assertThat(Messages.lookupDisagreement(old)).isNull();
            }
            assertMirroredAndExact(store);
        }
    }

    @Test
    void aStoreOverTheBudgetIsReadFromLmdbAndStaysExact() {
        try (LmdbTokenStore store = LmdbTokenStore.open(tmp.resolve("store"), VERSION, LmdbTokenStore.MAP_SIZE,
                new TokenMirror(CountsTable.bytesFor(100)))) {
            for (long n = 0; n < 10; n++) learn(store, n, MailClass.SPAM);
            try (ReadView view = store.read()) {
                assertThat(Messages.lookupDisagreement(view)).isNull();
                assertThat(store.mirrors(view)).as("hundreds of tokens in a budget of 100").isFalse();
            }
        }
    }

    /** A commit that grows the mirror leaves room for another like it, so that the next one does not rehash it. */
    @Test
    void aGrowingCommitLeavesRoomForAnotherLikeIt() {
        TokenMirror mirror = new TokenMirror(1L << 30);
        try (LmdbTokenStore store = LmdbTokenStore.open(tmp.resolve("store"), VERSION, LmdbTokenStore.MAP_SIZE, mirror)) {
            assertMirroredAsInLmdb(store, 0); // a read builds the mirror; a repacking write would not
            addNewTokens(store, 0, 10_000);
            long bytes = mirror.tableBytes();
            assertThat(bytes).isEqualTo(CountsTable.bytesFor(20_000)).isGreaterThan(CountsTable.bytesFor(10_000));
            addNewTokens(store, 10_000, 10_000);
            assertThat(mirror.tableBytes()).as("not grown again").isEqualTo(bytes);
            assertMirroredAsInLmdb(store, 20_000);
        }
    }

    /** Room for another commit only within the budget: else the mirror grows just enough, as it did before. */
    @Test
    void aGrowingCommitTakesNoMoreRoomThanTheBudgetLeaves() {
        TokenMirror mirror = new TokenMirror(CountsTable.bytesFor(10_000) + CountsTable.bytesFor(0));
        try (LmdbTokenStore store = LmdbTokenStore.open(tmp.resolve("store"), VERSION, LmdbTokenStore.MAP_SIZE, mirror)) {
            assertMirroredAsInLmdb(store, 0); // a read builds the mirror; a repacking write would not
            addNewTokens(store, 0, 10_000);
            assertThat(mirror.tableBytes()).isEqualTo(CountsTable.bytesFor(10_000));
            assertMirroredAsInLmdb(store, 10_000);
        }
    }

    /** A mirror built from a trained store is sized for twice its tokens, so its probe runs stay short. */
    @Test
    void aBuiltMirrorHasRoomForAsManyTokensAgain() {
        TokenMirror mirror = new TokenMirror(1L << 30);
        try (LmdbTokenStore store = LmdbTokenStore.open(tmp.resolve("store"), VERSION, LmdbTokenStore.MAP_SIZE, mirror)) {
            addNewTokens(store, 0, 10_000); // a training commit builds no mirror
            assertThat(mirror.tableBytes()).isZero();
            assertMirroredAsInLmdb(store, 10_000); // the first read builds it
            assertThat(mirror.tableBytes()).isEqualTo(CountsTable.bytesFor(20_000)).isGreaterThan(CountsTable.bytesFor(10_000));
        }
    }

    /** Within a budget that holds the store's tokens but not twice as many, the built mirror is sized for the store. */
    @Test
    void aBuiltMirrorTakesNoMoreRoomThanTheBudget() {
        TokenMirror mirror = new TokenMirror(CountsTable.bytesFor(10_000));
        try (LmdbTokenStore store = LmdbTokenStore.open(tmp.resolve("store"), VERSION, LmdbTokenStore.MAP_SIZE, mirror)) {
            addNewTokens(store, 0, 10_000);
            assertMirroredAsInLmdb(store, 10_000);
            assertThat(mirror.tableBytes()).isEqualTo(CountsTable.bytesFor(10_000));
        }
    }

    /**
     * The mirror answers lookups, with one ham for each token 1 to {@code tokens} and nothing for
     * the next, as LMDB's cursor walk has them (tokens added without messages: no ledger to check).
     */
    private static void assertMirroredAsInLmdb(LmdbTokenStore store, int tokens) {
        try (ReadView view = store.read()) {
            long[] added = new long[tokens + 10];
            for (int i = 0; i < added.length; i++) added[i] = i + 1;
            long[] counts = new long[added.length];
            view.lookup(added, added.length, counts);
            for (int i = 0; i < added.length; i++) {
                assertThat(counts[i]).as("token %d", added[i]).isEqualTo(i < tokens ? Counts.pack(1, 0) : 0);
            }
            assertThat(store.mirrors(view)).as("lookups answered from the heap").isTrue();
            long[] walked = {0};
            view.forEachToken((token, c) -> walked[0]++);
            assertThat(walked[0]).isEqualTo(tokens);
        }
    }

    /** Adds tokens {@code first + 1} up to {@code first + count} as ham in one commit. */
    private static void addNewTokens(LmdbTokenStore store, long first, int count) {
        long[] tokens = new long[count];
        for (int i = 0; i < count; i++) tokens[i] = first + i + 1;
        store.write(w -> {
            w.addCounts(tokens, count, 1, 0);
            return null;
        });
    }

    @Test
    void concurrentReadersEachSeeExactlyTheirSnapshotWhileTheWriterCommits() throws Exception {
        try (LmdbTokenStore store = open()) {
            learn(store, 0, MailClass.HAM);
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService readers = Executors.newFixedThreadPool(3);
            try {
                List<Future<Integer>> checks = new ArrayList<>();
                for (int r = 0; r < 3; r++) {
                    checks.add(readers.submit(() -> {
                        int batches = 0;
                        while (writing.get() || batches == 0) {
                            try (ReadView view = store.read()) {
                                // The batch of lookups against the same transaction's cursor walk.
                                String disagreement = Messages.lookupDisagreement(view);
                                if (disagreement != null) throw new AssertionError(disagreement);
                            }
                            batches++;
                        }
                        return batches;
                    }));
                }
                for (long n = 1; n < 300; n++) {
                    if (n % 4 == 0) unlearn(store, n - 2);
                    else learn(store, n, n % 3 == 0 ? MailClass.HAM : MailClass.SPAM);
                }
                writing.set(false);
                for (Future<Integer> check : checks) assertThat(check.get()).isPositive();
            } finally {
                readers.shutdown();
            }
            assertMirroredAndExact(store);
        }
    }

    static void assertMirroredAndExact(LmdbTokenStore store) {
        try (ReadView view = store.read()) {
            assertThat(Messages.lookupDisagreement(view)).isNull();
            assertThat(Messages.inconsistency(view)).isNull();
            assertThat(store.mirrors(view)).as("lookups answered from the heap").isTrue();
        }
    }

    private static long[] lookupAll(ReadView view) {
        long[] tokens = new long[2_000];
        for (int t = 0; t < tokens.length; t++) tokens[t] = t;
        long[] counts = new long[tokens.length];
        view.lookup(tokens, tokens.length, counts);
        return counts;
    }

    private static void learn(LmdbTokenStore store, long n, MailClass mailClass) {
        store.write(w -> Messages.learn(w, n, mailClass));
    }

    private static void unlearn(LmdbTokenStore store, long n) {
        store.write(w -> Messages.unlearn(w, n));
    }
}
