package org.bayard.store.redis;

import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.Totals;
import org.bayard.core.store.WriteView;

/**
 * One write against the shared store: changes go into a {@link WriteJournal}, reads see the
 * server with the journal's changes replayed on top, and the store commits the journal when the
 * action returns. Nothing reaches the server before that.
 */
final class RedisWriteView implements WriteView {
    private final RedisReads reads;
    final WriteJournal journal = new WriteJournal();
    /** The ledger as this write left it, per digest it changed; an empty Optional: removed. */
    private final Map<Digest, Optional<LedgerEntry>> ledger = new HashMap<>();
    private boolean closed;

    RedisWriteView(RedisReads reads) {
        this.reads = reads;
    }

    @Override
    public Totals totals() {
        checkOpen();
        return journal.replayTotals(reads.totals());
    }

    @Override
    public void lookup(long[] tokens, int count, long[] out) {
        checkOpen();
        reads.lookup(tokens, count, out);
        if (journal.isEmpty()) return;
        Long2LongOpenHashMap asked = new Long2LongOpenHashMap(count);
        for (int i = 0; i < count; i++) asked.put(tokens[i], out[i]);
        journal.replayCounts(asked, false);
        for (int i = 0; i < count; i++) out[i] = asked.get(tokens[i]);
    }

    @Override
    public Optional<LedgerEntry> ledgerEntry(Digest digest) {
        checkOpen();
        Optional<LedgerEntry> changed = ledger.get(digest);
        if (changed != null) return changed;
        byte[] value = reads.ledgerValue(digest);
        journal.readLedger(digest, value);
        return value == null ? Optional.empty() : Optional.of(LedgerValues.decode(digest, value));
    }

    /** Holds every token in memory while it replays this write's changes on them: for prunes and swaps, not per message. */
    @Override
    public void forEachToken(TokenCountsConsumer consumer) {
        checkOpen();
        Long2LongOpenHashMap all = new Long2LongOpenHashMap();
        reads.forEachToken(all::put);
        journal.replayCounts(all, true);
        for (Long2LongMap.Entry e : all.long2LongEntrySet()) {
            if (e.getLongValue() != 0) consumer.accept(e.getLongKey(), e.getLongValue());
        }
    }

    @Override
    public void forEachLedgerEntry(Consumer<? super LedgerEntry> consumer) {
        checkOpen();
        reads.forEachLedgerValue((digest, value) -> {
            if (!ledger.containsKey(digest)) consumer.accept(LedgerValues.decode(digest, value));
        });
        for (Optional<LedgerEntry> entry : ledger.values()) entry.ifPresent(consumer);
    }

    @Override
    public void addCounts(long[] tokens, int count, int dHam, int dSpam) {
        checkOpen();
        journal.addCounts(tokens, count, dHam, dSpam);
    }

    @Override
    public void addTotals(int dHam, int dSpam) {
        checkOpen();
        journal.addTotals(dHam, dSpam);
    }

    @Override
    public void putLedgerEntry(LedgerEntry entry) {
        checkOpen();
        Objects.requireNonNull(entry, "entry");
        journal.putLedgerEntry(entry);
        ledger.put(entry.digest(), Optional.of(entry));
    }

    @Override
    public void removeLedgerEntry(Digest digest) {
        checkOpen();
        Objects.requireNonNull(digest, "digest");
        journal.removeLedgerEntry(digest);
        ledger.put(digest, Optional.empty());
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
