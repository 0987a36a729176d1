package org.bayard.store.lmdb;

/**
 * Tokens in unsigned order (LMDB's key order) with their packed counts, in two arrays of the
 * same length: what a write transaction wrote, which the mirror then takes over.
 */
record SortedCounts(long[] tokens, long[] counts) {
    static final SortedCounts NONE = new SortedCounts(new long[0], new long[0]);

    int size() {
        return tokens.length;
    }
}
