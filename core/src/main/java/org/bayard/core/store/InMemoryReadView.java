package org.bayard.core.store;

import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.bayard.core.store.InMemoryTokenStore.Snapshot;

/**
 * A snapshot view of an {@link InMemoryTokenStore}. A value is the live one unless a later
 * commit overwrote it, in which case the first undo map on the chain from this view's snapshot
 * that holds the key has the value this view must see.
 */
final class InMemoryReadView implements ReadView {
    private final InMemoryTokenStore store;
    private final Snapshot snapshot;
    private boolean closed;

    InMemoryReadView(InMemoryTokenStore store, Snapshot snapshot) {
        this.store = store;
        this.snapshot = snapshot;
    }

    @Override
    public Totals totals() {
        checkOpen();
        return snapshot.totals;
    }

    @Override
    public void lookup(long[] tokens, int count, long[] out) {
        checkOpen();
        store.lock().readLock().lock();
        try {
            if (snapshot.next == null) {
                Long2LongOpenHashMap live = store.liveCounts();
                for (int i = 0; i < count; i++) out[i] = live.get(tokens[i]);
            } else {
                for (int i = 0; i < count; i++) out[i] = countsAtSnapshot(tokens[i]);
            }
        } finally {
            store.lock().readLock().unlock();
        }
    }

    private long countsAtSnapshot(long token) {
        for (Snapshot s = snapshot; s.next != null; s = s.next) {
            if (s.undoCounts.containsKey(token)) return s.undoCounts.get(token);
        }
        return store.liveCounts(token);
    }

    @Override
    public Optional<LedgerEntry> ledgerEntry(Digest digest) {
        checkOpen();
        store.lock().readLock().lock();
        try {
            for (Snapshot s = snapshot; s.next != null; s = s.next) {
                if (s.undoLedger.containsKey(digest)) return Optional.ofNullable(s.undoLedger.get(digest));
            }
            return Optional.ofNullable(store.liveLedgerEntry(digest));
        } finally {
            store.lock().readLock().unlock();
        }
    }

    /** Copies the snapshot out under the lock, so the consumer may do anything, even write. */
    @Override
    public void forEachToken(TokenCountsConsumer consumer) {
        checkOpen();
        Long2LongOpenHashMap copy;
        store.lock().readLock().lock();
        try {
            copy = store.liveCounts().clone();
            for (Snapshot s : newestFirst()) {
                for (Long2LongMap.Entry e : s.undoCounts.long2LongEntrySet()) {
                    if (e.getLongValue() == 0) copy.remove(e.getLongKey());
                    else copy.put(e.getLongKey(), e.getLongValue());
                }
            }
        } finally {
            store.lock().readLock().unlock();
        }
        for (Long2LongMap.Entry e : copy.long2LongEntrySet()) consumer.accept(e.getLongKey(), e.getLongValue());
    }

    @Override
    public void forEachLedgerEntry(Consumer<? super LedgerEntry> consumer) {
        checkOpen();
        Map<Digest, LedgerEntry> copy;
        store.lock().readLock().lock();
        try {
            copy = new HashMap<>(store.liveLedger());
            for (Snapshot s : newestFirst()) {
                for (Map.Entry<Digest, LedgerEntry> e : s.undoLedger.entrySet()) {
                    if (e.getValue() == null) copy.remove(e.getKey());
                    else copy.put(e.getKey(), e.getValue());
                }
            }
        } finally {
            store.lock().readLock().unlock();
        }
        copy.values().forEach(consumer);
    }

    /** Superseded snapshots from the newest back to this view's: undoing in that order rewinds. */
    private List<Snapshot> newestFirst() {
        List<Snapshot> chain = new ArrayList<>();
        for (Snapshot s = snapshot; s.next != null; s = s.next) chain.add(s);
        return chain.reversed();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            store.viewClosed();
        }
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("read view is closed");
    }
}
