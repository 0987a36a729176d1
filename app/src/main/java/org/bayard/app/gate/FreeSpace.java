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
    private final List<Path> dirs;

    FreeSpace(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    /** The first folder whose filesystem has fewer than {@code bytes} free for us, or empty when every one has enough. */
    Optional<Path> below(long bytes) {
        for (Path dir : dirs) {
            OptionalLong free = usable(dir);
            // not measurable (gone, unmounted): the write itself will fail, and answer 451 or 452 then
            if (free.isPresent() && free.getAsLong() < bytes) return Optional.of(dir);
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
