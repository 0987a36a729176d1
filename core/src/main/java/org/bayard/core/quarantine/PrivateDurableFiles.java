package org.bayard.core.quarantine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * How the spool writes its files in its directory: readable by the daemon's user only (0600,
 * where the file system has POSIX modes), forced to disk, and the directory itself synced once
 * a name in it changed. It exists so that {@link Spool} reads as the steps of holding and
 * releasing an item, and every file it writes is private and durable in the same way.
 */
final class PrivateDurableFiles {
    private static final Set<StandardOpenOption> NEW_FILE = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    private final Path dir;

    PrivateDurableFiles(Path dir) {
        this.dir = dir;
    }

    /** A new file, to write to: it must not exist yet. */
    FileChannel createNew(Path file) throws IOException {
        return FileChannel.open(file, NEW_FILE, ownerOnly());
    }

    /** Writes {@code note} into {@code marker} (replacing what it held, never through a link), synced, then the directory synced. */
    void writeMarker(Path marker, byte[] note) throws IOException {
        try (FileChannel ch = FileChannel.open(marker, Set.<java.nio.file.OpenOption>of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.LinkOption.NOFOLLOW_LINKS), ownerOnly())) {
            ch.write(ByteBuffer.wrap(note));
            ch.force(true);
        }
        syncDir();
    }

    /** Makes the directory's names durable: a rename or removal in it survives a crash once this returns. */
    void syncDir() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Held mail is private: readable by the daemon's user only (0600), where the file system has POSIX modes. */
    private FileAttribute<?>[] ownerOnly() {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) return new FileAttribute<?>[0];
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }
}
