package org.bayard.app.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The free space of the filesystems the gate writes to: the quarantine (where a message is
 * spilled while read and where it is held) and the store (which grows when it learns). Asked at
 * each MAIL; one statfs each, microseconds, so it is not cached.
 */
final class FreeSpace {
    /** A folder the gate writes to, and what it is, as {@code /health} names it (without its path). */
    record Folder(String role, Path dir) {}

    private final List<Folder> folders;

    FreeSpace(Path quarantine, Path store) {
        this.folders = List.of(new Folder("the quarantine", quarantine), new Folder("the store", store));
    }

    /** The first folder whose filesystem has fewer than {@code bytes} free for us, or empty when every one has enough. */
    Optional<Folder> below(long bytes) {
        for (Folder folder : folders) {
            OptionalLong free = usable(folder.dir());
            // not measurable (gone, unmounted): the write itself will fail, and answer 451 or 452 then
            if (free.isPresent() && free.getAsLong() < bytes) return Optional.of(folder);
        }
        return Optional.empty();
    }

    /** The bytes free for us on {@code dir}'s filesystem, or empty when that cannot be measured. */
    OptionalLong usable(Path dir) {
        try {
            return OptionalLong.of(Files.getFileStore(existing(dir)).getUsableSpace());
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The folder, or the nearest one above it that exists (a store not created yet). */
    private static Path existing(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p.getParent() != null && !Files.exists(p)) p = p.getParent();
        return p;
    }
}
