package org.bayard.store.lmdb;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.ByteBuffer;
import org.bayard.core.store.IncompatibleStoreException;
import org.bayard.core.store.Totals;
import org.lmdbjava.Txn;

/**
 * The store's own facts in the meta database: the format version of the bytes on disk, the
 * tokenizer version whose hashes the counts are keyed by, and the message totals (kept here so
 * that totals commit in the same transaction as the counts they describe).
 */
final class Meta {
    /**
     * Bump when the layout of keys or values changes; older Bayards then refuse the store. 3: the
     * {@link TokenGroups} go by the home order of their tokens (2 had them in unsigned token
     * order; 1 had one entry per token).
     */
    static final long FORMAT_VERSION = 3;

    private static final byte[] FORMAT = "format-version".getBytes(US_ASCII);
    private static final byte[] TOKENIZER = "tokenizer-version".getBytes(US_ASCII);
    private static final byte[] TOTALS = "totals".getBytes(US_ASCII);

    private Meta() {}

    static Totals totals(Databases dbs, Txn<ByteBuffer> txn, Buffers buffers) {
        ByteBuffer v = dbs.meta().get(txn, buffers.nameKey(TOTALS));
        return v == null ? Totals.EMPTY : new Totals(v.getLong(0), v.getLong(8));
    }

    static void putTotals(Databases dbs, Txn<ByteBuffer> txn, Buffers buffers, Totals totals) {
        ByteBuffer key = buffers.nameKey(TOTALS);
        dbs.meta().put(txn, key, buffers.twoLongsValue(totals.ham(), totals.spam()));
    }

    /**
     * Stamps a new store with the versions, or refuses one written by another format or
     * tokenizer. Runs inside a write transaction, so two processes creating the same store at
     * once cannot both stamp it.
     */
    static void checkOrInit(Databases dbs, Txn<ByteBuffer> txn, Buffers buffers, int tokenizerVersion,
                            StoreDirectory dir) {
        ByteBuffer format = dbs.meta().get(txn, buffers.nameKey(FORMAT));
        if (format != null) {
            check(dbs, txn, buffers, tokenizerVersion, dir);
            return;
        }
        if (dbs.tokens().stat(txn).entries > 0 || dbs.ledger().stat(txn).entries > 0) {
            throw new IncompatibleStoreException("LMDB store at " + dir
                    + " holds data but no format version; it was not written by Bayard");
        }
        dbs.meta().put(txn, buffers.nameKey(FORMAT), buffers.longValue(FORMAT_VERSION));
        dbs.meta().put(txn, buffers.nameKey(TOKENIZER), buffers.longValue(tokenizerVersion));
        putTotals(dbs, txn, buffers, Totals.EMPTY);
    }

    /** Whether the store has been stamped (its format version written); reads only. */
    static boolean stamped(Databases dbs, Txn<ByteBuffer> txn, Buffers buffers) {
        return dbs.meta().get(txn, buffers.nameKey(FORMAT)) != null;
    }

    /** Refuses a store written by another format or tokenizer, or not stamped by Bayard at all; reads only. */
    static void check(Databases dbs, Txn<ByteBuffer> txn, Buffers buffers, int tokenizerVersion, StoreDirectory dir) {
        ByteBuffer format = dbs.meta().get(txn, buffers.nameKey(FORMAT));
        if (format == null) {
            throw new IncompatibleStoreException("LMDB store at " + dir + " holds no format version; it was not written by Bayard");
        }
        long storedFormat = format.getLong(0);
        if (storedFormat != FORMAT_VERSION) {
            // An older format is refused rather than converted in place: a Bayard of that format
            // may have the store open right now, and would go on reading and writing it the old way.
            throw new IncompatibleStoreException("LMDB store at " + dir + " has format version " + storedFormat
                    + "; this Bayard reads format version " + FORMAT_VERSION + ". Use the Bayard that wrote it,"
                    + " or move the store over: 'bayard db export' with the Bayard that wrote it, then"
                    + " 'bayard db import' into a new store with this one");
        }
        long storedTokenizer = dbs.meta().get(txn, buffers.nameKey(TOKENIZER)).getLong(0);
        if (storedTokenizer != tokenizerVersion) {
            throw new IncompatibleStoreException("LMDB store at " + dir + " was written by tokenizer version "
                    + storedTokenizer + ", but this Bayard tokenizes with version " + tokenizerVersion
                    + "; its counts would be keyed by the wrong features. Retrain into a new store,"
                    + " or use the Bayard version that wrote it");
        }
    }
}
