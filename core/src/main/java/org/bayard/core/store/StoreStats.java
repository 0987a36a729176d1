package org.bayard.core.store;

/**
 * What {@code bayard db stats} shows.
 *
 * @param tokens distinct tokens with a non-zero count
 * @param ledgerEntries learned messages recorded in the ledger
 * @param bytesOnDisk size of the store's files, 0 for in-memory stores
 */
public record StoreStats(Totals totals, long tokens, long ledgerEntries, long bytesOnDisk, int tokenizerVersion,
                         String kind) {}
