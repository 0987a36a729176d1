package org.bayard.core.store;

import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A token store in the heap, for tests and evaluation runs; nothing survives the process.
 *
 * <p>It behaves like the LMDB store where the contract asks it to. A write collects its changes
 * in a journal ({@link InMemoryWriteView}) and applies them only when the action returns, so an
 * action that throws leaves nothing behind. Read views are snapshots: when a write commits while
 * views are open, the values it overwrote are kept with the superseded {@link Snapshot}, and an
 * old view consults that chain of undo maps before the live map. When no view is open (the usual
 * case: classify, close, learn) a commit keeps no undo at all.
 *
 * <p>Locking: {@code writer} serializes writers for the whole action; the read-write lock guards
 * the live maps and the snapshot chain and is held only while a commit applies its journal and
 * while a view reads (one batch at a time), never while user code runs.
 */
public final class InMemoryTokenStore implements TokenStore {
    private final int tokenizerVersion;
    private final Long2LongOpenHashMap counts = new Long2LongOpenHashMap();
    private final Map<Digest, LedgerEntry> ledger = new HashMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ReentrantLock writer = new ReentrantLock();
    private final AtomicInteger openViews = new AtomicInteger();
    private Snapshot current = new Snapshot(Totals.EMPTY);
    private volatile boolean closed;

    public InMemoryTokenStore(int tokenizerVersion) {
        this.tokenizerVersion = tokenizerVersion;
    }

    @Override
    public ReadView read() {
        checkOpen();
        lock.readLock().lock();
        try {
            // Counted under the lock so that a commit either sees this view or precedes it.
            openViews.incrementAndGet();
            return new InMemoryReadView(this, current);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public <T> T write(WriteAction<T> action) {
        checkOpen();
        if (writer.isHeldByCurrentThread()) {
            throw new IllegalStateException("write() called from inside a write action; writes do not nest");
        }
        writer.lock();
        try {
            InMemoryWriteView view = new InMemoryWriteView(this, currentTotals());
            T result;
            try {
                result = action.apply(view);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                view.close();
            }
            commit(view);
            return result;
        } finally {
            writer.unlock();
        }
    }

    @Override
    public int tokenizerVersion() {
        return tokenizerVersion;
    }

    @Override
    public StoreStats stats() {
        checkOpen();
        lock.readLock().lock();
        try {
            return new StoreStats(current.totals, counts.size(), ledger.size(), 0, tokenizerVersion, "memory");
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("token store is closed");
    }

    private Totals currentTotals() {
        lock.readLock().lock();
        try {
            return current.totals;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void commit(InMemoryWriteView view) {
        lock.writeLock().lock();
        try {
            boolean keepUndo = openViews.get() > 0;
            Long2LongOpenHashMap undoCounts = keepUndo ? new Long2LongOpenHashMap(view.changedCounts.size()) : null;
            // Sized up front: copying one open-addressing table into a smaller one in slot order
            // piles keys into long probe chains (a 5,000-message write took minutes).
            counts.ensureCapacity(counts.size() + view.changedCounts.size());
            for (Long2LongMap.Entry e : view.changedCounts.long2LongEntrySet()) {
                long old = e.getLongValue() == 0 ? counts.remove(e.getLongKey()) : counts.put(e.getLongKey(), e.getLongValue());
                if (keepUndo) undoCounts.put(e.getLongKey(), old);
            }
            Map<Digest, LedgerEntry> undoLedger = keepUndo ? new HashMap<>() : null;
            for (Map.Entry<Digest, LedgerEntry> e : view.changedLedger.entrySet()) {
                LedgerEntry old = e.getValue() == null ? ledger.remove(e.getKey()) : ledger.put(e.getKey(), e.getValue());
                if (keepUndo) undoLedger.put(e.getKey(), old);
            }
            Snapshot next = new Snapshot(view.journalTotals());
            if (keepUndo) current.supersede(next, undoCounts, undoLedger);
            current = next;
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---- used by the views; callers hold the read lock or the writer lock ----

    ReentrantReadWriteLock lock() {
        return lock;
    }

    void viewClosed() {
        openViews.decrementAndGet();
    }

    /** The live count; only the writer changes it, so the writer may read without the read lock. */
    long liveCounts(long token) {
        return counts.get(token);
    }

    LedgerEntry liveLedgerEntry(Digest digest) {
        return ledger.get(digest);
    }

    Long2LongOpenHashMap liveCounts() {
        return counts;
    }

    Map<Digest, LedgerEntry> liveLedger() {
        return ledger;
    }

    /**
     * The state after one commit. {@code next} and the undo maps are set only if views were open
     * when the following commit ran; they hold the values this snapshot saw for the keys that
     * commit changed (0 or null: absent). Guarded by the store's lock.
     */
    static final class Snapshot {
        final Totals totals;
        Snapshot next;
        Long2LongOpenHashMap undoCounts;
        Map<Digest, LedgerEntry> undoLedger;

        Snapshot(Totals totals) {
            this.totals = totals;
        }

        void supersede(Snapshot next, Long2LongOpenHashMap undoCounts, Map<Digest, LedgerEntry> undoLedger) {
            this.next = next;
            this.undoCounts = undoCounts;
            this.undoLedger = undoLedger;
        }
    }
}
