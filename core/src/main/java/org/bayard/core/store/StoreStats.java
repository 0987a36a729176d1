package org.bayard.core.store;

/**
 * What {@code bayard db stats} shows.
 *
 * @param tokens distinct tokens with a non-zero count
 * @param ledgerEntries learned messages recorded in the ledger
 * @param bytesOnDisk size of the store's files, 0 for in-memory stores
 * @param bytesInUse what of {@code bytesOnDisk} holds the store's data; the rest is free space the
 *     store reuses before its files grow (LMDB never gives it back to the file system)
 */
public record StoreStats(Totals totals, long tokens, long ledgerEntries, long bytesOnDisk, long bytesInUse,
                         int tokenizerVersion, String kind) {
    /** For a store whose files hold nothing but its data. */
    public StoreStats(Totals totals, long tokens, long ledgerEntries, long bytesOnDisk, int tokenizerVersion, String kind) {
        this(totals, tokens, ledgerEntries, bytesOnDisk, bytesOnDisk, tokenizerVersion, kind);
    }

    /**
     * Messages the totals count that have no ledger entry: 0 while every learned message has one,
     * more once old entries were pruned ({@link LedgerPruner}) or a dump was imported with its
     * overlap allowed. Such messages stay counted, but forget cannot take them out.
     */
    public long unledgered() {
        return Math.max(0, totals.messages() - ledgerEntries);
    }
}
