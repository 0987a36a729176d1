package org.bayard.app.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Gives a file this process made to the owner of its folder. {@code sudo bayard blocklist add}, or
 * a {@code db import} run by root, in the store of a service that runs as a user of its own made
 * the blocklist and its lock file root's: the running gate could no longer blocklist the senders
 * it rejected, and its next start was refused. Only root can give a file away; for anyone else
 * the file is already the folder owner's, or the change is refused and the file left as it is.
 */
final class FolderOwner {
    private FolderOwner() {}

    static void give(Path file) {
        try {
            PosixFileAttributes folder = Files.readAttributes(file.toAbsolutePath().getParent(), PosixFileAttributes.class);
            PosixFileAttributeView made = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            if (made == null) return; // no owners on this file system
            PosixFileAttributes now = made.readAttributes();
            if (!now.owner().equals(folder.owner())) made.setOwner(folder.owner());
            if (!now.group().equals(folder.group())) made.setGroup(folder.group());
        } catch (IOException | UnsupportedOperationException e) {
            // not root, or no POSIX owners here: the file stays this user's, as it always was
        }
    }
}
