package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import org.lmdbjava.Txn;

/**
 * A read-only transaction: one consistent moment of the store, across processes. It may be used
 * on any thread, one at a time (the environment is opened with MDB_NOTLS, so the reader slot
 * belongs to the transaction, not the thread). While it is open, LMDB cannot reuse the pages it
 * sees, so keep it short: a long-lived view makes the file grow under writers.
 */
final class LmdbReadView extends LmdbView {
    private final LmdbTokenStore store;

    LmdbReadView(LmdbTokenStore store, Databases dbs, Txn<ByteBuffer> txn, Buffers buffers) {
        super(dbs, txn, buffers);
        this.store = store;
    }

    @Override
    void release() {
        txn.close();
        store.viewClosed(buffers);
    }
}
