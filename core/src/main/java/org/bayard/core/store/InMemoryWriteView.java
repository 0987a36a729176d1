package org.bayard.core.store;

import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The journal of one in-memory write: changes land here, reads see the journal over the live
 * maps, and the store applies the journal only after the action returns normally. Runs under the
 * store's writer lock, so the live maps cannot change underneath it.
 */
final class InMemoryWriteView implements WriteView {
    private static final long UNCHANGED = -1; // packed counts are never negative

    private final InMemoryTokenStore store;
    /** New packed counts per changed token; 0 means the token is removed. */
    final Long2LongOpenHashMap changedCounts = new Long2LongOpenHashMap();
    /** New entry per changed digest; null means the entry is removed. */
    final Map<Digest, LedgerEntry> changedLedger = new HashMap<>();
    private Totals totals;
    private boolean closed;

    InMemoryWriteView(InMemoryTokenStore store, Totals totals) {
        this.store = store;
        this.totals = totals;
        changedCounts.defaultReturnValue(UNCHANGED);
    }

    @Override
    public Totals totals() {
        checkOpen();
        return totals;
    }

    @Override
    public void lookup(long[] tokens, int count, long[] out) {
        checkOpen();
        for (int i = 0; i < count; i++) out[i] = countsOf(tokens[i]);
    }

    private long countsOf(long token) {
        long changed = changedCounts.get(token);
        return changed != UNCHANGED ? changed : store.liveCounts(token);
    }

    @Override
    public Optional<LedgerEntry> ledgerEntry(Digest digest) {
        checkOpen();
        if (changedLedger.containsKey(digest)) return Optional.ofNullable(changedLedger.get(digest));
        return Optional.ofNullable(store.liveLedgerEntry(digest));
    }

    @Override
    public void forEachToken(TokenCountsConsumer consumer) {
        checkOpen();
        for (Long2LongMap.Entry e : store.liveCounts().long2LongEntrySet()) {
            if (!changedCounts.containsKey(e.getLongKey())) consumer.accept(e.getLongKey(), e.getLongValue());
        }
        for (Long2LongMap.Entry e : changedCounts.long2LongEntrySet()) {
            if (e.getLongValue() != 0) consumer.accept(e.getLongKey(), e.getLongValue());
        }
    }

    @Override
    public void forEachLedgerEntry(Consumer<? super LedgerEntry> consumer) {
        checkOpen();
        for (Map.Entry<Digest, LedgerEntry> e : store.liveLedger().entrySet()) {
            if (!changedLedger.containsKey(e.getKey())) consumer.accept(e.getValue());
        }
        for (LedgerEntry e : changedLedger.values()) {
            if (e != null) consumer.accept(e);
        }
    }

    @Override
    public void addCounts(long[] tokens, int count, int dHam, int dSpam) {
        checkOpen();
        for (int i = 0; i < count; i++) {
            long token = tokens[i];
            changedCounts.put(token, Counts.add(countsOf(token), dHam, dSpam));
        }
    }

    @Override
    public void addTotals(int dHam, int dSpam) {
        checkOpen();
        totals = totals.plus(dHam, dSpam);
    }

    @Override
    public void putLedgerEntry(LedgerEntry entry) {
        checkOpen();
        Objects.requireNonNull(entry, "entry");
        changedLedger.put(entry.digest(), entry);
    }

    @Override
    public void removeLedgerEntry(Digest digest) {
        checkOpen();
        Objects.requireNonNull(digest, "digest");
        changedLedger.put(digest, null);
    }

    /** The totals to commit; read by the store after the action, when the view is closed. */
    Totals journalTotals() {
        return totals;
    }

    /** Ends the action; a view that escaped it can no longer change the journal. */
    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("write view used outside its write action");
    }
}
