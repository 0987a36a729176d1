package org.bayard.app.cli;

import java.io.IOException;
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
 * interrupted midway leaves none of them: the first part of a mailbox looks like all of it, and
 * a second try would refuse the folder for holding numbered messages.
 */
final class SplitFiles implements AutoCloseable {
    private final Path dir;
    private final List<Path> temps = new ArrayList<>();
    private boolean published;

    SplitFiles(Path dir) {
        this.dir = dir;
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
            TemporaryFiles.publish(temps, () -> {
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

    /** Without a publish, deletes the temporaries. */
    @Override
    public void close() {
        if (published) return;
        for (Path temp : temps) TemporaryFiles.delete(temp);
    }
}
