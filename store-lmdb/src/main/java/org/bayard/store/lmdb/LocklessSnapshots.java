package org.bayard.store.lmdb;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.bayard.core.IoProblem;

/**
 * Keeps a reader that has no slot in LMDB's lock table (MDB_NOLOCK: lock.mdb is not writable
 * here, on a read-only mount or another user's store) from trusting pages a writer reused. A
 * writer reuses only pages freed by commits older than its own last snapshot but one, and older
 * than every registered reader's snapshot; this reader is not registered, so the pages of its
 * snapshot S can be rewritten by commit S+3 at the earliest, which begins only once S+2 is
 * committed. So a read is sound when, after it, the newest commit is still at most S+1; else
 * it is refused. The snapshot's beginning is checked too: LMDB reads the meta page without a
 * lock, and a commit writing it at that moment could give a torn root, so the two meta pages are
 * read before and after and must not have moved.
 *
 * <p>No process has the store open when such a reader opens it (see {@link LockHolders}), so a
 * writer would have to start and commit twice within one read for this to refuse.
 */
final class LocklessSnapshots implements AutoCloseable {
    private final Path dataFile;
    /** Not a FileChannel: one interrupted read would close it for good (see {@link MapGuard}). */
    private final RandomAccessFile data;

    private LocklessSnapshots(Path dataFile, RandomAccessFile data) {
        this.dataFile = dataFile;
        this.data = data;
    }

    static LocklessSnapshots of(Path dataFile) {
        try {
            return new LocklessSnapshots(dataFile, new RandomAccessFile(dataFile.toFile(), "r"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dataFile + ": " + IoProblem.reason(e), e);
        }
    }

    /** Both meta pages' transaction ids, as one value to compare: the first, then the second. */
    Commits commits() {
        try {
            synchronized (data) {
                ByteBuffer first = read(0);
                int pageSize = first.getInt(StoreDirectory.PAGE_HEADER + StoreDirectory.PAGE_SIZE_AT);
                ByteBuffer second = read(pageSize);
                return new Commits(txnid(first), txnid(second));
            }
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read " + dataFile + ": "
                    + (e instanceof IOException io ? IoProblem.reason(io) : String.valueOf(e.getMessage())), e));
        }
    }

    /**
     * Whether a transaction begun between {@code before} and {@code after} read a whole meta page:
     * no commit wrote one meanwhile, and the transaction has the newest.
     */
    static boolean beganCleanly(Commits before, Commits after, long snapshot) {
        return before.equals(after) && after.newest() == snapshot;
    }

    /** Throws when a writer may have reused pages of {@code snapshot} while it was read. */
    void requireUnchanged(long snapshot) {
        long newest = commits().newest();
        if (newest > snapshot + 1) {
            throw new IllegalStateException("the LMDB store at " + dataFile.getParent() + " changed while it was read"
                    + " without its lock file (a writer committed " + (newest - snapshot) + " times), so what was read"
                    + " cannot be trusted; run the command again, or let this user write lock.mdb so that readers and"
                    + " the writer can share the store");
        }
    }

    private ByteBuffer read(long offset) throws IOException {
        byte[] bytes = new byte[StoreDirectory.META_END];
        data.seek(offset);
        data.readFully(bytes);
        ByteBuffer meta = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (meta.getInt(StoreDirectory.PAGE_HEADER) != StoreDirectory.LMDB_MAGIC) {
            throw new IOException("not an LMDB data file (no meta page at byte " + offset + ")");
        }
        return meta;
    }

    private static long txnid(ByteBuffer meta) {
        return meta.getLong(StoreDirectory.PAGE_HEADER + StoreDirectory.TXNID_AT);
    }

    @Override
    public void close() {
        try {
            data.close();
        } catch (IOException e) {
            // read only: nothing to lose
        }
    }

    record Commits(long first, long second) {
        long newest() {
            return Math.max(first, second);
        }
    }
}
