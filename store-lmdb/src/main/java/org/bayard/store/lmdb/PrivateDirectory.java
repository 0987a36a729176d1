package org.bayard.store.lmdb;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * A directory that only its owner can change: created owner-only ({@code rwx------}) when missing;
 * when it exists, used only if it is a real directory (not a symbolic link), owned by the expected
 * user, that neither group nor others may write to. In a shared place such as /tmp another user can
 * create the name first, as a symbolic link or as a directory of their own, to choose what we write
 * and load there: such a directory is refused, never repaired or followed.
 */
final class PrivateDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path path;

    private PrivateDirectory(Path path) {
        this.path = path;
    }

    /**
     * Creates or checks {@code path} for {@code owner}.
     *
     * @throws IOException when it cannot be created, or exists and is not private to {@code owner}
     * @throws UnsupportedOperationException on a file system without POSIX permissions
     */
    static PrivateDirectory claim(Path path, UserPrincipal owner) throws IOException {
        try {
            Files.createDirectory(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // Ours from an earlier run, or planted: the checks below tell.
        }
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            throw new IOException(path + " is not a directory (a symbolic link or another file is in its place)");
        }
        if (!attributes.owner().equals(owner)) {
            throw new IOException(path + " belongs to " + attributes.owner().getName() + ", not " + owner.getName());
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(path + " can be written by others: " + PosixFilePermissions.toString(permissions));
        }
        return new PrivateDirectory(path);
    }

    Path path() {
        return path;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
