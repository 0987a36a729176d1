package org.bayard.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The place a write to a path will reach, for the checks that refuse an output that would land
 * on an input (eval's report over its scores file, tte's culled mailboxes inside a pile): links
 * resolved as far as the path exists, the rest as written, so that two spellings of one place
 * compare equal. One rule for both, where each had its own copy of it.
 */
final class WhereWritesLead {
    private WhereWritesLead() {}

    static Path of(Path p) {
        Path existing = p.toAbsolutePath();
        Path rest = existing.getFileSystem().getPath("");
        while (existing.getParent() != null && !Files.exists(existing)) {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        try {
            return existing.toRealPath().resolve(rest).normalize();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize(); // unreadable: compared as written; its own write will say what is wrong
        }
    }
}
