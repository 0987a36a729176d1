package org.bayard.core.store;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;

/**
 * Takes rare tokens out of a store, as bogofilter's {@code bogoutil -c N} does: every token whose
 * ham and spam counts add up to at most {@code maxCount}. Most of a trained store is such tokens
 * (of the 656,188 that the spamassassin corpus leaves, 438,070 were seen once), and each adds
 * little to a score: Robinson's probability of a token seen once is pulled most of the way to the
 * unknown-token probability anyway.
 *
 * <p>Why through the store's own write path, in one write: the tokens are chosen and taken out in
 * the same transaction, so a learn by another process (a running {@code bayard serve}) cannot come
 * between the choice and the removal, and a prune that is interrupted (Ctrl-C, a full disk, kill -9)
 * leaves the store as it was. A token is taken out by adding minus its counts, which the store
 * already does when the last message that counted it is forgotten: counts that reach (0, 0) are
 * removed. The totals and the ledger stay: they count messages, not tokens, and forgetting a
 * message later takes its pruned tokens below nothing, which the store clamps at 0.
 *
 * <p>Tokens carry no age, so there is no pruning by age (bogoutil's {@code -a}) yet: that needs a
 * time per token in the store and in the dump, a change of both formats.
 */
public final class TokenPruner {
    private TokenPruner() {}

    /**
     * What a prune did.
     *
     * @param tokensBefore distinct tokens before
     * @param removed tokens taken out
     * @param hamCounts the ham counts they held
     * @param spamCounts the spam counts they held
     */
    public record Pruned(long tokensBefore, long removed, long hamCounts, long spamCounts) {
        public long tokensAfter() {
            return tokensBefore - removed;
        }
    }

    /**
     * Removes every token of {@code store} whose ham plus spam count is at most {@code maxCount},
     * in one write.
     *
     * @throws IllegalArgumentException when {@code maxCount} is below 1 (nothing to remove)
     */
    public static Pruned prune(TokenStore store, int maxCount) {
        if (maxCount < 1) throw new IllegalArgumentException("maxCount must be at least 1, got " + maxCount);
        return store.write(view -> pruneIn(view, maxCount));
    }

    /**
     * What {@link #prune} would remove from {@code store} now, changing nothing.
     *
     * @throws IllegalArgumentException when {@code maxCount} is below 1
     */
    public static Pruned wouldPrune(TokenStore store, int maxCount) {
        if (maxCount < 1) throw new IllegalArgumentException("maxCount must be at least 1, got " + maxCount);
        try (ReadView view = store.read()) {
            return new Chosen(view, maxCount).pruned();
        }
    }

    /**
     * Chooses in {@code view} and takes out, within a write the caller holds (so that a ledger
     * prune can go in the same transaction); may run more than once (see TokenStore.write), so it
     * keeps nothing outside.
     */
    public static Pruned pruneIn(WriteView view, int maxCount) {
        if (maxCount < 1) throw new IllegalArgumentException("maxCount must be at least 1, got " + maxCount);
        Chosen chosen = new Chosen(view, maxCount);
        for (var group : chosen.byCounts.long2ObjectEntrySet()) {
            long counts = group.getLongKey();
            LongArrayList tokens = group.getValue();
            view.addCounts(tokens.elements(), tokens.size(), -Counts.ham(counts), -Counts.spam(counts));
        }
        return chosen.pruned();
    }

    /**
     * The tokens of a view counted at most {@code maxCount} times, grouped by their counts, so
     * that each group goes out in one addCounts: (1,0) and (0,1) at the default, at most
     * (maxCount+1)(maxCount+2)/2 groups in all.
     */
    private static final class Chosen {
        final Long2ObjectOpenHashMap<LongArrayList> byCounts = new Long2ObjectOpenHashMap<>();
        long seen;

        Chosen(ReadView view, int maxCount) {
            view.forEachToken((token, counts) -> {
                seen++;
                if ((long) Counts.ham(counts) + Counts.spam(counts) > maxCount) return;
                LongArrayList tokens = byCounts.get(counts);
                if (tokens == null) byCounts.put(counts, tokens = new LongArrayList());
                tokens.add(token);
            });
        }

        Pruned pruned() {
            long removed = 0, ham = 0, spam = 0;
            for (var group : byCounts.long2ObjectEntrySet()) {
                long counts = group.getLongKey();
                int tokens = group.getValue().size();
                removed += tokens;
                ham += (long) Counts.ham(counts) * tokens;
                spam += (long) Counts.spam(counts) * tokens;
            }
            return new Pruned(seen, removed, ham, spam);
        }
    }
}
