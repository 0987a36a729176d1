package org.bayard.app.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recipients whose mail passes unfiltered, from a text file: one entry per line, {@code
 * user@example.org} for an address, {@code example.org} (or {@code @example.org}) for a domain,
 * {@code .example.org} for its subdomains too; {@code #} starts a comment. The file is looked at
 * again whenever its time stamp or size changes, so edits take effect without a restart. A
 * missing file is an empty list; an unreadable one keeps the last good list.
 */
final class BypassList {
    private record Snapshot(long modified, long size, Set<String> entries) {}

    private final Optional<Path> file;
    private volatile Snapshot current = new Snapshot(Long.MIN_VALUE, -1, Set.of());

    BypassList(Optional<Path> file) {
        this.file = file;
    }

    boolean covers(String recipient) {
        if (file.isEmpty()) return false;
        Set<String> entries = refresh();
        if (entries.isEmpty()) return false;
        String r = recipient.toLowerCase(Locale.ROOT);
        if (entries.contains(r)) return true;
        int at = r.lastIndexOf('@');
        if (at < 0) return false;
        String domain = r.substring(at + 1);
        if (entries.contains(domain)) return true;
        for (int dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) {
            if (entries.contains(domain.substring(dot))) return true;
        }
        return false;
    }

    private Set<String> refresh() {
        Path f = file.get();
        Snapshot s = current;
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            long modified = a.lastModifiedTime().toMillis();
            if (modified == s.modified() && a.size() == s.size()) return s.entries();
            Set<String> entries = new HashSet<>();
            // malformed UTF-8 (a Latin-1 comment) is replaced, not a failure that empties the list
            for (String line : new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8).split("\\R")) {
                int hash = line.indexOf('#');
                String e = (hash < 0 ? line : line.substring(0, hash)).strip().toLowerCase(Locale.ROOT);
                if (e.startsWith("@")) e = e.substring(1);
                if (!e.isEmpty()) entries.add(e);
            }
            current = new Snapshot(modified, a.size(), Set.copyOf(entries));
            return current.entries();
        } catch (NoSuchFileException e) {
            current = new Snapshot(Long.MIN_VALUE, -1, Set.of());
            return Set.of();
        } catch (IOException e) {
            return s.entries();
        }
    }
}
