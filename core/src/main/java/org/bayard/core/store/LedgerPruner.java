package org.bayard.core.store;

import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.time.Instant;
import java.util.Objects;

/**
 * Takes old entries out of the ledger: every entry whose time (when its message was learned, or
 * last relearned or confirmed by a person) is before a cutoff. The ledger is the one part of a
 * store that grows with every message learned whatever its tokens (about 100 bytes an entry), so
 * a site that autolearns has no other bound on it.
 *
 * <p>What is lost with an entry: the message stays in the counts and totals, but the store no
 * longer knows it was learned. Learned again it counts twice, learned as the other class it counts
 * in both, and {@code forget} cannot take it out (the entry said which class to take it out of).
 * That is why a pruned store's totals count more messages than its ledger has entries, and why
 * that difference is the measure of what forget can no longer reach (see {@link StoreStats#unledgered()}).
 *
 * <p>Why through the store's own write path, in one write: the entries are chosen and removed in
 * the same transaction, so a learn by another process cannot come between, and a prune that is
 * stopped (a full disk, SIGTERM, kill -9) leaves the store as it was.
 */
public final class LedgerPruner {
    private LedgerPruner() {}

    /**
     * What a ledger prune did, or would do.
     *
     * @param entriesBefore ledger entries before
     * @param removed entries taken out
     * @param ham of them, messages learned as ham
     * @param spam of them, messages learned as spam
     */
    public record Pruned(long entriesBefore, long removed, long ham, long spam) {
        public long entriesAfter() {
            return entriesBefore - removed;
        }
    }

    /** Removes every ledger entry of {@code store} older than {@code cutoff}, in one write. */
    public static Pruned prune(TokenStore store, Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return store.write(view -> pruneIn(view, cutoff));
    }

    /** What {@link #prune} would remove from {@code store} now, changing nothing. */
    public static Pruned wouldPrune(TokenStore store, Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        try (ReadView view = store.read()) {
            return new Chosen(view, cutoff).pruned();
        }
    }

    /**
     * Removes the entries older than {@code cutoff} within a write the caller holds, so that a
     * token prune can go in the same transaction. Keeps nothing outside the view: a store may run
     * a write's action more than once (see TokenStore.write).
     */
    public static Pruned pruneIn(WriteView view, Instant cutoff) {
        Chosen chosen = new Chosen(view, cutoff);
        // chosen first, removed after: a view's walk must not be written through meanwhile
        for (int i = 0; i < chosen.digests.size(); i += 2) {
            view.removeLedgerEntry(new Digest(chosen.digests.getLong(i), chosen.digests.getLong(i + 1)));
        }
        return chosen.pruned();
    }

    /**
     * The entries of {@code store} older than {@code cutoff} now, chosen in a read view: without
     * the write lock, so that a long walk of a large ledger holds up no learning. {@link
     * Candidates#removeFrom} then takes them out in a write as short as their number.
     */
    public static Candidates candidates(TokenStore store, Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        try (ReadView view = store.read()) {
            return new Candidates(new Chosen(view, cutoff), cutoff);
        }
    }

    /** Entries chosen outside a write, to be removed in one. */
    public static final class Candidates {
        private final Chosen chosen;
        private final Instant cutoff;

        private Candidates(Chosen chosen, Instant cutoff) {
            this.chosen = chosen;
            this.cutoff = cutoff;
        }

        /** How many were chosen. */
        public long size() {
            return chosen.digests.size() / 2;
        }

        /** About what they hold in memory, while a write waits for the lock. */
        public long bytes() {
            return 8L * chosen.digests.size();
        }

        /** The ledger's entries when they were chosen. */
        public long entriesSeen() {
            return chosen.seen;
        }

        /**
         * Removes the chosen entries that are still older than the cutoff in {@code view}: one
         * relearned or confirmed since it was chosen has a new time and stays, one forgotten meanwhile
         * is gone already. Keeps nothing outside the view, so it may run more than once.
         */
        public Pruned removeFrom(WriteView view) {
            long ham = 0, spam = 0;
            for (int i = 0; i < chosen.digests.size(); i += 2) {
                Digest digest = new Digest(chosen.digests.getLong(i), chosen.digests.getLong(i + 1));
                java.util.Optional<LedgerEntry> now = view.ledgerEntry(digest);
                if (now.isEmpty() || !now.get().time().isBefore(cutoff)) continue;
                view.removeLedgerEntry(digest);
                if (now.get().mailClass() == MailClass.HAM) ham++;
                else spam++;
            }
            return new Pruned(chosen.seen, ham + spam, ham, spam);
        }
    }

    /** The entries of a view older than the cutoff, as digest halves (two longs each, not an object each: a year's ledger can be millions). */
    private static final class Chosen {
        final LongArrayList digests = new LongArrayList();
        long seen, ham, spam;

        Chosen(ReadView view, Instant cutoff) {
            view.forEachLedgerEntry(e -> {
                seen++;
                if (!e.time().isBefore(cutoff)) return;
                digests.add(e.digest().high());
                digests.add(e.digest().low());
                if (e.mailClass() == MailClass.HAM) ham++;
                else spam++;
            });
        }

        Pruned pruned() {
            return new Pruned(seen, ham + spam, ham, spam);
        }
    }
}
