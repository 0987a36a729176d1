package org.bayard.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where token counts, message totals and the ledger live. Every implementation passes the same
 * contract tests ({@code TokenStoreContract} in this module's test jar).
 *
 * <p>A store records the tokenizer version that wrote it; opening it with another version is an
 * {@link IncompatibleStoreException}, never silently mixed features.
 */
public interface TokenStore extends AutoCloseable {

    /** A consistent read-only view; close it when done. */
    ReadView read();

    /**
     * Runs {@code action} in one atomic write transaction. Writes are serialized (per store, and
     * across processes for stores that support several); keep actions short. A store may run
     * writes that wait at the same time in one transaction, in order, and when one of them
     * fails, run each again alone: so an action may run more than once, and must change nothing
     * outside its view (hand what it finds out back as its result).
     *
     * @throws UncheckedIOException when the storage fails; nothing of the action is kept
     */
    <T> T write(WriteAction<T> action);

    /**
     * Whether a {@link #write} of this process waits at this moment for the write lock another
     * process holds: so a caller that gave up waiting can say truly why its write is late (held
     * out by another writer, or only long). False for a store no other process writes.
     */
    default boolean waitsForAnotherProcess() {
        return false;
    }

    /** The tokenizer version recorded with the data. */
    int tokenizerVersion();

    StoreStats stats();

    @Override
    void close();

    @FunctionalInterface
    interface WriteAction<T> {
        T apply(WriteView view) throws IOException;
    }
}
