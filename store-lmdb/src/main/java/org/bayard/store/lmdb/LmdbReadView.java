package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import org.bayard.core.store.Totals;
import org.lmdbjava.Txn;

/**
 * A read-only transaction: one consistent moment of the store, across processes. It may be used
 * on any thread, one at a time (the environment is opened with MDB_NOTLS, so the reader slot
 * belongs to the transaction, not the thread). While it is open, LMDB cannot reuse the pages it
 * sees, so keep it short: a long-lived view makes the file grow under writers.
 *
 * <p>Counts and totals go through a {@link SnapshotCache} when the store could lend one.
 */
final class LmdbReadView extends LmdbView {
    private final LmdbTokenStore store;
    private final TokenMirror mirror;
    private final long snapshot;

    /** @param cache this view's alone until it closes; null to read LMDB directly */
    LmdbReadView(LmdbTokenStore store, Databases dbs, Txn<ByteBuffer> txn, Buffers buffers, SnapshotCache cache,
                 TokenMirror mirror) {
        super(dbs, txn, buffers, cache);
        this.store = store;
        this.mirror = mirror;
        this.snapshot = txn.getId();
        if (cache != null) cache.serve(snapshot);
    }

    /**
     * From the mirror when it holds this view's snapshot; else the view tries to rebuild it (if
     * the mirror is behind, say after another process wrote), and reads LMDB if that fails.
     */
    @Override
    public void lookup(long[] tokens, int count, long[] out) {
        checkOpen();
        if (mirror.lookup(snapshot, tokens, count, out)) return;
        if (mirror.buildFrom(dbs.tokens(), txn, snapshot) && mirror.lookup(snapshot, tokens, count, out)) return;
        super.lookup(tokens, count, out);
    }

    @Override
    public Totals totals() {
        if (cache == null) return super.totals();
        checkOpen();
        Totals cached = cache.totals();
        if (cached != null) return cached;
        Totals read = super.totals();
        cache.putTotals(read);
        return read;
    }

    @Override
    void release() {
        store.viewClosed(txn, buffers, cache);
    }
}
