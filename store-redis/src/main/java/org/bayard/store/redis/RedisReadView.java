package org.bayard.store.redis;

import java.util.Optional;
import java.util.function.Consumer;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;

/**
 * A read view of the shared store. Not a snapshot: each call sees the server as it is then, and
 * other nodes write between calls. But a lookup reads the totals right after the counts, in the
 * same round trip, and the view answers {@link #totals} with those: a message is scored with
 * counts and totals at most the learns of that instant apart.
 */
final class RedisReadView implements ReadView {
    private final RedisReads reads;
    /** The totals read with the last lookup; null before the first. */
    private Totals atLookup;
    private boolean closed;

    RedisReadView(RedisReads reads) {
        this.reads = reads;
    }

    @Override
    public Totals totals() {
        checkOpen();
        return atLookup != null ? atLookup : reads.totals();
    }

    @Override
    public void lookup(long[] tokens, int count, long[] out) {
        checkOpen();
        atLookup = reads.lookup(tokens, count, out);
    }

    @Override
    public Optional<LedgerEntry> ledgerEntry(Digest digest) {
        checkOpen();
        byte[] value = reads.ledgerValue(digest);
        return value == null ? Optional.empty() : Optional.of(LedgerValues.decode(digest, value));
    }

    @Override
    public void forEachToken(TokenCountsConsumer consumer) {
        checkOpen();
        reads.forEachToken(consumer);
    }

    @Override
    public void forEachLedgerEntry(Consumer<? super LedgerEntry> consumer) {
        checkOpen();
        reads.forEachLedgerValue((digest, value) -> consumer.accept(LedgerValues.decode(digest, value)));
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("read view is closed");
    }
}
