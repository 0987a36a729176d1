package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * The three named databases of a store: tokens (the home order of a group's first token, 8
 * bytes -> its tokens and their counts packed as in {@code Counts}; see {@link TokenGroups}),
 * ledger (16-byte digest -> {@link LedgerCodec} record) and meta (short ASCII name -> value;
 * see {@link Meta}).
 */
record Databases(Dbi<ByteBuffer> tokens, Dbi<ByteBuffer> ledger, Dbi<ByteBuffer> meta) {
    static final int COUNT = 3;

    /**
     * Opens or creates them in {@code txn}, a write transaction, so that they are made with what
     * else it writes (the store's stamp): each by its own transaction, a store killed while it
     * was made held some and no stamp, which readers could not open.
     */
    static Databases openOrCreate(Env<ByteBuffer> env, Txn<ByteBuffer> txn) {
        return new Databases(created(env, txn, "tokens"), created(env, txn, "ledger"), created(env, txn, "meta"));
    }

    private static Dbi<ByteBuffer> created(Env<ByteBuffer> env, Txn<ByteBuffer> txn, String name) {
        return env.openDbi(txn, name.getBytes(StandardCharsets.US_ASCII), null, false, DbiFlags.MDB_CREATE);
    }

    /**
     * Opens them in {@code txn}, a read transaction of a store opened to write: they must exist.
     * Unlike {@link #open}, this never waits for the write lock another process may hold.
     */
    static Databases openExisting(Env<ByteBuffer> env, Txn<ByteBuffer> txn) {
        return new Databases(existing(env, txn, "tokens"), existing(env, txn, "ledger"), existing(env, txn, "meta"));
    }

    private static Dbi<ByteBuffer> existing(Env<ByteBuffer> env, Txn<ByteBuffer> txn, String name) {
        return env.openDbi(txn, name.getBytes(StandardCharsets.US_ASCII), null, false);
    }

    /** Opens them in a store opened only to read, in a read transaction: they must exist. */
    static Databases openExisting(Env<ByteBuffer> env) {
        return new Databases(env.openDbi("tokens"), env.openDbi("ledger"), env.openDbi("meta"));
    }
}
