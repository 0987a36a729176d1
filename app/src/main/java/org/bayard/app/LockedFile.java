package org.bayard.app;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * A file held under the operating system's exclusive lock, taken without waiting. The lock is
 * shared with other processes and goes with a crash, so nothing needs cleaning after one.
 */
public final class LockedFile {
    private LockedFile() {}

    /**
     * Opens {@code file} and locks it: the open channel, whose close lets the lock go; or null when
     * another process holds the lock, or another channel of this JVM does (which Java reports as
     * an exception rather than as a lock held elsewhere).
     */
    public static FileChannel tryOpen(Path file, OpenOption... options) throws IOException {
        FileChannel channel = FileChannel.open(file, options);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        return channel;
    }
}
