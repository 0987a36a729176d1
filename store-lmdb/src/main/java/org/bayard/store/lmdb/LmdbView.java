package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Consumer;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.lmdbjava.Cursor;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.CursorIterable.KeyVal;
import org.lmdbjava.Txn;

/**
 * Reading inside one LMDB transaction, read-only or not. Buffers returned by lmdbjava point into
 * the memory map and are overwritten by the next call, so every value is copied out at once.
 */
abstract class LmdbView implements ReadView {
    final Databases dbs;
    final Txn<ByteBuffer> txn;
    final Buffers buffers;
    /** Counts as this transaction sees them, in front of LMDB's; null to read LMDB directly. */
    final SnapshotCache cache;
    Totals totals;
    private boolean closed;
    /** For lookups in the token groups; opened at the first, closed with the view. */
    private Cursor<ByteBuffer> groups;

    LmdbView(Databases dbs, Txn<ByteBuffer> txn, Buffers buffers, SnapshotCache cache) {
        this.dbs = dbs;
        this.txn = txn;
        this.buffers = buffers;
        this.cache = cache;
    }

    @Override
    public Totals totals() {
        checkOpen();
        if (totals == null) totals = Meta.totals(dbs, txn, buffers);
        return totals;
    }

    @Override
    public void lookup(long[] tokens, int count, long[] out) {
        checkOpen();
        for (int i = 0; i < count; i++) out[i] = countsOf(tokens[i]);
    }

    long countsOf(long token) {
        if (cache == null) return storedCounts(token);
        long cached = cache.get(token);
        if (cached != SnapshotCache.MISS) return cached;
        long stored = storedCounts(token);
        cache.put(token, stored);
        return stored;
    }

    private long storedCounts(long token) {
        if (groups == null) groups = dbs.tokens().openCursor(txn);
        return TokenGroups.countsOf(groups, buffers, token);
    }

    /** Closes the lookup cursor, if one is open; a later lookup opens another. */
    void closeGroupsCursor() {
        if (groups != null) {
            groups.close();
            groups = null;
        }
    }

    @Override
    public Optional<LedgerEntry> ledgerEntry(Digest digest) {
        checkOpen();
        ByteBuffer v = dbs.ledger().get(txn, buffers.digestKey(digest));
        return v == null ? Optional.empty() : Optional.of(LedgerCodec.decode(digest, v));
    }

    /** In home order (see TokenGroups). The consumer must not write through this view meanwhile. */
    @Override
    public void forEachToken(TokenCountsConsumer consumer) {
        checkOpen();
        TokenGroups.forEach(dbs.tokens(), txn, consumer);
    }

    @Override
    public void forEachLedgerEntry(Consumer<? super LedgerEntry> consumer) {
        checkOpen();
        try (CursorIterable<ByteBuffer> all = dbs.ledger().iterate(txn)) {
            for (KeyVal<ByteBuffer> kv : all) {
                Digest digest = new Digest(kv.key().getLong(0), kv.key().getLong(8));
                consumer.accept(LedgerCodec.decode(digest, kv.val()));
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            // Before release: a read transaction's cursors must be closed before it ends.
            closeGroupsCursor();
            release();
        }
    }

    /** Ends the transaction's use by this view; called once. */
    abstract void release();

    void checkOpen() {
        if (closed) throw new IllegalStateException("view is closed");
    }
}
