package org.bayard.core.store;

/**
 * The inside of one atomic write: either every change made through it becomes visible at once,
 * or (when the action throws, or the process dies) none does.
 */
public interface WriteView extends ReadView {

    /**
     * Adds {@code dHam} and {@code dSpam} to each of {@code tokens[0..count)}; counts never go
     * below zero. Tokens whose counts reach (0, 0) are removed. The array must hold no duplicates.
     */
    void addCounts(long[] tokens, int count, int dHam, int dSpam);

    /** Adds to the message totals, never going below zero. */
    void addTotals(int dHam, int dSpam);

    void putLedgerEntry(LedgerEntry entry);

    void removeLedgerEntry(Digest digest);
}
