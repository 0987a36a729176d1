package org.bayard.core.store;

import java.util.Optional;

/**
 * A consistent view of a store: totals, counts and ledger all from the same moment. Views are
 * short-lived; close them promptly (an LMDB view pins a reader slot).
 */
public interface ReadView extends AutoCloseable {

    Totals totals();

    /**
     * Looks up many tokens at once: for each {@code tokens[i]}, {@code i < count}, writes its
     * packed {@link Counts} to {@code out[i]} (0 when unknown).
     */
    void lookup(long[] tokens, int count, long[] out);

    Optional<LedgerEntry> ledgerEntry(Digest digest);

    @Override
    void close();
}
