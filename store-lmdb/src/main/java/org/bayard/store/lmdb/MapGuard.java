package org.bayard.store.lmdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.bayard.core.IoProblem;

/**
 * Keeps LMDB off a data file cut short while the store is open. LMDB maps the file, and a
 * transaction that touches a page past the file's end (the meta pages, when it is cut to
 * nothing) kills the JVM with SIGBUS in native code: a running gate died with every session.
 * LMDB never shrinks its file, so a file smaller than it has been is damaged; checked (one
 * fstat) before each transaction begins, it becomes an exception the caller handles, such as the
 * gate counting Bayes as neutral. A cut between the check and the transaction is not caught.
 */
final class MapGuard implements AutoCloseable {
    private final Path file;
    private final FileChannel data;
    private final AtomicLong largest = new AtomicLong();

    private MapGuard(Path file, FileChannel data) {
        this.file = file;
        this.data = data;
    }

    static MapGuard watch(Path file) {
        try {
            MapGuard guard = new MapGuard(file, FileChannel.open(file, StandardOpenOption.READ));
            guard.check();
            return guard;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoProblem.reason(e), e);
        }
    }

    /** Throws when the data file is now shorter than it was: the store is damaged under us. */
    void check() {
        long size;
        try {
            size = data.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file + ": " + IoProblem.reason(e), e);
        }
        long before = largest.getAndAccumulate(size, Math::max);
        if (size < before) {
            String message = "LMDB store file " + file + " is damaged: it was cut from " + before + " to " + size
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
