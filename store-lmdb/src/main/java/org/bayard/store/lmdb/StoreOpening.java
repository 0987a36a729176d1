package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * Opening an {@link LmdbTokenStore}, to write or only to read: the store's own thread started,
 * the data file checked whole, the environment opened, the databases opened and their stamp
 * (tokenizer version, format) checked or written; if any of it fails, what was opened is closed
 * again. Apart from the store because it runs once per open, and the store's class is then
 * left with what an open store does.
 */
final class StoreOpening {
    private StoreOpening() {}

    /**
     * Opens the claimed store in {@code dir} only to read, on the store's own thread: see
     * {@link LmdbTokenStore#openReadOnly}.
     */
    static LmdbTokenStore openReadOnlyOnWriter(StoreDirectory dir, int tokenizerVersion, WriterThread writer) {
        DataFileCheck.of(dir).requireWhole();
        dir.requireWritableLockFile();
        Env<ByteBuffer> env;
        try {
            env = Env.create().setMapSize(LmdbTokenStore.MAP_SIZE).setMaxDbs(Databases.COUNT)
                    .setMaxReaders(LmdbTokenStore.MAX_READERS)
                    .open(dir.path().toFile(), EnvFlags.MDB_RDONLY_ENV, EnvFlags.MDB_NOTLS);
        } catch (LmdbException e) {
            throw Failures.ofOpen(e, dir);
        } catch (LinkageError e) {
            throw Failures.ofLibrary(e);
        }
        return watched(dir, env, LmdbTokenStore.MAP_SIZE, guard -> {
            Databases dbs = Databases.openExisting(env);
            try (Txn<ByteBuffer> txn = env.txnRead()) {
                Meta.check(dbs, txn, new Buffers(), tokenizerVersion, dir);
            }
            return new LmdbTokenStore(dir, LmdbTokenStore.MAP_SIZE, writer, env, dbs, tokenizerVersion,
                    TokenMirror.withHeapBudget(), guard, true, null);
        });
    }

    /**
     * The part of an open that follows the environment's: the data file watched, reader slots of
     * processes that died (kill -9) cleared, since they stay taken until someone does, then
     * {@code rest}; if anything fails, the guard and the environment are closed again.
     */
    private static LmdbTokenStore watched(StoreDirectory dir, Env<ByteBuffer> env, long mapSize,
                                          java.util.function.Function<MapGuard, LmdbTokenStore> rest) {
        MapGuard guard = null;
        try {
            guard = MapGuard.watch(dir.dataFile());
            env.readerCheck();
            return rest.apply(guard);
        } catch (LmdbException e) {
            closeAll(guard, env);
            throw Failures.of(e, dir, mapSize);
        } catch (RuntimeException | Error e) {
            closeAll(guard, env);
            throw e;
        }
    }

    private static void closeAll(MapGuard guard, Env<ByteBuffer> env) {
        if (guard != null) guard.close();
        env.close();
    }

    /**
     * Starts the store's own thread and opens the environment on it (every transaction of the
     * store runs there); if the open fails, the thread stops and the directory is given back.
     */
    static LmdbTokenStore openOnItsThread(StoreDirectory directory, String threadName,
                                          java.util.function.Function<WriterThread, LmdbTokenStore> opening) {
        WriterThread writer = new WriterThread(threadName + directory);
        try {
            return writer.call(() -> opening.apply(writer));
        } catch (RuntimeException | Error e) {
            writer.shutdown();
            directory.release();
            throw e;
        }
    }

    /**
     * Opens the claimed store in {@code dir} to write, on the store's own thread, creating an
     * empty store if there is none: see {@link LmdbTokenStore#open(java.nio.file.Path, int, Consumer)}.
     */
    static LmdbTokenStore openOnWriter(StoreDirectory dir, int tokenizerVersion, long mapSize,
                                       WriterThread writer, TokenMirror mirror,
                                       Consumer<String> lockWaitNotice) {
        DataFileCheck.of(dir).requireWhole();
        dir.createLockFileWhole();
        boolean creating = dir.dataFileEmpty();
        boolean dataFileMissing = dir.dataFileMissing();
        Env<ByteBuffer> env;
        try {
            env = Env.create()
                    .setMapSize(mapSize)
                    .setMaxDbs(Databases.COUNT)
                    .setMaxReaders(LmdbTokenStore.MAX_READERS)
                    .open(dir.path().toFile(), EnvFlags.MDB_NOTLS);
            if (dataFileMissing) dir.giveNewDataFileToFolderOwner();
        } catch (LmdbException e) {
            if (creating) DataFileCheck.of(dir).discardCutShortCreation();
            throw Failures.ofOpen(e, dir);
        } catch (LinkageError e) {
            throw Failures.ofLibrary(e);
        }
        return watched(dir, env, mapSize, guard -> {
            Databases stamped = creating ? null : stampedAlready(env, tokenizerVersion, dir);
            if (stamped != null) {
                return new LmdbTokenStore(dir, mapSize, writer, env, stamped, tokenizerVersion, mirror, guard,
                        false, lockWaitNotice);
            }
            // The databases made and the store stamped in one transaction, the store's first
            // (DataFileCheck.MAKING): until another commit learns something, it holds no store
            // (LmdbTokenStore.holdsStore), also when this process is killed in between.
            Databases dbs;
            try (Txn<ByteBuffer> txn = WaitNotice.saying(lockWaitNotice, LmdbTokenStore.waitingText(dir), env::txnWrite)) {
                dbs = Databases.openOrCreate(env, txn);
                Meta.checkOrInit(dbs, txn, new Buffers(), tokenizerVersion, dir);
                txn.commit();
            }
            return new LmdbTokenStore(dir, mapSize, writer, env, dbs, tokenizerVersion, mirror, guard, false, lockWaitNotice);
        });
    }

    /**
     * The databases of a store made and stamped before, opened and checked in a read transaction;
     * null when they are not all there or not stamped yet (a store being made), which needs the
     * write path. Why: the write transactions waited for the write lock, so a {@code serve}
     * restarted while a {@code train} into the same store ran listened only once it ended.
     */
    private static Databases stampedAlready(Env<ByteBuffer> env, int tokenizerVersion, StoreDirectory dir) {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            Databases dbs;
            try {
                dbs = Databases.openExisting(env, txn);
            } catch (LmdbException notAllThere) {
                return null;
            }
            Buffers buffers = new Buffers();
            if (!Meta.stamped(dbs, txn, buffers)) return null;
            Meta.check(dbs, txn, buffers, tokenizerVersion, dir);
            txn.commit(); // keeps the handles for the environment
            return dbs;
        }
    }
}
