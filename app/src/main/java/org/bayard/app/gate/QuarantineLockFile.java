package org.bayard.app.gate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A lock file in the quarantine folder ({@code gates.lock}, {@code decisions.lock}), which every process using the quarantine must write. */
final class QuarantineLockFile {
    private QuarantineLockFile() {}

    /**
     * Opens the lock file, making it if missing, as the quarantine folder's owner would have it:
     * made by root (a postmaster's {@code sudo bayard quarantine release}) it is given to that
     * owner, and where the folder lets its group (or others) write, so may the file; otherwise
     * the service, or another moderator, could not lock items any more.
     */
    static FileChannel open(Path file) throws IOException {
        boolean existed = Files.exists(file);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new FileSystemException(file.toString(), null, "this user may not write it, and bayard locks there what it"
                    + " is doing with the quarantine; run as the quarantine's owner");
        }
        if (!existed) {
            org.bayard.store.lmdb.FolderOwner.give(file);
            try {
                Set<PosixFilePermission> folder = Files.getPosixFilePermissions(file.getParent());
                Set<PosixFilePermission> mode = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
                if (folder.contains(PosixFilePermission.GROUP_WRITE)) mode.addAll(List.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE));
                if (folder.contains(PosixFilePermission.OTHERS_WRITE)) mode.addAll(List.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE));
                Files.setPosixFilePermissions(file, mode);
            } catch (IOException | UnsupportedOperationException noModes) {
                // as made: a file system without POSIX modes, or another owner's file
            }
        }
        return channel;
    }
}
