package org.bayard.app.gate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * Which held items a decision (a release, a discard) has at this moment, in any process: one byte
 * of {@link #LOCK_FILE} in the quarantine folder per item, under the operating system's lock.
 *
 * <p>Why a file of its own: the lock is fcntl's, which belongs to the process, and which the
 * process loses on a file as soon as it closes any channel on that file. Locking the item's
 * message file lost the lock whenever the same process read the message again (the release
 * itself, to look for 8-bit bytes and to send it; the page showing it to another moderator):
 * while the next hop was taking it, {@code bayard quarantine release} took the item too, and the
 * message was delivered twice. Nothing reads this file, and a process keeps one channel on it
 * while any of its decisions holds a lock there, closing it only when none does.
 */
public final class DecisionLocks {
    /** In the quarantine folder; the spool reads only its .eml and .json files. */
    static final String LOCK_FILE = "decisions.lock";

    /** This process's channel on one lock file and how many of its locks are held. */
    private record Open(FileChannel channel, int locks) {}

    /** Guards the channels: one is closed only when no lock is held through it. */
    private static final Map<Path, Open> OPEN = new HashMap<>();

    private DecisionLocks() {}

    /** One item's lock, held until closed. */
    public static final class ItemLock implements AutoCloseable {
        private final Path file;
        private final FileLock lock;

        private ItemLock(Path file, FileLock lock) {
            this.file = file;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            synchronized (OPEN) {
                try {
                    lock.release();
                } finally {
                    letGo(file);
                }
            }
        }
    }

    /**
     * Locks the item {@code id} of the quarantine in {@code dir}: the lock; or null when another
     * decision, of this process or another, has it.
     */
    public static ItemLock tryLock(Path dir, String id) throws IOException {
        Path file = dir.toRealPath().resolve(LOCK_FILE);
        synchronized (OPEN) {
            Open open = OPEN.get(file);
            FileChannel channel = open != null ? open.channel() : QuarantineLockFile.open(file);
            OPEN.put(file, new Open(channel, open != null ? open.locks() + 1 : 1));
            FileLock lock = null;
            try {
                lock = channel.tryLock(byteOf(id), 1, false);
            } catch (OverlappingFileLockException sameProcess) {
                // another decision of this process has it
            } finally {
                if (lock == null) letGo(file);
            }
            return lock == null ? null : new ItemLock(file, lock);
        }
    }

    /** One lock fewer through the file's channel; the channel is closed with the last. Call under OPEN. */
    private static void letGo(Path file) throws IOException {
        Open open = OPEN.get(file);
        if (open.locks() > 1) {
            OPEN.put(file, new Open(open.channel(), open.locks() - 1));
        } else {
            OPEN.remove(file);
            open.channel().close();
        }
    }

    /**
     * Makes the lock file of the quarantine in {@code dir} if it is missing: the gate does at its
     * start, as the service's user, so that the file is the service's before any command of
     * another user makes it.
     */
    static void prepare(Path dir) throws IOException {
        Path file = dir.toRealPath().resolve(LOCK_FILE);
        synchronized (OPEN) {
            // not open here, so no lock of this process is on it, and closing drops none
            if (!OPEN.containsKey(file)) QuarantineLockFile.open(file).close();
        }
    }

    /** The item's byte: from its id's SHA-256, so that two ids sharing one is next to impossible. */
    static long byteOf(String id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (h[i] & 0xFF);
            return v & 0x3FFF_FFFF_FFFF_FFFFL;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
