package org.bayard.core.store;

import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

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
 *
 * <p>Why in rounds of at most {@link #defaultRound} entries: a walk of the ledger cannot be
 * written through, so the entries to remove are noted first, 16 bytes each; the first prune of a
 * year's ledger (3.35 million entries older than 30 days) ran a 64 MiB heap out. A round notes
 * as many as a thirty-second of the heap holds, removes them, and walks again.
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

    /** The entries one round notes: a thirty-second of the heap at 16 bytes each, at least 10,000. */
    public static int defaultRound() {
        return (int) Math.max(10_000, Math.min(Integer.MAX_VALUE / 2, Runtime.getRuntime().maxMemory() / 32 / 16));
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
            return new Chosen(view, cutoff, 0).pruned();
        }
    }

    /**
     * Removes the entries older than {@code cutoff} within a write the caller holds, so that a
     * token prune can go in the same transaction. Keeps nothing outside the view: a store may run
     * a write's action more than once (see TokenStore.write).
     */
    public static Pruned pruneIn(WriteView view, Instant cutoff) {
        return pruneIn(view, cutoff, defaultRound());
    }

    /** As {@link #pruneIn(WriteView, Instant)}, noting at most {@code round} entries at a time. */
    static Pruned pruneIn(WriteView view, Instant cutoff, int round) {
        Objects.requireNonNull(cutoff, "cutoff");
        Pruned first = null;
        while (true) {
            Chosen chosen = new Chosen(view, cutoff, round);
            if (first == null) first = chosen.pruned();
            // noted first, removed after: a view's walk must not be written through meanwhile
            for (int i = 0; i < chosen.digests.size(); i += 2) {
                view.removeLedgerEntry(new Digest(chosen.digests.getLong(i), chosen.digests.getLong(i + 1)));
            }
            if (!chosen.more()) return first;
        }
    }

    /**
     * Up to {@code round} of the entries of {@code store} older than {@code cutoff} now, chosen in
     * a read view: without the write lock, so that a long walk of a large ledger holds up no
     * learning. {@link Candidates#removeFrom} then takes them out in a write as short as their
     * number; when {@link Candidates#more} there are more to choose after it.
     */
    public static Candidates candidates(TokenStore store, Instant cutoff, int round) {
        Objects.requireNonNull(cutoff, "cutoff");
        if (round < 1) throw new IllegalArgumentException("round must be at least 1, got " + round);
        try (ReadView view = store.read()) {
            return new Candidates(new Chosen(view, cutoff, round), cutoff);
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

        /** Whether more entries were older than the cutoff than were chosen. */
        public boolean more() {
            return chosen.more();
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
                Optional<LedgerEntry> now = view.ledgerEntry(digest);
                if (now.isEmpty() || !now.get().time().isBefore(cutoff)) continue;
                view.removeLedgerEntry(digest);
                if (now.get().mailClass() == MailClass.HAM) ham++;
                else spam++;
            }
            return new Pruned(chosen.seen, ham + spam, ham, spam);
        }
    }

    /**
     * A walk of a view's ledger: how many entries are older than the cutoff, of which class, and
     * the digests of the first {@code round} of them, as halves (two longs each, not an object each).
     */
    private static final class Chosen {
        final LongArrayList digests;
        private final int round;
        long seen, ham, spam;

        Chosen(ReadView view, Instant cutoff, int round) {
            this.round = round;
            this.digests = new LongArrayList(2 * Math.min(round, 1 << 16));
            view.forEachLedgerEntry(e -> {
                seen++;
                if (!e.time().isBefore(cutoff)) return;
                if (e.mailClass() == MailClass.HAM) ham++;
                else spam++;
                if (digests.size() < 2L * round) {
                    digests.add(e.digest().high());
                    digests.add(e.digest().low());
                }
            });
        }

        boolean more() {
            return ham + spam > digests.size() / 2;
        }

        Pruned pruned() {
            return new Pruned(seen, ham + spam, ham, spam);
        }
    }
}
