package org.bayard.core.store;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * A view of a store. The embedded stores' views are snapshots: totals, counts and ledger all from
 * the same moment ({@code SnapshotViewContract}). A store shared by many nodes (Redis) answers
 * each read as it is then (it reads a lookup's counts and the totals back to back).
 * Views are short-lived; close them promptly (an LMDB view pins a reader slot).
 */
public interface ReadView extends AutoCloseable {

    Totals totals();

    /**
     * Looks up many tokens at once: for each {@code tokens[i]}, {@code i < count}, writes its
     * packed {@link Counts} to {@code out[i]} (0 when unknown).
     */
    void lookup(long[] tokens, int count, long[] out);

    Optional<LedgerEntry> ledgerEntry(Digest digest);

    /**
     * Visits every token with a non-zero count, in no particular order, as of this view. For
     * export and consistency checks; it walks the whole store, so never call it per message.
     */
    void forEachToken(TokenCountsConsumer consumer);

    /** Visits every ledger entry, in no particular order, as of this view. */
    void forEachLedgerEntry(Consumer<? super LedgerEntry> consumer);

    @Override
    void close();

    /** Receives a token and its packed {@link Counts} without boxing either. */
    @FunctionalInterface
    interface TokenCountsConsumer {
        void accept(long token, long counts);
    }
}
