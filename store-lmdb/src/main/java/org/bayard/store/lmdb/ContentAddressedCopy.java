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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Bytes kept once in a {@link PrivateDirectory} under a name that carries their SHA-256, so that
 * every process wanting the same bytes uses one file. The first process writes a temporary file
 * in the directory and renames it into place: a rename is atomic, so processes starting together
 * each see no file or a whole one, and the last rename wins with the same bytes. Later processes
 * compare the file with their bytes and reuse it; a file that differs (truncated, edited) is
 * replaced the same way. No fsync: a copy cut short by a power loss differs and is rewritten.
 */
final class ContentAddressedCopy {
    /** Hex digits of the SHA-256 in the name: 128 bits, no two contents ever share a name. */
    static final int HASH_HEX_DIGITS = 32;
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

    static String hash(byte[] bytes) {
        try {
            byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(sha256, 0, HASH_HEX_DIGITS / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
