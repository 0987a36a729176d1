package org.bayard.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The dashboard's hourly history on disk, so that a restart does not clear the charts: a first
 * line naming the format, then one line per hour, {@code HOUR accept tag hold reject discard
 * unsure}, HOUR counted in hours since 1970 UTC. Plain text, so that a postmaster can read, trim
 * or delete it with the usual tools. A history of the first format (written before discards were
 * counted: no discard column) still reads, with no discards.
 *
 * <p>Written whole to a temporary file in the same directory, forced to disk and moved over the
 * old one: a crash or a full disk mid-write leaves the previous file, never half of one.
 */
public final class HistoryFile {
    static final String FIRST_LINE = "# bayard dashboard history 2: hour accept tag hold reject discard unsure";
    /** The first format's first line: its columns are the actions before discard, then unsure. */
    static final String FIRST_LINE_1 = "# bayard dashboard history 1: hour accept tag hold reject unsure";
    private static final int COLUMNS = Metrics.ACTIONS.size() + 1;
    /** Where each column of the first format goes in {@link Metrics}' counts. */
    private static final int[] COLUMNS_1 = {0, 1, 2, 3, COLUMNS - 1};
    /**
     * The most a history can take: 745 hours of seven numbers of up to 19 digits is 119 KB (a
     * month of real counts about 25 KB). Read no further, so that a huge or endless file (one
     * line of gigabytes, millions of hours) cannot exhaust the heap at start.
     */
    static final int MAX_BYTES = 256 * 1024;

    private HistoryFile() {}

    /**
     * The hours saved in {@code file}; empty when there is no file yet.
     *
     * @throws Damaged naming the file and what is wrong with it, when it is not a history this program wrote
     */
    public static SortedMap<Long, long[]> read(Path file) throws IOException {
        try {
            if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
                // a pipe would block the start, a device (a link to /dev/zero) never end
                throw new FileSystemException(file.toString(), null, "not a regular file");
            }
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) throw damaged(file, "it is larger than any history (" + MAX_BYTES + " bytes)");
        List<String> lines;
        try {
            lines = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString().lines().toList();
        } catch (CharacterCodingException e) {
            throw damaged(file, "not text");
        }
        if (lines.isEmpty() || !(lines.get(0).equals(FIRST_LINE) || lines.get(0).equals(FIRST_LINE_1))) {
            throw damaged(file, "its first line is not '" + FIRST_LINE + "'");
        }
        int[] columns = lines.get(0).equals(FIRST_LINE) ? identity(COLUMNS) : COLUMNS_1;
        SortedMap<Long, long[]> hours = new TreeMap<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) continue;
            String[] f = line.strip().split("\\s+");
            if (f.length != columns.length + 1) {
                throw damaged(file, "line " + (n + 1) + " has " + f.length + " fields, not " + (columns.length + 1));
            }
            long[] counts = new long[COLUMNS];
            long hour;
            try {
                hour = Long.parseLong(f[0]);
                for (int i = 0; i < columns.length; i++) counts[columns[i]] = Long.parseLong(f[i + 1]);
            } catch (NumberFormatException e) {
                throw damaged(file, "line " + (n + 1) + " is not whole numbers");
            }
            if (hour < 0 || Arrays.stream(counts).anyMatch(c -> c < 0)) {
                throw damaged(file, "line " + (n + 1) + " has a negative number");
            }
            if (hours.putIfAbsent(hour, counts) != null) throw damaged(file, "line " + (n + 1) + " repeats hour " + hour);
        }
        return hours;
    }

    private static int[] identity(int n) {
        int[] columns = new int[n];
        for (int i = 0; i < n; i++) columns[i] = i;
        return columns;
    }

    /** Replaces {@code file} with {@code hours}, whole or not at all (in the current format). */
    public static void write(Path file, SortedMap<Long, long[]> hours) throws IOException {
        StringBuilder b = new StringBuilder(FIRST_LINE).append('\n');
        for (var e : hours.entrySet()) {
            b.append(e.getKey());
            for (long c : e.getValue()) b.append(' ').append(c);
            b.append('\n');
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir); // beside a Redis-backed store's path, which nothing else may have made
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (var channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) channel.write(bytes);
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Damaged damaged(Path file, String why) {
        return new Damaged(file, why);
    }

    /** The file is there and readable, but not a history this program wrote. */
    public static final class Damaged extends FileSystemException {
        Damaged(Path file, String why) {
            super(file.toString(), null, "not a dashboard history: " + why);
        }
    }
}
