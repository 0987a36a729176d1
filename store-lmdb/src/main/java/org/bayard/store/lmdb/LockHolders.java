package org.bayard.store.lmdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether any process holds a POSIX lock on a file, read from Linux's /proc/locks, which needs no
 * access to the file itself. Every process with an LMDB environment open (the running gate, a
 * {@code bayard learn}) holds a shared lock on its lock.mdb for as long as it is open, so a
 * lock.mdb without locks is a store no process is using, and so none is writing.
 */
final class LockHolders {
    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private LockHolders() {}

    /**
     * True when a process holds a lock on {@code file}, or when that cannot be told (no /proc/locks):
     * only a definite no lets a reader go without the lock table. False for a missing file.
     */
    static boolean anyOn(Path file) {
        long inode, device;
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return false;
            inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
            device = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return true;
        }
        // glibc's major() and minor() of st_dev, as the kernel prints them: "MAJ:MIN:INODE", hex, hex, decimal
        String id = String.format("%02x:%02x:%d", ((device >>> 8) & 0xfff) | ((device >>> 32) & ~0xfffL),
                (device & 0xff) | ((device >>> 12) & ~0xffL), inode);
        List<String> lines;
        try {
            lines = Files.readAllLines(PROC_LOCKS);
        } catch (IOException e) {
            return true;
        }
        for (String line : lines) {
            for (String field : line.trim().split("\\s+")) {
                if (field.equals(id)) return true;
            }
        }
        return false;
    }
}
