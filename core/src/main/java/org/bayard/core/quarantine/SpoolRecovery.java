package org.bayard.core.quarantine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a crash of the spool's writer leaves behind, removed when a writer starts: files in {@code
 * tmp/} never renamed into place, what releases that delivered left, sidecars without their
 * message, and sending notes of items removed by a process that died before its note. It exists
 * apart from {@link Spool} because only a writer may run it, at its start: a reader that did
 * removed the writer's messages still arriving.
 */
final class SpoolRecovery {
    private SpoolRecovery() {}

    /**
     * Removes from {@code spool}, whose files still arriving are in {@code tmp}, what a crash left
     * there and was last written more than {@code age} ago; all of it for a zero {@code age}.
     */
    static void sweep(Spool spool, Path tmp, Duration age) throws IOException {
        Path dir = spool.dir();
        long before = age.isZero() ? Long.MAX_VALUE : System.currentTimeMillis() - age.toMillis();
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp)) {
            for (Path p : leftovers) {
                if (writtenBefore(p, before)) Files.deleteIfExists(p);
            }
        }
        spool.removeLeftOvers();
        try (DirectoryStream<Path> sidecars = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : sidecars) {
                String id = p.getFileName().toString().replaceFirst("\\.json$", "");
                if (!Files.exists(dir.resolve(id + ".eml")) && writtenBefore(p, before)) Files.deleteIfExists(p);
            }
        }
        try (DirectoryStream<Path> notes = Files.newDirectoryStream(dir, "*" + Spool.SENDING)) {
            for (Path p : notes) { // an item removed by a process that died before its note
                String id = p.getFileName().toString().substring(0, p.getFileName().toString().length() - Spool.SENDING.length());
                if (!Files.exists(dir.resolve(id + ".eml")) && writtenBefore(p, before)) Files.deleteIfExists(p);
            }
        }
    }

    private static boolean writtenBefore(Path p, long millis) throws IOException {
        if (millis == Long.MAX_VALUE) return true;
        try {
            return Files.getLastModifiedTime(p).toMillis() < millis;
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
    }
}
