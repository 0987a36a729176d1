package org.bayard.app.gate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The file of one put-off write ({@code N.entry}): a JSON header line, then the message it learns.
 * Kept apart from {@link PutOffJournal}, which decides where entries go and when they leave, so
 * that the format and its durability (written to {@code .tmp}, fsynced, renamed, the folder
 * fsynced: whole or absent) are read and changed in one place.
 */
final class PutOffEntryFile {
    /** A header longer than this is no header of ours. */
    private static final int MAX_HEADER = 64 << 10;

    private PutOffEntryFile() {}

    /**
     * Writes {@code header} and the {@code size} bytes of {@code body} to {@code tmp}, fsyncs it,
     * renames it to {@code file} and fsyncs its folder; on failure leaves neither file.
     */
    static void write(Path tmp, Path file, Map<String, Object> header, PutOffJournal.Body body, long size) throws IOException {
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(tmp))) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch));
                out.write(Gate.LOG_JSON.writeValueAsString(header).getBytes(StandardCharsets.US_ASCII));
                out.write('\n');
                long copied;
                try (InputStream in = body.open()) {
                    copied = in.transferTo(out);
                }
                if (copied != size) throw new IOException("the message changed while it was journaled (" + copied + " of " + size + " bytes)");
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            PutOffGateFolder.sync(file.getParent());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Reads the entry {@code file}: its header, and where its message starts; throws when it is not whole. */
    static PutOffJournal.Left read(Path file) throws IOException {
        long size = Files.size(file);
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes((int) Math.min(size, MAX_HEADER));
        }
        int newline = -1;
        for (int i = 0; i < start.length; i++) {
            if (start[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) throw new IOException("no header line");
        @SuppressWarnings("unchecked")
        Map<String, Object> header = Gate.JSON.readValue(new String(start, 0, newline, StandardCharsets.US_ASCII), Map.class);
        Object declared = header.get("bytes");
        if (!(declared instanceof Number n)) throw new IOException("no length in its header");
        long body = size - newline - 1;
        if (body != n.longValue()) throw new IOException("its message has " + body + " bytes, its header says " + n);
        return new PutOffJournal.Left(file, header, newline + 1, body);
    }

    /** The message of an entry taken over. */
    static InputStream body(PutOffJournal.Left left) throws IOException {
        FileChannel ch = FileChannel.open(left.file(), StandardOpenOption.READ);
        ch.position(left.bodyOffset());
        return Channels.newInputStream(ch);
    }

    static byte[] bodyBytes(PutOffJournal.Left left) throws IOException {
        if (left.bodySize() > Integer.MAX_VALUE - 16) throw new IOException("the message is too large: " + left.bodySize() + " bytes");
        try (InputStream in = body(left)) {
            return in.readNBytes((int) left.bodySize());
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) return new FileAttribute<?>[0];
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }
}
