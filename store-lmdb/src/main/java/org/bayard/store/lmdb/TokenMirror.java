package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.StampedLock;
import org.lmdbjava.Dbi;
import org.lmdbjava.Txn;

/**
 * The whole tokens database copied into the heap, tagged with the LMDB transaction id of the
 * snapshot it equals. Why: a random LMDB get on a store of a million tokens costs 1-1.6 us,
 * almost all of it cache misses in LMDB's B-tree search, and a message looks up ~600 tokens; a
 * probe of {@link CountsTable} costs one miss. Read views and the writer ask the mirror first
 * and fall back to LMDB whenever it does not hold exactly their snapshot.
 *
 * <p>Kept in step: built by one cursor walk from some transaction (tagged with its snapshot),
 * then this process's writer applies each commit's final values to it and moves the tag to the
 * committed id ({@link #advance}). A commit by another process gets an id the mirror was never
 * advanced to, so views of it see a mismatch, read LMDB, and rebuild the mirror: stale counts
 * are never served, because a tag is only ever set together with the exact contents.
 *
 * <p>Concurrency: the content and tag change only under the write lock of a {@link StampedLock}.
 * A batch of lookups runs as an optimistic read: it checks the tag, reads, then validates the
 * stamp; if any write lock was taken meanwhile, the batch may mix two snapshots, so it is thrown
 * away and read from LMDB. A batch that validates saw no change at all, so it is exactly the
 * tagged snapshot, which is the view's. Readers never block the writer, nor each other.
 *
 * <p>Bounded: a table is built or grown only while it and the one it replaces fit in
 * {@link #budgetBytes} (a quarter of the heap by default). A store too large for the heap
 * (a million tokens scored in 64 MB) then simply keeps using LMDB and its snapshot caches,
 * instead of running the JVM out of memory.
 */
final class TokenMirror {
    private static final long NO_SNAPSHOT = -1;

    private final long budgetBytes;
    private final StampedLock lock = new StampedLock();
    /** One build at a time; others read LMDB meanwhile rather than walk the store twice. */
    private final AtomicBoolean building = new AtomicBoolean();
    /**
     * The last snapshot found too big for the budget. Every read view of a store that never fits
     * would otherwise ask again, each time a lock, a CAS and a native stat, once per message;
     * snapshots only grow, so a newer one is measured afresh.
     */
    private volatile long overBudgetAt = NO_SNAPSHOT;
    private CountsTable table;
    private long snapshot = NO_SNAPSHOT;

    TokenMirror(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** A quarter of the heap: what the mirror may take without crowding out the work it speeds up. */
    static TokenMirror withHeapBudget() {
        return new TokenMirror(Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * Fills {@code out} with snapshot {@code snapshotId}'s counts of the tokens and returns true,
     * or returns false (with {@code out} undefined) when the mirror does not hold that snapshot
     * or changed during the batch.
     */
    boolean lookup(long snapshotId, long[] tokens, int count, long[] out) {
        long stamp = lock.tryOptimisticRead();
        if (stamp == 0) return false;
        CountsTable t = table;
        if (t == null || snapshot != snapshotId) return false;
        t.getAll(tokens, count, out);
        return lock.validate(stamp);
    }

    /**
     * Builds the mirror from {@code txn}, whose tokens database is snapshot {@code snapshotId},
     * unless the mirror already holds that or a newer snapshot, another thread is building, or
     * the store does not fit the budget. Returns whether the mirror holds {@code snapshotId} now.
     * The cursor walk reads the transaction, so it must not have uncommitted token writes.
     */
    boolean buildFrom(Dbi<ByteBuffer> tokens, Txn<ByteBuffer> txn, long snapshotId) {
        if (snapshotId == overBudgetAt || !isOlderThan(snapshotId) || !building.compareAndSet(false, true)) return false;
        try {
            // Each group holds a token at least: a store too big by its groups alone is not walked to count its tokens.
            if (overBudget(tokens.stat(txn).entries, snapshotId)) return false;
            long entries = TokenGroups.count(tokens, txn);
            if (overBudget(entries, snapshotId) || !dropIfOlderThan(snapshotId)) return false;
            CountsTable built = new CountsTable(roomFor(entries));
            // In home order, the groups' order: the table fills front to back, each token put
            // after the one before without a probe or a mix (CountsTable.InHomeOrder). Against
            // a put per token: the build 0.84 and 0.79 of the CPU (the corpus's 655,753 tokens,
            // about 16 ms; 20 builds per jar, both jars in one JVM alternating, each order; A/A 1.01).
            CountsTable.InHomeOrder fill = built.new InHomeOrder();
            TokenGroups.forEachHomeOrder(tokens, txn, fill::add);
            install(built, snapshotId);
            return true;
        } finally {
            building.set(false);
        }
    }

    /**
     * How many tokens a built table is sized for: twice the store's, when that fits the budget.
     * Why: sized for the store alone, the table is up to 3/4 full, and a look-up's probe runs
     * lengthen; since training no longer grows a mirror (the writer sums into the groups), a
     * trained store's first reader builds it, and built tight it scored slower than the grown
     * one it replaced. Measured (the corpus trained into a fresh store, then scored, the first
     * look-up building the mirror; thread CPU per message, medians of 5 rounds per JVM, three
     * JVMs each, base, tight and roomy alternating, a helper's job loading the machine):
     * tight 20.4 to 23.9 us, roomy 17.5 to 22.7, the round's start 15.6 to 17.3 (a grown
     * mirror, built by the writer). The build itself took 16 to 21 ms either way.
     */
    private long roomFor(long entries) {
        return CountsTable.bytesFor(2 * entries) <= budgetBytes ? 2 * entries : entries;
    }

    /** Whether a table of {@code entries} tokens would pass the budget; if so, remembers {@code snapshotId} as too big. */
    private boolean overBudget(long entries, long snapshotId) {
        if (CountsTable.bytesFor(entries) <= budgetBytes) return false;
        overBudgetAt = snapshotId;
        return true;
    }

    /** Whether the mirror holds no snapshot, or one older than {@code snapshotId}. */
    private boolean isOlderThan(long snapshotId) {
        long stamp = lock.readLock();
        try {
            return snapshot == NO_SNAPSHOT || snapshot < snapshotId;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * Drops the table before a build of {@code snapshotId}, so that the old and the new one never
     * need the budget together; false, keeping it, if the writer advanced it that far meanwhile.
     */
    private boolean dropIfOlderThan(long snapshotId) {
        long stamp = lock.writeLock();
        try {
            if (snapshot != NO_SNAPSHOT && snapshot >= snapshotId) return false;
            drop();
            return true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * Installs a finished build. Unconditional: after the drop the mirror held nothing, only a
     * builder installs (one at a time), and the writer cannot advance an empty mirror.
     */
    private void install(CountsTable built, long snapshotId) {
        long stamp = lock.writeLock();
        try {
            table = built;
            snapshot = snapshotId;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * For the writer, after it committed snapshot {@code to} on top of {@code from}: applies the
     * exact final counts it wrote (0 meaning deleted) and tags the mirror {@code to}. A mirror
     * that did not hold {@code from} is left alone (it is stale already); one that would outgrow
     * the budget is dropped.
     */
    void advance(long from, long to, LogRuns written) {
        long stamp = lock.writeLock();
        try {
            if (table == null || snapshot != from) return;
            if (!makeRoom(table.size() + written.size(), written.size())) {
                drop();
                return;
            }
            // In the order the writer holds them, the home order of its log (AddLog.sortByHome),
            // which is the mirror's home order too (LinearProbing): the puts run through it front
            // to back. In key order instead, the writer's time in advance grew by a third
            // (measured, thread CPU time, the corpus in batches of 500); 175k puts into 1.2M
            // tokens (thread CPU time): 35-46 ns per put in home order, 80-175 in key order, and
            // 64-88 in key order in chunks of 512 whose home slots were loaded first, as
            // CountsTable.getAll does. In home order such chunks were no faster: 50-77 ns per put
            // against 48-65 (150k puts into 1.1M tokens).
            written.forEach(table::put);
            snapshot = to;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * Grows the table, if {@code needed} tokens would overfill it, to take {@code batch} more
     * on top (the next batch, if like this one, then fits without a rehash) while that and the
     * table it replaces fit the budget, else to take {@code needed}; false, leaving it, if even
     * that would not fit.
     *
     * <p>Why room for one more batch: training a store from empty in batches of 2,000 of the
     * corpus's messages (about 550k new tokens in the first, 300k and 200k in the next two)
     * grew the table at the first advance to 2^20 slots and rehashed its 550k tokens into 2^21
     * at the second; now the first makes 2^21 slots, which the whole corpus (1.23 million) fits,
     * as before. The rehash took about 2.5 us of the writer's CPU per message of the corpus
     * (thread CPU time, the writer's Java work at flush without LMDB, batches of 2,000).
     */
    private boolean makeRoom(long needed, long batch) {
        if (CountsTable.bytesFor(needed) <= table.bytes()) return true;
        long roomy = needed + batch;
        long entries = CountsTable.bytesFor(roomy) + table.bytes() <= budgetBytes ? roomy : needed;
        if (CountsTable.bytesFor(entries) + table.bytes() > budgetBytes) return false;
        table.ensureCapacity(entries);
        return true;
    }

    /** Heap bytes of the table's slots, 0 without a table: for tests. */
    long tableBytes() {
        long stamp = lock.readLock();
        try {
            return table == null ? 0 : table.bytes();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Whether a lookup of snapshot {@code snapshotId} would be answered from the heap now. */
    boolean holds(long snapshotId) {
        long stamp = lock.readLock();
        try {
            return table != null && snapshot == snapshotId;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** For the writer, after a commit whose changes it no longer has: the mirror is rebuilt later. */
    void invalidate() {
        long stamp = lock.writeLock();
        try {
            drop();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private void drop() {
        table = null;
        snapshot = NO_SNAPSHOT;
    }
}
