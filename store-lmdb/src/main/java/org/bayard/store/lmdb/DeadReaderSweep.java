package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import org.lmdbjava.Env;

/**
 * Clears the reader slots of processes that died while reading (kill -9 of a {@code bayard
 * score}, an OOM kill, a delivery's time limit), every {@link #READER_CHECK_WRITES} writes: a
 * dead reader's slot pins the snapshot it read, so LMDB reuses no page freed after it and every
 * write grows the file (3,000 writes behind one took a store's file from 0.2 MB to 74 MB).
 * The open clears them too, but a store held open for months ({@code bayard serve}) was never
 * opened again. Cheap: one look at the lock file's slots. Apart from the store because it is
 * housekeeping of other processes' slots, not part of a write. Used on the writer thread only.
 */
final class DeadReaderSweep {
    /** Write transactions between two clearings of dead processes' reader slots. */
    static final int READER_CHECK_WRITES = 64;

    private final Env<ByteBuffer> env;
    /** Write transactions begun since the last clearing. */
    private int writesSinceReaderCheck;

    DeadReaderSweep(Env<ByteBuffer> env) {
        this.env = env;
    }

    /** Counts a write transaction about to begin, and clears dead readers' slots every {@link #READER_CHECK_WRITES}. */
    void beforeWrite() {
        if (++writesSinceReaderCheck < READER_CHECK_WRITES) return;
        writesSinceReaderCheck = 0;
        try {
            env.readerCheck();
        } catch (org.lmdbjava.LmdbException e) {
            // the next write tries again; a write must not fail for a look at other processes' slots
        }
    }
}
