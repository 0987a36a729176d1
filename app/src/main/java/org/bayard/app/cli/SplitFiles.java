package org.bayard.app.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bayard.app.UserException;
import org.bayard.core.IoProblem;

/**
 * The message files of {@code mbox split} (00001.eml, 00002.eml, ...), written under hidden
 * temporary names and renamed into place together at the end. A split that fails or is
 * interrupted midway leaves none of them, nor the folder if it made it: the first part of a
 * mailbox looks like all of it, and a second try would refuse the folder for holding numbered
 * messages.
 */
final class SplitFiles implements AutoCloseable {
    private final Path dir;
    /** The folders made for this split, the deepest first; taken back unless it completes. */
    private final List<Path> madeFolders;
    private final List<Path> temps = new ArrayList<>();
    private boolean published;

    private SplitFiles(Path dir, List<Path> madeFolders) {
        this.dir = dir;
        this.madeFolders = madeFolders;
    }

    /**
     * Files for a split into {@code dir}, made if missing. Refuses up front rather than half way
     * a folder holding numbered messages: files from an earlier split would be mixed with these.
     */
    static SplitFiles inFolder(Path dir) throws IOException {
        List<Path> made;
        try {
            made = TemporaryFiles.createFolders(dir);
        } catch (FileAlreadyExistsException e) {
            throw new UserException(dir + " exists and is not a directory");
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "[0-9][0-9][0-9][0-9][0-9]*.eml")) {
            for (Path p : ds) throw new UserException(dir + " already holds numbered messages (" + p.getFileName() + "); split into an empty folder");
        }
        return new SplitFiles(dir, made);
    }

    /** The name of the {@code n}th message (from 1). */
    Path target(int n) {
        return dir.resolve(String.format(Locale.ROOT, "%05d.eml", n));
    }

    void add(byte[] message) {
        Path target = target(temps.size() + 1);
        try {
            Path temp = TemporaryFiles.create(dir, "." + target.getFileName());
            temps.add(temp);
            Files.write(temp, message);
        } catch (IOException e) {
            throw new UserException("cannot write " + target + ": " + IoProblem.reason(e), e);
        }
    }

    /**
     * Renames every file into place. None replaces a file: the folder held no numbered messages
     * when the split began, and one that has appeared since is not ours to overwrite; then the
     * files already moved are taken back out.
     */
    void publish() {
        List<Path> placed = new ArrayList<>();
        try {
            TemporaryFiles.publish(temps, madeFolders, () -> {
                try {
                    for (int i = 0; i < temps.size(); i++) {
                        Files.move(temps.get(i), target(i + 1));
                        placed.add(target(i + 1));
                    }
                } catch (IOException e) {
                    for (Path p : placed) Files.deleteIfExists(p);
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UserException("cannot write the messages to " + dir + ": " + IoProblem.reason(e), e);
        }
        published = true;
    }

    /** Without a publish, deletes the temporaries and the folders made for them. */
    @Override
    public void close() {
        if (published) return;
        for (Path temp : temps) TemporaryFiles.delete(temp);
        TemporaryFiles.deleteFolders(madeFolders);
    }
}
