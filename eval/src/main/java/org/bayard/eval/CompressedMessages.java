package org.bayard.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Tells a compressed file from a message by its first bytes, which no mail message starts with.
 * A corpus taken from a Maildir that Dovecot's zlib plugin keeps gzip-compressed was scored as
 * binary junk, and its figures meant nothing; {@code learn} refuses such files, and so must eval.
 * (The learning side's own check is private to the mailbox reader, so the short table is here too.)
 */
public final class CompressedMessages {
    private CompressedMessages() {}

    /** A compressor: its files' first bytes, its name and the tool that reads them out. */
    private record Compression(byte[] magic, String name, String reader) {}

    private static final List<Compression> COMPRESSIONS = List.of(
            new Compression(new byte[] {0x1f, (byte) 0x8b}, "gzip", "zcat"),
            new Compression(new byte[] {'B', 'Z', 'h'}, "bzip2", "bzcat"),
            new Compression(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, "xz", "xzcat"),
            new Compression(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, "zstd", "zstdcat"));

    /** What is wrong with {@code file} if it is compressed ("gzip-compressed, not mail; decompress it first (zcat)"). */
    public static Optional<String> problem(Path file) throws IOException {
        byte[] head = new byte[6];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        for (Compression c : COMPRESSIONS) {
            byte[] magic = c.magic();
            if (n >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length)) {
                return Optional.of(c.name() + "-compressed, not mail; decompress it first (" + c.reader() + ")");
            }
        }
        return Optional.empty();
    }
}
