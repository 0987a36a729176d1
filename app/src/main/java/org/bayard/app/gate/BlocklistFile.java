package org.bayard.app.gate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bayard.app.gate.Blocklist.Entry;

/**
 * {@code blocklist.tsv} on disk: its text format, read again only when its time stamp or size
 * changed, and written whole to a temporary file, synced and renamed into place. Its own class
 * so that {@link Blocklist} reads as the rules of a block (matching, expiry, merging, the lock)
 * and this as the file's bytes; the lock is the caller's to hold around a write.
 */
final class BlocklistFile {
    private record Snapshot(long modified, long size, Map<String, Entry> entries) {}

    private final Path file;
    private volatile Snapshot current = new Snapshot(Long.MIN_VALUE, -1, Map.of());

    BlocklistFile(Path file) {
        this.file = file;
    }

    /** Forgets what was read, so that the next {@link #read} reads the file again (as a change must, under the lock). */
    void forget() {
        current = new Snapshot(Long.MIN_VALUE, -1, Map.of());
    }

    /** The entries as the file holds them, expired ones included, by {@link Blocklist#key}; none when there is no file. */
    Map<String, Entry> read() throws IOException {
        Snapshot s = current;
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            current = new Snapshot(Long.MIN_VALUE, -1, Map.of());
            return Map.of();
        }
        long modified = a.lastModifiedTime().toMillis();
        if (modified == s.modified() && a.size() == s.size()) return s.entries();
        Map<String, Entry> m = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new FileSystemException(file.toString(), null, "not UTF-8 text, so not a blocklist Bayard"
                    + " wrote (damaged?); move it aside and the blocklist starts empty");
        }
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            if (f.length != 3) continue;
            try {
                Entry e = new Entry(f[1], f[2].equals("<>") ? "" : f[2], Instant.ofEpochSecond(Long.parseLong(f[0])));
                m.put(Blocklist.key(e.client(), e.sender()), e);
            } catch (NumberFormatException ex) {
                // a damaged line blocks nobody
            }
        }
        current = new Snapshot(modified, a.size(), Map.copyOf(m));
        return current.entries();
    }

    /** {@code entries} in a temporary file beside the blocklist, synced to disk; call under the lock. */
    Path writeTemporary(Map<String, Entry> entries) throws IOException {
        StringBuilder b = new StringBuilder("# bayard sender blocklist: expires (epoch seconds), client, sender\n");
        for (Entry e : entries.values()) {
            b.append(e.expires().getEpochSecond()).append('\t').append(e.client()).append('\t')
                    .append(e.sender().isEmpty() ? "<>" : e.sender()).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        org.bayard.store.lmdb.FolderOwner.give(tmp);
        return tmp;
    }

    /** Renames the temporary file over the blocklist and syncs the directory; call under the lock. */
    void install(Path tmp) throws IOException {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            d.force(true);
        }
        current = new Snapshot(Long.MIN_VALUE, -1, Map.of());
    }
}
