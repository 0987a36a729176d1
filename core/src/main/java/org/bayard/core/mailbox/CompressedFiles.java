package org.bayard.core.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bayard.core.IoProblem;

/**
 * Refuses a compressed file named as mail, saying how to read it out. Why a class of its own:
 * what compressors mark their files with, and the advice for each, is knowledge apart from
 * walking the arguments that {@link MailInputs} does, which asks this of every file it reads, and
 * eval asks of every message its index lists.
 */
public final class CompressedFiles {
    private CompressedFiles() {}

    /** A compressor mailboxes are kept in: its files' first bytes, its name and the tool that reads them out. */
    public record Compression(byte[] magic, String name, String reader) {}

    private static final List<Compression> COMPRESSED = List.of(
            new Compression(new byte[] {0x1f, (byte) 0x8b}, "gzip", "zcat"),
            new Compression(new byte[] {'B', 'Z', 'h'}, "bzip2", "bzcat"),
            new Compression(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, "xz", "xzcat"),
            new Compression(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, "zstd", "zstdcat"));

    /**
     * A compressed mailbox named on the command line would be read as one message of binary
     * junk, and learned as such: refused with the way to read it instead. (A mail message never
     * starts with these bytes.) The way is a file or a pipe named as the path, never standard
     * input: {@code -} is one message, so {@code zcat box.gz | bayard learn --spam -}, which this
     * advised, learned a mailbox of 200 spams as one message. Files inside folders are checked as they are reached: a folder of
     * compressed messages (Dovecot's zlib plugin keeps Maildir files gzip-compressed) or a
     * compressed mailbox beside the others was learned as that many messages of binary junk.
     */
    static void refuse(String shown, Path p) {
        Optional<Compression> c;
        try {
            c = of(p);
        } catch (IOException e) {
            throw new MailInputException(shown, IoProblem.reason(e));
        }
        if (c.isPresent()) {
            throw new MailInputException(shown, c.get().name() + "-compressed, not mail; decompress it first (" + c.get().reader()
                    + " " + shown + " > FILE, or in bash name <(" + c.get().reader() + " " + shown + ") as the path;"
                    + " piped to '-' a mailbox is read as one message)");
        }
    }

    /** The compressor whose mark {@code file} starts with, if any. */
    public static Optional<Compression> of(Path file) throws IOException {
        byte[] head = new byte[6];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        for (Compression c : COMPRESSED) {
            byte[] magic = c.magic();
            if (n >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length)) return Optional.of(c);
        }
        return Optional.empty();
    }
}
