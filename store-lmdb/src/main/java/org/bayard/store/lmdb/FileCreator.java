package org.bayard.store.lmdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * The user this process creates files as, read from a file it creates and deletes at once, not
 * looked up by name. Why: containers run images under arbitrary uids (OpenShift picks one per
 * project, Kubernetes runs {@code runAsUser} as given) that have no passwd entry; Java then sets
 * {@code user.name} to "?", which no lookup finds, yet such a process owns the files it creates
 * like any other. The file is empty and lives for microseconds; a process killed in between
 * leaves an empty {@code .bayard-owner-NNN.probe}, never a library.
 *
 * @param uid the numeric user id, which needs no passwd entry to name a directory
 * @param principal the owner that the files and directories this process creates will have
 */
record FileCreator(int uid, UserPrincipal principal) {
    /**
     * Creates a file in {@code dir} to read its owner.
     *
     * @throws IOException when no file can be created in {@code dir}
     * @throws UnsupportedOperationException on a file system without unix attributes
     */
    static FileCreator probe(Path dir) throws IOException {
        Path probe = Files.createTempFile(dir, ".bayard-owner-", ".probe");
        try {
            int uid = (Integer) Files.getAttribute(probe, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return new FileCreator(uid, Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS));
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
