package org.bayard.core.train;

import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayList;
import java.util.List;
import org.bayard.core.store.Counts;
import org.bayard.core.store.Digest;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.StoreStats;
import org.bayard.core.store.TokenStore;
import org.bayard.core.store.Totals;

/**
 * Replaces everything a store holds (counts, totals, ledger) with another model, in one write
 * transaction of the target. That transaction is the swap: a reader in this or another process
 * sees either the whole old model or the whole new one, never a mixture, and sees the new one
 * at its next read view, with no restart and no reopening. If the process dies before the
 * commit, the old model is untouched.
 *
 * <p>Why not a second store directory and a pointer flip: every process holding the store
 * open would have to notice the flip, open the new environment and close the old one under its
 * own readers, which the store interface has no way to say. One transaction needs nothing from
 * the readers. Its cost is that the old model's pages are freed inside the same transaction and
 * reused afterwards; the data file does not shrink (LMDB never shrinks it).
 *
 * <p>What was learned into the target by anyone else is replaced too, ledger included: the
 * new model is the whole truth, as its counts must agree with its ledger.
 */
public final class ModelReplacement {
    private ModelReplacement() {}

    /** What the target held before and holds now. */
    public record Swap(Totals before, long tokensBefore, long ledgerBefore, Totals after, long tokensAfter,
                       long ledgerAfter) {}

    /**
     * Thrown by {@link #fill} when the target holds a model at the moment of the swap: nothing
     * was changed. {@code held} is what it held: its totals, ledger entries and tokens.
     */
    public static final class TargetNotEmpty extends RuntimeException {
        private final Totals totals;
        private final long ledgerEntries;

        TargetNotEmpty(Totals totals, long ledgerEntries, long tokens) {
            super("the store holds a model of " + totals.messages() + " messages (" + ledgerEntries + " ledger entries, "
                    + tokens + " tokens)");
            this.totals = totals;
            this.ledgerEntries = ledgerEntries;
        }

        public Totals totals() {
            return totals;
        }

        public long ledgerEntries() {
            return ledgerEntries;
        }
    }

    /** Copies {@code source} over {@code target}, whatever it held; {@code source} must be a different store. */
    public static Swap replace(TokenStore source, TokenStore target) {
        return swap(source, target, true);
    }

    /**
     * Copies {@code source} into {@code target}, which must hold nothing (no totals, ledger entry
     * or token) when the swap's transaction begins, else {@link TargetNotEmpty} and nothing is
     * changed. The check is in the transaction because another process can learn into the store
     * between a caller's own look at it and the swap, and that model is not ours to throw away.
     */
    public static Swap fill(TokenStore source, TokenStore target) {
        return swap(source, target, false);
    }

    private static Swap swap(TokenStore source, TokenStore target, boolean overAModel) {
        if (source == target) throw new IllegalArgumentException("a store cannot replace itself");
        if (source.tokenizerVersion() != target.tokenizerVersion()) {
            throw new IllegalArgumentException("the new model was built with tokenizer version " + source.tokenizerVersion()
                    + " but the store holds version " + target.tokenizerVersion());
        }
        StoreStats after = source.stats();
        try (ReadView model = source.read()) {
            return target.write(view -> {
                // Collect first: a cursor must not run over a database that is being changed.
                LongArrayList oldTokens = new LongArrayList();
                view.forEachToken((token, counts) -> oldTokens.add(token));
                List<Digest> oldLedger = new ArrayList<>();
                view.forEachLedgerEntry(e -> oldLedger.add(e.digest()));
                Totals before = view.totals();
                if (!overAModel && (before.messages() > 0 || !oldLedger.isEmpty() || !oldTokens.isEmpty())) {
                    throw new TargetNotEmpty(before, oldLedger.size(), oldTokens.size());
                }
                // Counts clamp at zero, so subtracting the largest count empties every token.
                view.addCounts(oldTokens.elements(), oldTokens.size(), -Integer.MAX_VALUE, -Integer.MAX_VALUE);
                view.addTotals(-Integer.MAX_VALUE, -Integer.MAX_VALUE);
                for (Digest d : oldLedger) view.removeLedgerEntry(d);

                long[] one = new long[1];
                model.forEachToken((token, counts) -> {
                    one[0] = token;
                    view.addCounts(one, 1, Counts.ham(counts), Counts.spam(counts));
                });
                model.forEachLedgerEntry(view::putLedgerEntry);
                Totals totals = model.totals();
                view.addTotals(Math.toIntExact(totals.ham()), Math.toIntExact(totals.spam()));
                return new Swap(before, oldTokens.size(), oldLedger.size(), totals, after.tokens(), after.ledgerEntries());
            });
        }
    }
}
