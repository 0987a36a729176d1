package org.bayard.store.lmdb;

/**
 * Counts a write transaction changed and holds until it writes them into its token groups and,
 * after commit, hands them to the {@link TokenMirror}: {@link PendingCounts}, or a batch folded
 * at once ({@link LogRuns}).
 */
interface HeldCounts {
    /** Receives held tokens and their counts. */
    @FunctionalInterface
    interface Consumer {
        void accept(long token, long counts);
    }

    int size();

    /** Hands every held token to {@code consumer} in unsigned token order (the order of LMDB's integer keys). */
    void forEachInUnsignedOrder(Consumer consumer);

    /** Puts every held token's counts into {@code mirror} ({@link CountsTable#put}), in the order cheapest for it. */
    void putInto(CountsTable mirror);
}
