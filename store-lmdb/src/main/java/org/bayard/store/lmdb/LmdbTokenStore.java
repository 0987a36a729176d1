package org.bayard.store.lmdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.StoreStats;
import org.bayard.core.store.TokenStore;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * The embedded default store: an LMDB environment in a directory, shared live with other
 * processes (a {@code bayard learn} next to the running daemon; each sees the other's commits
 * at its next read view).
 *
 * <p>Threads: every write transaction, and the opening (which creates databases in a write
 * transaction), runs on this store's {@link WriterThread}; callers on any thread, virtual ones
 * included, submit and wait. Read views run on the caller's thread: the environment uses
 * MDB_NOTLS so a read transaction is not tied to an OS thread. At most {@link #MAX_VIEWS} views
 * are open at once in this process; more wait, rather than exhausting LMDB's reader table, which
 * all processes share.
 */
public final class LmdbTokenStore implements TokenStore {
    /**
     * Address space reserved for the data file. The file is sparse and grows only as data is
     * written, so this costs nothing until used. Every process must use the same value: one with
     * a smaller map cannot read pages another wrote beyond it.
     */
    public static final long MAP_SIZE = 64L << 30;
    /** Reader slots in the lock file, shared by all processes; sized once, when it is created. */
    static final int MAX_READERS = 1024;
    /** Read views one process may hold at once, leaving slots for the other processes. */
    public static final int MAX_VIEWS = 256;

    private final StoreDirectory dir;
    private final long mapSize;
    private final WriterThread writer;
    private final Env<ByteBuffer> env;
    private final Databases dbs;
    private final int tokenizerVersion;
    /** The writer thread's buffers, its write views'. */
    private final Buffers writerBuffers = new Buffers();
    /** The write views' held counts and add log, kept from one transaction to the next for their arrays. */
    private final PendingCounts writerPending = new PendingCounts();
    private final AddLog writerLog = new AddLog(WriterHeapBudget.logCapacity(Runtime.getRuntime().maxMemory()));
    private final LogRuns writerRuns = new LogRuns();
    private final Semaphore views = new Semaphore(MAX_VIEWS);
    private final Queue<Buffers> idleBuffers = new ConcurrentLinkedQueue<>();
    private final SnapshotCaches caches = new SnapshotCaches();
    private final ReadTransactions readTransactions;
    private final TokenMirror mirror;
    private final MapGuard guard;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final GroupCommit groups = new GroupCommit(this::writeOnWriter);
    /** Whether the store was opened only to read (MDB_RDONLY): writes are refused. */
    private final boolean readOnly;
    /** Told when a write waits long for the write lock another process holds; null: nobody is. */
    private final Consumer<String> lockWaitNotice;
    /** Set while the writer thread waits for LMDB's write lock (see {@link #waitsForAnotherProcess}). */
    private volatile boolean waitingForLock;
    /** Clears dead processes' reader slots now and then; the writer thread's only. */
    private final DeadReaderSweep deadReaders;

    /** A store opened by {@link StoreOpening}. */
    LmdbTokenStore(StoreDirectory dir, long mapSize, WriterThread writer, Env<ByteBuffer> env, Databases dbs,
                   int tokenizerVersion, TokenMirror mirror, MapGuard guard, boolean readOnly,
                   Consumer<String> lockWaitNotice) {
        this.readOnly = readOnly;
        this.lockWaitNotice = lockWaitNotice;
        this.dir = dir;
        this.guard = guard;
        this.mirror = mirror;
        this.mapSize = mapSize;
        this.writer = writer;
        this.env = env;
        this.dbs = dbs;
        this.tokenizerVersion = tokenizerVersion;
        this.readTransactions = new ReadTransactions(env);
        this.deadReaders = new DeadReaderSweep(env);
    }

    /**
     * Opens the store in {@code dir}, creating the directory and an empty store if needed.
     *
     * @throws UncheckedIOException when the directory cannot be used or LMDB cannot open it
     * @throws org.bayard.core.store.IncompatibleStoreException when another tokenizer version or
     *     format wrote the store
     * @throws IllegalStateException when this process already has the store open
     */
    public static LmdbTokenStore open(Path dir, int tokenizerVersion) {
        return open(dir, tokenizerVersion, MAP_SIZE);
    }

    /**
     * The one-line report for a failure that reached a command unmapped because LMDB found the
     * store's file damaged in the middle of a read (a corrupt page under a cursor); empty when
     * {@code e} is something else.
     */
    public static java.util.Optional<String> damageReport(Throwable e) {
        return Failures.damageReport(e);
    }

    /** As {@link #damageReport(Throwable)}, naming the store in {@code dir} (its real path when it has one). */
    public static java.util.Optional<String> damageReport(Throwable e, Path dir) {
        Path named;
        try {
            named = dir.toRealPath();
        } catch (java.io.IOException | RuntimeException x) {
            named = dir.toAbsolutePath();
        }
        return Failures.damageReport(e, named);
    }

    /**
     * Reads every page of the store in {@code dir} that its newest commit reaches, with plain file
     * reads and without LMDB, and says whether LMDB could read them all: LMDB trusts its pages, and
     * damage deep in the file (a page zeroed by a disk, bytes overwritten) crashes the JVM when LMDB
     * meets it instead of failing. Nothing is written. Takes a read of the whole store (about a
     * second per GiB from the page cache).
     *
     * @return how many pages were read
     * @throws UncheckedIOException when there is no store, it cannot be read, or it is damaged:
     *     the message names the store and the first damaged page, and says what to do
     */
    public static long check(Path dir) {
        StoreDirectory directory = StoreDirectory.claimExisting(dir);
        try {
            DataFileCheck data = DataFileCheck.of(directory);
            data.requireWhole();
            return data.requireEveryPageSound();
        } finally {
            directory.release();
        }
    }

    /**
     * Whether {@code dir} holds a store, without opening or creating anything: a data file with
     * something learned in it. Not what a process that made the store and was killed before its
     * first write leaves (see {@link DataFileCheck#holdsNothingLearned}): readers failed on it
     * with LMDB's "key/data pair not found", or, once it was stamped, served a restore killed
     * midway as an empty model. Learning into such a folder goes on from it.
     */
    public static boolean holdsStore(Path dir) {
        Path data = dir.resolve(StoreDirectory.DATA_FILE);
        return Files.isRegularFile(data) && !DataFileCheck.holdsNothingLearned(data);
    }

    /**
     * Why this process could not write the store in {@code dir} (a read-only mount, another
     * user's files), in a few words; empty when it could, as far as permissions tell.
     * Nothing is opened or created.
     */
    public static java.util.Optional<String> whyNotWritable(Path dir) {
        return StoreDirectory.whyNotWritable(dir);
    }

    /** Whether {@code file} is one of the files of the store in its directory, which nothing else may write. */
    public static boolean isStoreFile(Path file) {
        Path name = file.getFileName();
        Path dir = file.getParent();
        return name != null && dir != null && Files.isRegularFile(dir.resolve(StoreDirectory.DATA_FILE))
                && (name.toString().equals(StoreDirectory.DATA_FILE) || name.toString().equals(StoreDirectory.LOCK_FILE));
    }

    /**
     * Opens the store in {@code dir} only to read it, as the commands that score, explain, list
     * or export do: nothing is created or changed in the directory, so a store another user owns
     * (the system's, read by a per-user procmail recipe) can be read. The reader records itself in
     * lock.mdb, as LMDB's readers do, which keeps a running writer off the pages it reads; so
     * lock.mdb must be writable by this user (it is made, if missing, where this user may write the
     * folder). Without it, reading is refused: LMDB's only other way, MDB_NOLOCK, lets a writer
     * that starts meanwhile reuse pages mid-read.
     *
     * @throws UncheckedIOException when there is no store, or this user may not write its lock.mdb
     * @throws org.bayard.core.store.IncompatibleStoreException as {@link #open}
     */
    public static LmdbTokenStore openReadOnly(Path dir, int tokenizerVersion) {
        SharedLmdbLibrary.arrangeOnce();
        StoreDirectory directory = StoreDirectory.claimExisting(dir);
        return StoreOpening.openOnItsThread(directory, "bayard-lmdb-reader ",
                writer -> StoreOpening.openReadOnlyOnWriter(directory, tokenizerVersion, writer));
    }

    /**
     * As {@link #open(Path, int)}, telling {@code lockWaitNotice} (a command's stderr, say) once
     * per wait when the opening or a write waits more than {@link WaitNotice#AFTER} for the write
     * lock, which only another process can hold: see {@link WaitNotice}.
     */
    public static LmdbTokenStore open(Path dir, int tokenizerVersion, Consumer<String> lockWaitNotice) {
        SharedLmdbLibrary.arrangeOnce();
        StoreDirectory directory = StoreDirectory.claim(dir);
        return StoreOpening.openOnItsThread(directory, "bayard-lmdb-writer ",
                writer -> StoreOpening.openOnWriter(directory, tokenizerVersion, MAP_SIZE, writer,
                        TokenMirror.withHeapBudget(), lockWaitNotice));
    }

    /** With another map size: only for tests of a full map, on a directory of their own. */
    static LmdbTokenStore open(Path dir, int tokenizerVersion, long mapSize) {
        return open(dir, tokenizerVersion, mapSize, TokenMirror.withHeapBudget());
    }

    /** With another mirror: only for tests of its memory budget. */
    static LmdbTokenStore open(Path dir, int tokenizerVersion, long mapSize, TokenMirror mirror) {
        // Before lmdbjava's first environment: it reads lmdbjava.native.lib once, then.
        SharedLmdbLibrary.arrangeOnce();
        StoreDirectory directory = StoreDirectory.claim(dir);
        return StoreOpening.openOnItsThread(directory, "bayard-lmdb-writer ",
                writer -> StoreOpening.openOnWriter(directory, tokenizerVersion, mapSize, writer, mirror, null));
    }


    @Override
    public ReadView read() {
        checkOpen();
        views.acquireUninterruptibly();
        if (closed.get()) {
            views.release();
            checkOpen();
        }
        try {
            guard.check();
            Buffers buffers = idleBuffers.poll();
            return new LmdbReadView(this, dbs, readTransactions.begin(), buffers != null ? buffers : new Buffers(),
                    caches.borrow(), mirror);
        } catch (LmdbException e) {
            views.release();
            throw Failures.of(e, dir, mapSize);
        } catch (RuntimeException | Error e) {
            // an OutOfMemoryError too (the view's cache is 4.5 MB): a place kept for a view that
            // never opened made close() wait 30 seconds for it, after which the command ended
            views.release();
            throw e;
        }
    }

    /** A view ends: its transaction (cursors closed) and its buffers and cache go back for the next view. */
    void viewClosed(Txn<ByteBuffer> txn, Buffers buffers, SnapshotCache cache) {
        readTransactions.end(txn);
        idleBuffers.offer(buffers);
        caches.giveBack(cache);
        views.release();
    }

    /**
     * Runs {@code action} in a write transaction, which it may share with writes other threads
     * queued meanwhile (see {@link GroupCommit}). The caller waits for its own write's outcome,
     * not for the writer to be idle: waiting for the writer held each caller through the next
     * group's commit as well, so fewer writes were queued when the one after began (8 threads
     * learning one message at a time got about two writes a commit).
     */
    @Override
    public <T> T write(WriteAction<T> action) {
        checkOpen();
        if (readOnly) throw new IllegalStateException("the LMDB store at " + dir + " was opened only to read");
        writer.refuseNesting();
        GroupCommit.Pending<T> pending = groups.enqueue(action);
        if (!writer.execute(groups::runQueued) && groups.withdraw(pending)) {
            throw new IllegalStateException("the LMDB store is closed");
        }
        return pending.result();
    }

    /** Write transactions committed by this store object so far; for tests of grouping. */
    long committedWrites() {
        return groups.committed();
    }

    /** Writes waiting for the writer thread; for tests of grouping. */
    int queuedWrites() {
        return groups.queued();
    }

    /** A write transaction: LMDB's write lock first, which another process may hold for long (see {@link WaitNotice}). */
    Txn<ByteBuffer> beginWrite() {
        waitingForLock = true;
        try {
            return WaitNotice.saying(lockWaitNotice, waitingText(dir), env::txnWrite);
        } finally {
            waitingForLock = false;
        }
    }

    /**
     * True while the writer thread waits in LMDB for its write lock. In this process only that
     * thread takes the lock, one transaction at a time, so a wait there is for another process.
     */
    @Override
    public boolean waitsForAnotherProcess() {
        return waitingForLock;
    }

    static String waitingText(StoreDirectory dir) {
        return "waiting for the store's write lock at " + dir
                + " (another process is writing to it: a bayard train, learn, trap, db import or serve)";
    }

    private <T> T writeOnWriter(WriteAction<T> action) {
        guard.check();
        deadReaders.beforeWrite();
        try (Txn<ByteBuffer> txn = beginWrite()) {
            LmdbWriteView view = new LmdbWriteView(dbs, txn, writerBuffers, mirror, writerPending, writerLog, writerRuns, readTransactions);
            T result;
            try {
                result = action.apply(view);
            } finally {
                view.close();
            }
            view.flush();
            txn.commit();
            view.committed();
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LmdbException e) {
            throw Failures.of(e, dir, mapSize);
        }
    }

    /** Whether lookups in {@code view} are answered from the heap mirror now; for tests. */
    boolean mirrors(ReadView view) {
        return mirror.holds(((LmdbReadView) view).txn.getId());
    }

    @Override
    public int tokenizerVersion() {
        return tokenizerVersion;
    }

    @Override
    public StoreStats stats() {
        try (LmdbReadView view = (LmdbReadView) read()) {
            return StoreFigures.of(view, dir, env, dbs, tokenizerVersion);
        }
    }

    /**
     * Finishes queued writes, waits for open read views, then closes the environment. Closing it
     * under an open transaction would crash the JVM in native code, so if views stay open past
     * the wait the environment is left open and this throws.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) return;
        writer.shutdown();
        boolean idle;
        try {
            idle = views.tryAcquire(MAX_VIEWS, 30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        if (!idle) {
            throw new IllegalStateException("LMDB store at " + dir + " still has read views open;"
                    + " its environment is left open rather than closed under them");
        }
        readTransactions.closeIdle();
        env.close();
        guard.close();
        dir.release();
        // Readers that passed the closed check before close() may be queued for a permit; let
        // them through to see the store closed instead of waiting forever.
        views.release(MAX_VIEWS);
    }

    private void checkOpen() {
        if (closed.get()) throw new IllegalStateException("the LMDB store at " + dir + " is closed");
    }

    @Override
    public String toString() {
        return "LmdbTokenStore[" + dir + "]";
    }
}
