package org.bayard.store.lmdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.bayard.core.IoProblem;

/**
 * Keeps LMDB off a data file cut to (almost) nothing while the store is open. LMDB maps the file,
 * and every transaction begins by reading the two meta pages at its start: with the file cut
 * below them it killed the JVM with SIGBUS in native code, a running gate with every session.
 * Checked (one fstat) before each transaction begins, such a file becomes an exception the caller
 * handles, such as the gate counting Bayes as neutral. Only the meta pages are guarded: LMDB's
 * own writer may leave the file shorter than it was (freed pages at its end), so a smaller file
 * is not by itself damage, and a cut between the check and the transaction is not caught.
 */
final class MapGuard implements AutoCloseable {
    private final Path file;
    /**
     * Not a FileChannel: a channel is closed for good by the first interrupted thread that uses it,
     * and the gate interrupts a scan over its time budget, so one late scan made every later
     * transaction fail (Bayes unavailable until a restart). RandomAccessFile.length is not interruptible.
     */
    private final RandomAccessFile data;
    /** Two meta pages of the smallest page size LMDB uses (the OS page, 4 KB here). */
    static final long META_PAGES = 2 * 4096;

    private MapGuard(Path file, RandomAccessFile data) {
        this.file = file;
        this.data = data;
    }

    static MapGuard watch(Path file) {
        try {
            // not checked yet: a new store's file gets its meta pages with the first commit
            return new MapGuard(file, new RandomAccessFile(file.toFile(), "r"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoProblem.reason(e), e);
        }
    }

    /** Throws when the data file no longer holds LMDB's meta pages: the store was cut short under us. */
    void check() {
        long size;
        try {
            size = data.length();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file + ": " + IoProblem.reason(e), e);
        }
        if (size < META_PAGES) {
            String message = "LMDB store file " + file + " is damaged: it was cut to " + size
                    + " bytes while open; restore the store from a dump or a whole copy";
            throw new UncheckedIOException(message, new IOException(message));
        }
    }

    @Override
    public void close() {
        try {
            data.close();
        } catch (IOException e) {
            // only read from: nothing to lose
        }
    }
}
