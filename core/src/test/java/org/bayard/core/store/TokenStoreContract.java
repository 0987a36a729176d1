package org.bayard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link TokenStore} must have. An implementation's test extends this class
 * and says how to open a fresh store and, for persistent stores, how to reopen the same one.
 */
public abstract class TokenStoreContract {
    protected static final int VERSION = 7;

    protected TokenStore store;

    /** Opens a new, empty store. */
    protected abstract TokenStore openFresh(int tokenizerVersion) throws Exception;

    /** Whether data outlives {@link TokenStore#close()}, so that {@link #reopen} makes sense. */
    protected abstract boolean persistent();

    /** Opens again the store last returned by {@link #openFresh}, which the caller has closed. */
    protected TokenStore reopen(int tokenizerVersion) throws Exception {
        throw new UnsupportedOperationException("not a persistent store");
    }

    /** Whether the store keeps files on this machine, whose size its stats report. */
    protected boolean keepsFiles() {
        return persistent();
    }

    @BeforeEach
    void openStore() throws Exception {
        store = openFresh(VERSION);
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }

    // ---- lookups and counts ----

    @Test
    void lookupGivesCountsOfKnownTokensAndZeroForUnknownOnes() {
        store.write(w -> { w.addCounts(new long[] {1, 2}, 2, 1, 0); w.addCounts(new long[] {2, 3}, 2, 0, 2); return null; });

        assertThat(lookup(store, 1, 2, 3, 4, Long.MIN_VALUE, -1))
                .containsExactly(Counts.pack(1, 0), Counts.pack(1, 2), Counts.pack(0, 2), 0L, 0L, 0L);
    }

    @Test
    void lookupFillsOnlyTheFirstCountSlots() {
        store.write(w -> { w.addCounts(new long[] {5, 6}, 2, 3, 4); return null; });
        long[] out = {-9, -9, -9};
        try (ReadView r = store.read()) {
            r.lookup(new long[] {5, 6, 7}, 2, out);
        }
        assertThat(out).containsExactly(Counts.pack(3, 4), Counts.pack(3, 4), -9);
    }

    @Test
    void extremeTokenValuesAreDistinctKeys() {
        long[] tokens = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, 255, 256};
        store.write(w -> {
            for (int i = 0; i < tokens.length; i++) w.addCounts(new long[] {tokens[i]}, 1, i + 1, 0);
            return null;
        });
        long[] got = lookup(store, tokens);
        for (int i = 0; i < tokens.length; i++) assertThat(Counts.ham(got[i])).as("token %d", tokens[i]).isEqualTo(i + 1);
    }

    @Test
    void largeBatchLookupSeesEveryToken() {
        int n = 20_000;
        long[] tokens = new long[n];
        for (int i = 0; i < n; i++) tokens[i] = i * 0x9E3779B97F4A7C15L;
        store.write(w -> { w.addCounts(tokens, n, 0, 1); return null; });
        long[] out = new long[n];
        try (ReadView r = store.read()) {
            r.lookup(tokens, n, out);
        }
        assertThat(out).containsOnly(Counts.pack(0, 1));
        assertThat(store.stats().tokens()).isEqualTo(n);
    }

    @Test
    void countsAccumulateAcrossWrites() {
        for (int i = 0; i < 3; i++) store.write(w -> { w.addCounts(new long[] {42}, 1, 1, 2); return null; });
        assertThat(lookup(store, 42)).containsExactly(Counts.pack(3, 6));
    }

    @Test
    void unlearningMoreThanWasLearnedClampsAtZero() {
        store.write(w -> { w.addCounts(new long[] {1, 2}, 2, 2, 2); return null; });
        store.write(w -> { w.addCounts(new long[] {1}, 1, -5, 0); w.addCounts(new long[] {3}, 1, -1, -1); return null; });

        assertThat(lookup(store, 1, 2, 3)).containsExactly(Counts.pack(0, 2), Counts.pack(2, 2), 0L);
        java.util.Map<Long, Long> visited = new java.util.HashMap<>();
        try (ReadView r = store.read()) {
            r.forEachToken(visited::put);
        }
        assertThat(visited).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(1L, Counts.pack(0, 2), 2L, Counts.pack(2, 2)));
    }

    @Test
    void tokenThatReachesZeroZeroDisappears() {
        store.write(w -> { w.addCounts(new long[] {1, 2}, 2, 1, 0); return null; });
        store.write(w -> { w.addCounts(new long[] {1}, 1, -1, 0); return null; });

        assertThat(store.stats().tokens()).isEqualTo(1);
        List<Long> seen = new ArrayList<>();
        try (ReadView r = store.read()) {
            r.forEachToken((t, c) -> seen.add(t));
        }
        assertThat(seen).containsExactly(2L);
    }

    @Test
    void tokenWithOneClassAtZeroStays() {
        store.write(w -> { w.addCounts(new long[] {1}, 1, 1, 1); return null; });
        store.write(w -> { w.addCounts(new long[] {1}, 1, -1, 0); return null; });
        assertThat(store.stats().tokens()).isEqualTo(1);
        assertThat(lookup(store, 1)).containsExactly(Counts.pack(0, 1));
    }

    @Test
    void writeViewSeesItsOwnChanges() {
        store.write(w -> { w.addCounts(new long[] {1}, 1, 1, 0); return null; });
        store.write(w -> {
            w.addCounts(new long[] {1, 2}, 2, 1, 1);
            w.addTotals(1, 0);
            w.putLedgerEntry(entry(1, MailClass.HAM));
            long[] out = new long[2];
            w.lookup(new long[] {1, 2}, 2, out);
            assertThat(out).containsExactly(Counts.pack(2, 1), Counts.pack(1, 1));
            assertThat(w.totals()).isEqualTo(new Totals(1, 0));
            assertThat(w.ledgerEntry(digest(1))).isPresent();
            w.removeLedgerEntry(digest(1));
            assertThat(w.ledgerEntry(digest(1))).isEmpty();
            w.addCounts(new long[] {2}, 1, -1, -1);
            List<Long> tokens = new ArrayList<>();
            w.forEachToken((t, c) -> tokens.add(t));
            assertThat(tokens).containsExactly(1L);
            return null;
        });
    }

    @Test
    void writeReturnsWhatTheActionReturns() {
        String result = store.write(w -> "done");
        assertThat(result).isEqualTo("done");
    }

    // ---- totals and ledger ----

    @Test
    void totalsAddUpAndNeverGoNegative() {
        try (ReadView r = store.read()) {
            assertThat(r.totals()).isEqualTo(Totals.EMPTY);
        }
        store.write(w -> { w.addTotals(2, 3); return null; });
        store.write(w -> { w.addTotals(-1, -5); return null; });
        try (ReadView r = store.read()) {
            assertThat(r.totals()).isEqualTo(new Totals(1, 0));
        }
        assertThat(store.stats().totals()).isEqualTo(new Totals(1, 0));
    }

    @Test
    void ledgerEntryIsStoredRetrievedAndRemoved() {
        LedgerEntry entry = new LedgerEntry(digest(9), "<a\u00e9b@example.org>", MailClass.SPAM, LearnSource.TRAP,
                Instant.parse("2026-11-21T10:15:30.123456789Z"));
        store.write(w -> { w.putLedgerEntry(entry); return null; });
        try (ReadView r = store.read()) {
            assertThat(r.ledgerEntry(digest(9))).contains(entry);
            assertThat(r.ledgerEntry(digest(10))).isEmpty();
        }
        store.write(w -> { w.removeLedgerEntry(digest(9)); w.removeLedgerEntry(digest(10)); return null; });
        try (ReadView r = store.read()) {
            assertThat(r.ledgerEntry(digest(9))).isEmpty();
        }
        assertThat(store.stats().ledgerEntries()).isZero();
    }

    @Test
    void everySourceAndClassAndAnEmptyMessageIdRoundTrip() {
        List<LedgerEntry> entries = new ArrayList<>();
        int i = 0;
        for (LearnSource source : LearnSource.values()) {
            for (MailClass mailClass : MailClass.values()) {
                entries.add(new LedgerEntry(digest(i++), "", mailClass, source, Instant.ofEpochSecond(-5, 1)));
            }
        }
        store.write(w -> { entries.forEach(w::putLedgerEntry); return null; });
        List<LedgerEntry> seen = new ArrayList<>();
        try (ReadView r = store.read()) {
            r.forEachLedgerEntry(seen::add);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(entries);
    }

    @Test
    void puttingTheSameDigestAgainReplacesTheEntry() {
        store.write(w -> { w.putLedgerEntry(entry(1, MailClass.HAM)); return null; });
        store.write(w -> { w.putLedgerEntry(entry(1, MailClass.SPAM)); return null; });
        try (ReadView r = store.read()) {
            assertThat(r.ledgerEntry(digest(1))).map(LedgerEntry::mailClass).contains(MailClass.SPAM);
        }
        assertThat(store.stats().ledgerEntries()).isEqualTo(1);
    }

    // ---- atomicity and isolation ----

    @Test
    void failedWriteLeavesNothingBehind() {
        learn(store, 1, MailClass.HAM, 10, 11);
        StoreStats before = store.stats();

        RuntimeException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> store.write(w -> {
            w.addCounts(new long[] {10, 12}, 2, 0, 1);
            w.addCounts(new long[] {11}, 1, -1, 0);
            w.addTotals(0, 1);
            w.putLedgerEntry(entry(2, MailClass.SPAM));
            w.removeLedgerEntry(digest(1));
            throw boom;
        })).isSameAs(boom);

        assertThat(store.stats()).isEqualTo(before);
        assertThat(lookup(store, 10, 11, 12)).containsExactly(Counts.pack(1, 0), Counts.pack(1, 0), 0L);
        try (ReadView r = store.read()) {
            assertThat(r.totals()).isEqualTo(new Totals(1, 0));
            assertThat(r.ledgerEntry(digest(1))).isPresent();
            assertThat(r.ledgerEntry(digest(2))).isEmpty();
        }
    }

    @Test
    void ioExceptionFromTheActionComesBackUncheckedAndRollsBack() {
        IOException cause = new IOException("disk said no");
        assertThatThrownBy(() -> store.write(w -> { w.addTotals(1, 1); throw cause; }))
                .isInstanceOf(UncheckedIOException.class).hasCause(cause);
        assertThat(store.stats().totals()).isEqualTo(Totals.EMPTY);
    }

    @Test
    void storeStaysUsableAfterAFailedWrite() {
        assertThatThrownBy(() -> store.write(w -> { throw new IllegalArgumentException("x"); }));
        learn(store, 1, MailClass.SPAM, 5);
        assertThat(lookup(store, 5)).containsExactly(Counts.pack(0, 1));
    }

    @Test
    void writesDoNotNest() {
        assertThatThrownBy(() -> store.write(w -> store.write(inner -> null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nest");
        learn(store, 1, MailClass.HAM, 1);
        assertThat(store.stats().totals()).isEqualTo(new Totals(1, 0));
    }

    @Test
    void closedReadViewRefusesToRead() {
        ReadView r = store.read();
        r.close();
        r.close();
        assertThatThrownBy(() -> r.lookup(new long[] {1}, 1, new long[1])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void writesFromManyVirtualThreadsAllLand() throws Exception {
        int writers = 200;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int id = i;
                done.add(pool.submit(() -> {
                    learn(store, id, MailClass.SPAM, 1, 1000 + id);
                    try (ReadView r = store.read()) {
                        assertThat(r.ledgerEntry(digest(id))).isPresent();
                    }
                }));
            }
            for (Future<?> f : done) f.get();
        }
        assertThat(lookup(store, 1)).containsExactly(Counts.pack(0, writers));
        assertThat(store.stats().totals()).isEqualTo(new Totals(0, writers));
        assertThat(store.stats().ledgerEntries()).isEqualTo(writers);
        assertThat(store.stats().tokens()).isEqualTo(writers + 1);
    }

    // ---- iteration, stats, versions, persistence ----

    @Test
    void forEachTokenVisitsEveryTokenWithItsCounts() {
        learn(store, 1, MailClass.HAM, 1, 2);
        learn(store, 2, MailClass.SPAM, 2, 3);
        try (ReadView r = store.read()) {
            assertThat(tokensOf(r)).containsExactlyInAnyOrderEntriesOf(
                    Map.of(1L, Counts.pack(1, 0), 2L, Counts.pack(1, 1), 3L, Counts.pack(0, 1)));
        }
    }

    @Test
    void statsCountTokensLedgerEntriesAndTotals() {
        StoreStats empty = store.stats();
        assertThat(empty.tokens()).isZero();
        assertThat(empty.ledgerEntries()).isZero();
        assertThat(empty.totals()).isEqualTo(Totals.EMPTY);
        assertThat(empty.tokenizerVersion()).isEqualTo(VERSION);
        assertThat(empty.kind()).isNotBlank();

        learn(store, 1, MailClass.HAM, 1, 2, 3);
        learn(store, 2, MailClass.SPAM, 3, 4);
        StoreStats stats = store.stats();
        assertThat(stats.tokens()).isEqualTo(4);
        assertThat(stats.ledgerEntries()).isEqualTo(2);
        assertThat(stats.totals()).isEqualTo(new Totals(1, 1));
        if (keepsFiles()) assertThat(stats.bytesOnDisk()).isPositive();
        else assertThat(stats.bytesOnDisk()).isZero();
    }

    @Test
    void tokenizerVersionIsRecorded() {
        assertThat(store.tokenizerVersion()).isEqualTo(VERSION);
    }

    @Test
    void closingTwiceIsHarmlessAndAClosedStoreRefusesWork() {
        store.close();
        store.close();
        assertThatThrownBy(() -> store.read()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.write(w -> null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void reopenedStoreKeepsCountsTotalsAndLedger() throws Exception {
        assumeTrue(persistent(), "not a persistent store");
        learn(store, 1, MailClass.HAM, 1, 2);
        learn(store, 2, MailClass.SPAM, 2);
        store.close();
        store = reopen(VERSION);

        assertThat(store.tokenizerVersion()).isEqualTo(VERSION);
        assertThat(lookup(store, 1, 2)).containsExactly(Counts.pack(1, 0), Counts.pack(1, 1));
        try (ReadView r = store.read()) {
            assertThat(r.totals()).isEqualTo(new Totals(1, 1));
            assertThat(r.ledgerEntry(digest(2))).contains(entry(2, MailClass.SPAM));
        }
    }

    @Test
    void reopeningWithAnotherTokenizerVersionIsRefused() throws Exception {
        assumeTrue(persistent(), "not a persistent store");
        learn(store, 1, MailClass.HAM, 1);
        store.close();
        store = null;

        assertThatThrownBy(() -> reopen(VERSION + 1))
                .isInstanceOf(IncompatibleStoreException.class)
                .hasMessageContaining("tokenizer version " + VERSION)
                .hasMessageContaining(String.valueOf(VERSION + 1));
        store = reopen(VERSION);
        assertThat(lookup(store, 1)).containsExactly(Counts.pack(1, 0));
    }

    // ---- pruning rare tokens (bayard db prune) ----

    @Test
    void pruneRemovesTheTokensCountedAtMostNTimesAndKeepsTheRestAndTheTotalsAndLedger() {
        long[][] counts = {{1, 1, 0}, {2, 0, 1}, {3, 1, 1}, {4, 2, 0}, {5, 0, 3}, {6, 5, 5}};
        store.write(w -> {
            for (long[] c : counts) w.addCounts(new long[] {c[0]}, 1, (int) c[1], (int) c[2]);
            w.addTotals(5, 5);
            w.putLedgerEntry(entry(1, MailClass.HAM));
            return null;
        });

        assertThat(TokenPruner.wouldPrune(store, 1)).as("a dry run").isEqualTo(new TokenPruner.Pruned(6, 2, 1, 1));
        assertThat(store.stats().tokens()).as("after a dry run").isEqualTo(6);
        TokenPruner.Pruned hapaxes = TokenPruner.prune(store, 1);
        assertThat(hapaxes).isEqualTo(new TokenPruner.Pruned(6, 2, 1, 1));
        try (ReadView r = store.read()) {
            assertThat(tokensOf(r)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    3L, Counts.pack(1, 1), 4L, Counts.pack(2, 0), 5L, Counts.pack(0, 3), 6L, Counts.pack(5, 5)));
            assertThat(r.totals()).isEqualTo(new Totals(5, 5));
            assertThat(r.ledgerEntry(digest(1))).isPresent();
        }

        assertThat(TokenPruner.prune(store, 2)).isEqualTo(new TokenPruner.Pruned(4, 2, 3, 1));
        assertThat(store.stats().tokens()).isEqualTo(2);
        assertThat(lookup(store, 5, 6)).containsExactly(Counts.pack(0, 3), Counts.pack(5, 5));
        assertThat(TokenPruner.prune(store, 2).removed()).isZero();
    }

    @Test
    void forgettingMessagesWhoseTokensWerePrunedLeavesNoNegativeCountAndLearningThemAgainCountsFromZero() {
        learn(store, 1, MailClass.HAM, 1, 2, 3);
        learn(store, 2, MailClass.HAM, 2, 3, 4);
        learn(store, 3, MailClass.SPAM, 3, 5);
        assertThat(TokenPruner.prune(store, 1).removed()).isEqualTo(3); // 1, 4, 5

        unlearn(store, 1, MailClass.HAM, 1, 2, 3);
        unlearn(store, 3, MailClass.SPAM, 3, 5);
        try (ReadView r = store.read()) {
            assertThat(tokensOf(r)).containsExactlyInAnyOrderEntriesOf(Map.of(2L, Counts.pack(1, 0), 3L, Counts.pack(1, 0)));
            assertThat(r.totals()).isEqualTo(new Totals(1, 0));
        }
        // relearned as the other class in one write, as the learner does: out of ham, into spam
        store.write(w -> {
            w.addCounts(new long[] {2, 3, 4}, 3, -1, 0);
            w.addCounts(new long[] {2, 3, 4}, 3, 0, 1);
            return null;
        });
        learn(store, 1, MailClass.HAM, 1, 2, 3);
        assertThat(lookup(store, 1, 2, 3, 4, 5))
                .containsExactly(Counts.pack(1, 0), Counts.pack(1, 1), Counts.pack(1, 1), Counts.pack(0, 1), 0L);
    }

    @Test
    void pruneOfAFewTokensInALargeStoreAndOfMostOfItKeepsEveryOtherCount() {
        int n = 20_000;
        long[] tokens = new long[n];
        for (int i = 0; i < n; i++) tokens[i] = (i + 1) * 0x9E37_79B9_7F4A_7C15L;
        long[] rare = java.util.Arrays.copyOf(tokens, 25);
        store.write(w -> {
            w.addCounts(tokens, n, 1, 1);
            w.addCounts(rare, rare.length, -1, 0); // these 25 are seen once, as spam
            return null;
        });
        assertThat(TokenPruner.prune(store, 1)).isEqualTo(new TokenPruner.Pruned(n, 25, 0, 25));
        assertThat(store.stats().tokens()).isEqualTo(n - 25);

        // now most of the store: all but the first 100 left, counted (1, 1) each
        store.write(w -> { w.addCounts(tokens, 100, 1, 0); return null; });
        assertThat(TokenPruner.prune(store, 2).removed()).isEqualTo(n - 75); // the 25 learned again, and all past the first 100
        try (ReadView r = store.read()) {
            Map<Long, Long> left = tokensOf(r);
            assertThat(left).hasSize(75);
            for (int i = 25; i < 100; i++) assertThat(left).containsEntry(tokens[i], Counts.pack(2, 1));
        }
    }

    @Test
    void pruneRefusesACountBelowOne() {
        assertThatThrownBy(() -> TokenPruner.prune(store, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- pruning old ledger entries (bayard db prune --ledger-older-than) ----

    @Test
    void ledgerPruneRemovesTheEntriesOlderThanTheCutoffAndKeepsCountsTotalsAndTheRest() {
        learn(store, 1, MailClass.HAM, 1, 2);
        learn(store, 2, MailClass.SPAM, 2, 3);
        learn(store, 3, MailClass.SPAM, 3, 4);
        learn(store, 4, MailClass.HAM, 4, 5);
        Instant cutoff = entry(3, MailClass.HAM).time(); // entries 1 and 2 are older; 3 is not (not before it)
        Map<Long, Long> tokens;
        try (ReadView r = store.read()) {
            tokens = tokensOf(r);
        }

        assertThat(LedgerPruner.wouldPrune(store, cutoff)).as("a dry run").isEqualTo(new LedgerPruner.Pruned(4, 2, 1, 1));
        assertThat(store.stats().ledgerEntries()).as("after a dry run").isEqualTo(4);
        assertThat(LedgerPruner.prune(store, cutoff)).isEqualTo(new LedgerPruner.Pruned(4, 2, 1, 1));

        try (ReadView r = store.read()) {
            assertThat(r.ledgerEntry(digest(1))).isEmpty();
            assertThat(r.ledgerEntry(digest(2))).isEmpty();
            assertThat(r.ledgerEntry(digest(3))).contains(entry(3, MailClass.SPAM));
            assertThat(r.ledgerEntry(digest(4))).contains(entry(4, MailClass.HAM));
            assertThat(r.totals()).isEqualTo(new Totals(2, 2));
            assertThat(tokensOf(r)).isEqualTo(tokens);
        }
        assertThat(store.stats().ledgerEntries()).isEqualTo(2);
        assertThat(store.stats().unledgered()).as("counted messages without an entry").isEqualTo(2);
        assertThat(LedgerPruner.prune(store, cutoff).removed()).isZero();
    }

    @Test
    void ledgerPruneOfAFewEntriesInALargeLedgerAndThenOfAllOfItInOneWriteWithATokenPrune() {
        int n = 20_000;
        store.write(w -> {
            for (int i = 1; i <= n; i++) w.putLedgerEntry(entry(i, i % 3 == 0 ? MailClass.SPAM : MailClass.HAM));
            w.addTotals(n - n / 3, n / 3);
            w.addCounts(new long[] {7, 8}, 2, 1, 0);
            w.addCounts(new long[] {8}, 1, 0, 1);
            return null;
        });
        assertThat(LedgerPruner.prune(store, entry(26, MailClass.HAM).time())).isEqualTo(new LedgerPruner.Pruned(n, 25, 17, 8));
        try (ReadView r = store.read()) {
            assertThat(r.ledgerEntry(digest(25))).isEmpty();
            assertThat(r.ledgerEntry(digest(26))).isPresent();
            assertThat(r.ledgerEntry(digest(n))).isPresent();
        }

        Instant after = entry(n + 1, MailClass.HAM).time();
        var both = store.write(w -> List.of(LedgerPruner.pruneIn(w, after), TokenPruner.pruneIn(w, 1)));
        assertThat(both).containsExactly(new LedgerPruner.Pruned(n - 25, n - 25, n - 25 - (n / 3 - 8), n / 3 - 8),
                new TokenPruner.Pruned(2, 1, 1, 0));
        assertThat(store.stats().ledgerEntries()).isZero();
        assertThat(store.stats().unledgered()).isEqualTo(n);
        assertThat(lookup(store, 7, 8)).containsExactly(0L, Counts.pack(1, 1));
    }

    /** A prune noting a few entries at a time walks again until none older is left, in the same write. */
    @Test
    void ledgerPruneInRoundsSmallerThanWhatItRemovesRemovesAllOfItInOneWrite() {
        int n = 1_000;
        store.write(w -> {
            for (int i = 1; i <= n; i++) w.putLedgerEntry(entry(i, i % 2 == 0 ? MailClass.SPAM : MailClass.HAM));
            w.addTotals(n / 2, n / 2);
            return null;
        });
        Instant cutoff = entry(701, MailClass.HAM).time(); // 700 older
        assertThat(LedgerPruner.wouldPrune(store, cutoff)).isEqualTo(new LedgerPruner.Pruned(n, 700, 350, 350));
        LedgerPruner.Pruned pruned = store.write(w -> LedgerPruner.pruneIn(w, cutoff, 64));
        assertThat(pruned).isEqualTo(new LedgerPruner.Pruned(n, 700, 350, 350));
        assertThat(store.stats().ledgerEntries()).isEqualTo(300);
        try (ReadView r = store.read()) {
            assertThat(r.ledgerEntry(digest(700))).isEmpty();
            assertThat(r.ledgerEntry(digest(701))).isPresent();
        }
    }

    /** Chosen outside the write, removed in it: what changed between is left as it now is. */
    @Test
    void ledgerCandidatesChosenBeforeTheWriteRemoveOnlyTheEntriesStillOld() {
        for (int i = 1; i <= 5; i++) learn(store, i, MailClass.HAM, 100 + i);
        Instant cutoff = entry(10, MailClass.HAM).time(); // all five are older
        LedgerPruner.Candidates chosen = LedgerPruner.candidates(store, cutoff, 10);
        assertThat(chosen.size()).isEqualTo(5);
        assertThat(chosen.more()).isFalse();
        assertThat(LedgerPruner.candidates(store, cutoff, 3)).satisfies(c -> {
            assertThat(c.size()).isEqualTo(3);
            assertThat(c.more()).isTrue();
        });
        assertThat(store.stats().ledgerEntries()).as("choosing changes nothing").isEqualTo(5);

        unlearn(store, 1, MailClass.HAM, 101); // forgotten meanwhile
        store.write(w -> { // relearned as spam meanwhile: a new time
            w.putLedgerEntry(new LedgerEntry(digest(2), "<2@test>", MailClass.SPAM, LearnSource.MANUAL, cutoff.plusSeconds(60)));
            return null;
        });

        LedgerPruner.Pruned removed = store.write(chosen::removeFrom);
        assertThat(removed).isEqualTo(new LedgerPruner.Pruned(5, 3, 3, 0));
        try (ReadView r = store.read()) {
            assertThat(r.ledgerEntry(digest(2))).map(LedgerEntry::mailClass).contains(MailClass.SPAM);
            for (int i = 3; i <= 5; i++) assertThat(r.ledgerEntry(digest(i))).isEmpty();
            assertThat(r.totals()).isEqualTo(new Totals(4, 0));
        }
    }

    // ---- helpers ----

    protected static Digest digest(long n) {
        return new Digest(0x0123_4567_89ab_cdefL, n);
    }

    protected static LedgerEntry entry(long n, MailClass mailClass) {
        return new LedgerEntry(digest(n), "<" + n + "@test>", mailClass, LearnSource.MANUAL, Instant.ofEpochSecond(1_700_000_000L + n));
    }

    /** Learns a message the way the learner will: counts, totals and ledger in one write. */
    protected static void learn(TokenStore store, long n, MailClass mailClass, long... tokens) {
        int ham = mailClass == MailClass.HAM ? 1 : 0;
        store.write(w -> {
            w.addCounts(tokens, tokens.length, ham, 1 - ham);
            w.addTotals(ham, 1 - ham);
            w.putLedgerEntry(entry(n, mailClass));
            return null;
        });
    }

    /** Takes a message out the way the learner's forget does: counts, totals and ledger in one write. */
    protected static void unlearn(TokenStore store, long n, MailClass mailClass, long... tokens) {
        int ham = mailClass == MailClass.HAM ? 1 : 0;
        store.write(w -> {
            w.addCounts(tokens, tokens.length, -ham, ham - 1);
            w.addTotals(-ham, ham - 1);
            w.removeLedgerEntry(digest(n));
            return null;
        });
    }

    protected static long[] lookup(TokenStore store, long... tokens) {
        long[] out = new long[tokens.length];
        try (ReadView r = store.read()) {
            r.lookup(tokens, tokens.length, out);
        }
        return out;
    }

    protected static long lookup(ReadView view, long token) {
        long[] out = new long[1];
        view.lookup(new long[] {token}, 1, out);
        return out[0];
    }

    protected static Map<Long, Long> tokensOf(ReadView view) {
        Map<Long, Long> tokens = new HashMap<>();
        view.forEachToken((t, c) -> assertThat(tokens.put(t, c)).as("token %d visited twice", t).isNull());
        return tokens;
    }
}
