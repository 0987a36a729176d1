package org.bayard.store.lmdb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Bytes kept once in a {@link PrivateDirectory} under a name that carries a hash of them, so that
 * every process wanting the same bytes uses one file. The first process writes a temporary file
 * in the directory and renames it into place: a rename is atomic, so processes starting together
 * each see no file or a whole one, and the last rename wins with the same bytes. Later processes
 * compare the file with their bytes and reuse it; a file that differs (truncated, edited) is
 * replaced the same way. No fsync: a copy cut short by a power loss differs and is rewritten.
 */
final class ContentAddressedCopy {
    /** Hex digits of the hash in the name: CRC-32 then CRC-32C, 64 bits. */
    static final int HASH_HEX_DIGITS = 16;
    static final String PARTIAL_SUFFIX = ".partial";
    /**
     * A temporary file older than this was left by a process killed while writing it (writing
     * takes about a millisecond), and is deleted by the next process that writes a copy.
     */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    private ContentAddressedCopy() {}

    /** The path of {@code bytes} in {@code dir}, named {@code prefix-HASH suffix}; written if not there yet. */
    static Path of(byte[] bytes, String prefix, String suffix, PrivateDirectory dir) throws IOException {
        Path copy = dir.path().resolve(prefix + "-" + hash(bytes) + suffix);
        if (holds(copy, bytes)) {
            return copy;
        }
        deleteAbandonedPartials(dir.path());
        Path partial = Files.createTempFile(dir.path(), "." + copy.getFileName() + ".", PARTIAL_SUFFIX,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(partial, bytes);
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("r-x------"));
            Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return copy;
    }

    private static boolean holds(Path copy, byte[] bytes) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(copy, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        }
        return attributes.isRegularFile() && attributes.size() == bytes.length
                && Arrays.equals(Files.readAllBytes(copy), bytes);
    }

    private static void deleteAbandonedPartials(Path dir) throws IOException {
        FileTime before = FileTime.from(Instant.now().minus(ABANDONED_AFTER));
        try (DirectoryStream<Path> partials = Files.newDirectoryStream(dir, ".*" + PARTIAL_SUFFIX)) {
            for (Path partial : partials) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(partial, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile() && attributes.lastModifiedTime().compareTo(before) < 0) {
                        Files.deleteIfExists(partial);
                    }
                } catch (NoSuchFileException e) {
                    // Renamed or deleted by another process meanwhile.
                }
            }
        }
    }

    /**
     * CRC-32 and CRC-32C, not SHA-256: the name only has to tell apart the few library builds one
     * user ever runs, the bytes are compared before a copy is used, and the directory is private, so
     * the name need not resist forgery. In a fresh JVM, where this runs once, SHA-256 of the 361 KB
     * library took 70 to 165 ms (interpreted, before the JIT), both CRCs 3 to 7 ms (intrinsics).
     */
    static String hash(byte[] bytes) {
        CRC32 crc32 = new CRC32();
        crc32.update(bytes);
        CRC32C crc32c = new CRC32C();
        crc32c.update(bytes);
        return HexFormat.of().toHexDigits((int) crc32.getValue()) + HexFormat.of().toHexDigits((int) crc32c.getValue());
    }
}
