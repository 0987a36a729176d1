package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.bayard.core.store.Counts;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.WriteView;
import org.lmdbjava.Txn;

/**
 * One write transaction, used only on the writer thread. Totals are kept in a field and written
 * to the meta database once, just before commit.
 */
final class LmdbWriteView extends LmdbView implements WriteView {
    private boolean totalsChanged;

    LmdbWriteView(Databases dbs, Txn<ByteBuffer> txn, Buffers buffers) {
        super(dbs, txn, buffers);
    }

    @Override
    public void addCounts(long[] tokens, int count, int dHam, int dSpam) {
        checkOpen();
        for (int i = 0; i < count; i++) {
            long old = countsOf(tokens[i]);
            long updated = Counts.add(old, dHam, dSpam);
            if (updated == old) continue;
            ByteBuffer key = buffers.tokenKey(tokens[i]);
            if (updated == 0) dbs.tokens().delete(txn, key);
            else dbs.tokens().put(txn, key, buffers.longValue(updated));
        }
    }

    @Override
    public void addTotals(int dHam, int dSpam) {
        checkOpen();
        totals = totals().plus(dHam, dSpam);
        totalsChanged = true;
    }

    @Override
    public void putLedgerEntry(LedgerEntry entry) {
        checkOpen();
        Objects.requireNonNull(entry, "entry");
        ByteBuffer value = LedgerCodec.encode(entry, buffers);
        dbs.ledger().put(txn, buffers.digestKey(entry.digest()), value);
    }

    @Override
    public void removeLedgerEntry(Digest digest) {
        checkOpen();
        dbs.ledger().delete(txn, buffers.digestKey(Objects.requireNonNull(digest, "digest")));
    }

    /** Writes what was held back; the store commits right after. */
    void flush() {
        if (totalsChanged) Meta.putTotals(dbs, txn, buffers, totals);
    }

    /** The store owns the transaction; closing the view only stops an escaped view from writing. */
    @Override
    void release() {}
}
