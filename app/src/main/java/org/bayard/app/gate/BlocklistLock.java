package org.bayard.app.gate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.bayard.store.lmdb.WaitNotice;

/**
 * The lock every change to the blocklist holds: {@code blocklist.tsv.lock} keeps other processes
 * out ({@code bayard serve}'s gate, {@code bayard blocklist}, a {@code db import}), and this
 * process's writers take turns before taking it. Its own class because both halves were each
 * found missing once, and a change's read-modify-write is only safe inside the two together.
 */
final class BlocklistLock {
    /** A change made while the lock is held. */
    interface Work<T> {
        T run() throws IOException;
    }

    /**
     * The lock file keeps other processes out, but not this one's other threads: a second lock on
     * it in one JVM is an OverlappingFileLockException, not a wait, and the gate's concurrent
     * rejections lost most of their entries (157 of 200 from 20 sessions at once). So the writers
     * of this process take turns first.
     */
    private static final Object WRITERS = new Object();

    private final Path lock;
    /** Told when a change waits long for the lock another process holds; null: nobody is. */
    private final Consumer<String> lockWaitNotice;

    /** The lock of the blocklist {@code file}, a file beside it. */
    BlocklistLock(Path file, Consumer<String> lockWaitNotice) {
        this.lock = file.resolveSibling(file.getFileName() + ".lock");
        this.lockWaitNotice = lockWaitNotice;
    }

    /** Runs {@code work} holding the lock (making the store folder first if need be), and returns what it returns. */
    <T> T holding(Work<T> work) throws IOException {
        synchronized (WRITERS) {
            Files.createDirectories(lock.getParent());
            try (FileChannel lc = openLock();
                 FileLock ignored = locked(lc)) {
                return work.run();
            }
        }
    }

    /** The lock file, opened (and made, the store folder owner's, when missing) for writing. */
    private FileChannel openLock() throws IOException {
        FileChannel lc = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        org.bayard.store.lmdb.FolderOwner.give(lock);
        return lc;
    }

    /** The lock on the lock file, waited for as long as another process holds it, said after a while. */
    private FileLock locked(FileChannel lc) throws IOException {
        FileLock now = lc.tryLock();
        if (now != null) return now;
        return WaitNotice.saying(lockWaitNotice, "waiting for the blocklist's lock " + lock
                + " (another process is changing the blocklist: a bayard blocklist add or remove, or a db import)", lc::lock);
    }
}
