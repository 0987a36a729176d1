package org.bayard.store.lmdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directory an LMDB store lives in: created when missing, checked before LMDB sees it, and
 * claimed so that one process never opens it twice. LMDB forbids two environments on the same
 * files in one process: its locks are per process, so closing the second copy would silently
 * drop the locks the first still relies on.
 */
final class StoreDirectory {
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path path;

    private StoreDirectory(Path path) {
        this.path = path;
    }

    /** Creates the directory if needed, checks it, and claims it for this process. */
    static StoreDirectory claim(Path dir) {
        Path real = prepare(dir);
        if (!OPEN.add(real)) {
            throw new IllegalStateException("LMDB store at " + real + " is already open in this process;"
                    + " share that TokenStore instead of opening the directory twice");
        }
        return new StoreDirectory(real);
    }

    private static Path prepare(Path dir) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new NotDirectoryException(dir + " (the LMDB store needs a directory, and this is a file)");
            }
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                throw new AccessDeniedException(dir.toString(), null, "the LMDB store directory is not writable");
            }
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + dir + " as an LMDB store directory: " + e, e);
        }
    }

    Path path() {
        return path;
    }

    Path dataFile() {
        return path.resolve("data.mdb");
    }

    /** Size of the data file; LMDB never shrinks it, so this is the space the store holds. */
    long bytesOnDisk() {
        try {
            return Files.size(dataFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + dataFile(), e);
        }
    }

    void release() {
        OPEN.remove(path);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
