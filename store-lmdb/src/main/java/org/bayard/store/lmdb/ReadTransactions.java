package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * The read transactions of a store's views, kept reset between views and renewed for the next
 * one instead of begun and aborted each time. A view is one message's lookups, so this is paid
 * per message: begin and abort took 530 to 1,200 ns (lmdbjava allocates a transaction object and
 * its key and value buffers, and LMDB finds a reader slot), renew and reset 86 ns (200,000 of
 * each in a loop, one JVM). A whole view, opened, one lookup, closed: 520 to 1,690 ns before,
 * 190 to 480 after (two JVMs each, alternating).
 *
 * <p>A reset transaction holds no snapshot, so it does not keep writers from reusing pages, but
 * it keeps its reader slot (the environment is opened with MDB_NOTLS, so the slot belongs to
 * the transaction). At most as many are idle as were ever in use at once: the views, which the
 * store bounds by {@link LmdbTokenStore#MAX_VIEWS}, and the writer's one while it repacks the
 * token groups ({@link LmdbWriteView}).
 */
final class ReadTransactions {
    private final Env<ByteBuffer> env;
    private final Queue<Txn<ByteBuffer>> idle = new ConcurrentLinkedQueue<>();

    ReadTransactions(Env<ByteBuffer> env) {
        this.env = env;
    }

    /** A read transaction of the latest committed snapshot. */
    Txn<ByteBuffer> begin() {
        Txn<ByteBuffer> txn = idle.poll();
        if (txn == null) return env.txnRead();
        txn.renew();
        return txn;
    }

    /** Ends a transaction from {@link #begin}, whose cursors are closed, and keeps it for another view. */
    void end(Txn<ByteBuffer> txn) {
        txn.reset();
        idle.offer(txn);
    }

    /**
     * Frees the idle transactions, before the environment closes. Each is renewed first:
     * lmdbjava's close frees only a transaction that is not reset.
     */
    void closeIdle() {
        for (Txn<ByteBuffer> txn; (txn = idle.poll()) != null; ) {
            txn.renew();
            txn.close();
        }
    }
}
