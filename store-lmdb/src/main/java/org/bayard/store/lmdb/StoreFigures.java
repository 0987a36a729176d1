package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import org.bayard.core.store.StoreStats;
import org.lmdbjava.Env;
import org.lmdbjava.Stat;
import org.lmdbjava.Txn;

/**
 * The figures of a store's {@link StoreStats} (what {@code bayard db stats} shows): its totals,
 * tokens and ledger entries, and the bytes it takes on disk and holds in use. Apart from
 * {@link LmdbTokenStore} because it is a report on the store, asked for now and then, that reads
 * LMDB's page statistics, which nothing else of the store needs.
 */
final class StoreFigures {
    private StoreFigures() {}

    /** The stats of the store in {@code dir} as {@code view} sees it. */
    static StoreStats of(LmdbReadView view, StoreDirectory dir, Env<ByteBuffer> env, Databases dbs, int tokenizerVersion) {
        long onDisk = dir.bytesOnDisk();
        return new StoreStats(view.totals(), TokenGroups.count(dbs.tokens(), view.txn),
                dbs.ledger().stat(view.txn).entries, onDisk, Math.min(onDisk, bytesInUse(env, dbs, view.txn)), tokenizerVersion, "lmdb");
    }

    /**
     * The bytes of the pages that hold data as of {@code txn}: the databases' pages, the main
     * database's and the two meta pages. The rest of the file is free pages (of the freelist, or
     * past its last page), which LMDB reuses before it grows the file: after a prune or a forget,
     * or a large write's old copy of the token groups. So a postmaster sees what exporting and
     * importing into a new folder would give back.
     */
    private static long bytesInUse(Env<ByteBuffer> env, Databases dbs, Txn<ByteBuffer> txn) {
        Stat main = env.stat();
        long pages = 2 + pagesOf(main);
        for (org.lmdbjava.Dbi<ByteBuffer> db : java.util.List.of(dbs.tokens(), dbs.ledger(), dbs.meta())) pages += pagesOf(db.stat(txn));
        return pages * main.pageSize;
    }

    private static long pagesOf(Stat stat) {
        return stat.branchPages + stat.leafPages + stat.overflowPages;
    }
}
