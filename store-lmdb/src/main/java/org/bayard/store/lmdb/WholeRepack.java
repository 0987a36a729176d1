package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.lmdbjava.Cursor;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * A flush's repack of the whole tokens database: when it pays, and doing it against the write
 * transaction's parent snapshot. Apart from {@link LmdbWriteView} because it is the decision and
 * the transactions around {@link GroupRepacker}, once per flush; the repacker and the runs that
 * feed it do the per-token work.
 */
final class WholeRepack {
    private WholeRepack() {}

    /**
     * Changed tokens per stored group from which the flush repacks the whole tokens database
     * ({@link GroupRepacker}) rather than merging the changes into their groups in place: at one
     * per group, three per leaf page (three groups each), some 95% of the leaf pages are
     * rewritten anyway (a batch of 2,000 of the corpus's messages changes ~35 per group, one of
     * 37 one or two). A transaction that wrote held counts out before its flush (past
     * PENDING_LIMIT, as in a 64 MB heap) keeps merging in place (LmdbWriteView.repackPays).
     *
     * <p>Why one, where it was four: in place, LMDB copies each page it changes into a page of
     * the free list, anywhere in the file, and writes them at commit with a system call per run
     * of neighbouring pages (some 1,000 a commit of 37 messages here), where a repack appends
     * whole pages, and half the writer's CPU at small batches was the kernel's. Measured (the
     * corpus into a fresh store per round, two class loaders of one JVM alternating, writer
     * thread CPU): batches of 37, 0.600 of the writer's time (5 pairs, 0.53 to 0.68; about 380
     * us a message down to 220, system time halved); the last 460 messages in commits of 46
     * after the rest in batches of 2,000, 0.835 (8 pairs, all below 1). A commit of one message
     * (~600 tokens) stays in place in any store of more than ~50,000 tokens.
     */
    static final int REPACK_CHANGES_PER_GROUP = 1;

    /** Whether {@code changedTokens} change enough of the groups of {@code txn} to repack them all. */
    static boolean pays(int changedTokens, Databases dbs, Txn<ByteBuffer> txn) {
        return changedTokens >= REPACK_CHANGES_PER_GROUP * dbs.tokens().stat(txn).entries;
    }

    /**
     * Empties the tokens database of {@code txn} and has {@code merge} feed a {@link GroupRepacker}
     * that merges the groups of its parent snapshot ({@code parentSnapshot}), read through a read
     * transaction of it; false, with nothing written, when no reader slot is free or the parent is
     * no longer the latest snapshot.
     */
    static boolean run(Databases dbs, Txn<ByteBuffer> txn, Buffers buffers, ReadTransactions readTransactions,
                       long parentSnapshot, Consumer<GroupRepacker> merge) {
        Txn<ByteBuffer> parent;
        try {
            parent = readTransactions.begin();
        } catch (Env.ReadersFullException e) {
            return false; // views (of this and other processes) hold every reader slot: merging in place needs none
        }
        try {
            // The writer holds LMDB's write lock, so the latest snapshot is this transaction's parent.
            if (parent.getId() != parentSnapshot) return false;
            dbs.tokens().drop(txn);
            try (Cursor<ByteBuffer> oldGroups = dbs.tokens().openCursor(parent);
                 Cursor<ByteBuffer> out = dbs.tokens().openCursor(txn)) {
                GroupRepacker repacker = new GroupRepacker(oldGroups, out, buffers);
                merge.accept(repacker);
                repacker.finish();
            }
        } finally {
            readTransactions.end(parent);
        }
        return true;
    }
}
