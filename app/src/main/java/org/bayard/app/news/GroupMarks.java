package org.bayard.app.news;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * How far the gateway got in each newsgroup: one small file per group in its folder, holding the
 * news server and the number of the last article handled. Article numbers are the server's own,
 * so a mark made on another server is no mark. Each is replaced whole and forced to disk before
 * the next article is read: after a crash the gateway starts again after the last article the
 * gate answered for, never before it and never past one it had not.
 */
final class GroupMarks {
    /** The last article of {@code server}'s group that the gate answered for. */
    record Mark(String server, long number) {}

    private final Path dir;

    GroupMarks(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The group's mark; none when there is no file, or it holds what no gateway wrote (the group then starts anew). */
    Optional<Mark> read(String group) throws IOException {
        String text;
        try {
            text = Files.readString(dir.resolve(group), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (java.nio.charset.CharacterCodingException e) {
            return Optional.empty();
        }
        String[] f = text.strip().split(" ");
        try {
            return f.length == 2 ? Optional.of(new Mark(f[0], Long.parseLong(f[1]))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Replaces the group's mark, whole and durably (the file, then the folder's names); makes the folder when it is not there. */
    void write(String group, Mark mark) throws IOException {
        Files.createDirectories(dir);
        // a name no group's mark can have (a newsgroup's name starts with no dot): "comp.lang" + ".new" is a group's
        Path next = dir.resolve("." + group + ".new");
        try (FileChannel ch = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((mark.server() + " " + mark.number() + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Files.move(next, dir.resolve(group), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
