package org.bayard.store.lmdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;

/**
 * Gives a store file (or folder) that root just made to the owner and group of the folder it is in. A
 * {@code sudo bayard db import} (or {@code train}, {@code learn}) into a new store in the folder
 * of a service that runs as a user of its own made data.mdb and lock.mdb root's (and the store's
 * folder, when it made that too), and that service then refused to start (it may not write them). Only a file root made is changed: for
 * any other user the file is already this user's own, and is left so (a member of the folder's
 * group gets no change of group either). Called on a file this process has just made, before the
 * store is used: the lock file before it has its name, the data file right after LMDB's open made it.
 * The gate gives its own files in the store and quarantine folders (the blocklist, the lock files)
 * the same way, for {@code sudo bayard blocklist add} or {@code quarantine release}.
 */
public final class FolderOwner {
    private FolderOwner() {}

    public static void give(Path made) {
        try {
            Map<String, Object> unix = Files.readAttributes(made, "unix:uid,nlink,isRegularFile,isDirectory", LinkOption.NOFOLLOW_LINKS);
            // a symbolic or a hard link put in its place would make root give away another file
            boolean itself = Boolean.TRUE.equals(unix.get("isDirectory"))
                    || Boolean.TRUE.equals(unix.get("isRegularFile")) && Integer.valueOf(1).equals(unix.get("nlink"));
            if (!(itself && Integer.valueOf(0).equals(unix.get("uid")))) return;
            PosixFileAttributes folder = Files.readAttributes(made.toAbsolutePath().getParent(), PosixFileAttributes.class);
            PosixFileAttributeView file = Files.getFileAttributeView(made, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributes now = file.readAttributes();
            if (!now.group().equals(folder.group())) file.setGroup(folder.group());
            if (!now.owner().equals(folder.owner())) file.setOwner(folder.owner());
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // root without CAP_CHOWN, or no unix owners here: the file stays this process's, as it always was
        }
    }
}
