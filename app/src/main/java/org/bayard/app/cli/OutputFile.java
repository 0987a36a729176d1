package org.bayard.app.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import org.bayard.core.IoProblem;
import org.bayard.app.StandardOutput;
import org.bayard.app.UserException;
import org.bayard.store.lmdb.LmdbTokenStore;

/**
 * A file written next to its final name and moved into place only when complete, so a failed
 * or interrupted write never leaves a file that looks like a finished backup or mailbox. The
 * temporary name starts with a dot: directory walks of {@code MailInputs} skip it. Interrupted
 * (Ctrl-C, SIGTERM), the run leaves no temporary behind ({@link TemporaryFiles}).
 *
 * <p>A target that exists and is not a regular file, such as {@code /dev/stdout}, {@code /dev/null}
 * or a named pipe, is written to directly, as any Unix tool would: renaming over it would replace
 * the device or pipe with a file (as root, {@code /dev/null} itself). A symbolic link is followed,
 * so the file it points to is replaced and the link stays.
 */
final class OutputFile implements AutoCloseable {
    /** The name the user gave, for messages. */
    private final Path shown;
    private final Path target;
    /** The temporary file, or null when writing straight to a device or pipe. */
    private final Path temp;
    private final OutputStream out;
    private boolean committed;

    private OutputFile(Path shown, Path target, Path temp, OutputStream out) {
        this.shown = shown;
        this.target = target;
        this.temp = temp;
        this.out = out;
    }

    /**
     * Refuses data.mdb or lock.mdb in a folder that holds a store, for every output, replaced or
     * appended to: 'db export DB/data.mdb' (arguments mixed up) replaced the store with its dump.
     */
    static void refuseStoreFile(Path target) {
        Path real;
        try {
            real = Files.exists(target) ? target.toRealPath() : target.toAbsolutePath();
        } catch (IOException e) {
            return; // the write itself will say what is wrong with the path
        }
        if (LmdbTokenStore.isStoreFile(real)) {
            throw new UserException("cannot write " + target + ": it is a file of the store in " + real.getParent() + "; write it somewhere else");
        }
    }

    /**
     * Refuses {@code target} when {@code folder}, where it would be made, is not a folder: "no such
     * file" named the file to be made rather than what is missing.
     */
    static void refuseMissingFolder(Path target, Path folder) {
        if (folder != null && !Files.isDirectory(folder)) {
            throw new UserException("cannot write " + target + ": " + (Files.exists(folder) ? "not a directory: " : "no such directory: ") + folder);
        }
    }

    static OutputFile create(Path target) {
        try {
            if (Files.isDirectory(target)) throw new UserException("cannot write " + target + ": it is a directory");
            if (Files.exists(target) && !Files.isRegularFile(target)) {
                return new OutputFile(target, target, null, Files.newOutputStream(target, StandardOpenOption.WRITE));
            }
            refuseStoreFile(target);
            Path real = Files.exists(target) ? target.toRealPath() : target.toAbsolutePath();
            Path dir = real.getParent();
            refuseMissingFolder(target, dir);
            Path temp = TemporaryFiles.create(dir, "." + real.getFileName());
            try {
                return new OutputFile(target, real, temp, Files.newOutputStream(temp));
            } catch (IOException e) {
                TemporaryFiles.delete(temp);
                throw e;
            }
        } catch (IOException e) {
            throw new UserException("cannot write " + target + ": " + IoProblem.reason(e), e);
        }
    }

    /**
     * Tries where {@code target} would be written, as {@link #create} does, and takes the
     * temporary back: for a command whose long work (reading a whole store) comes before it opens
     * its output, so that a mistyped path is said in a second. A device or pipe is left alone:
     * opened for writing, a pipe waits for its reader.
     */
    static void tryCreating(Path target) {
        if (Files.exists(target) && !Files.isDirectory(target) && !Files.isRegularFile(target)) return;
        create(target).close();
    }

    /**
     * Writes a byte to the file being made and takes it back: for a command whose long work (an
     * eval run) comes between opening its output and writing it. A disk with no room left lets
     * the empty file be made, and was found only once the work was over. A device or pipe is left
     * alone, a byte written there being output, but for the devices that keep nothing written to
     * them: {@code /dev/full}, opened as any device is, refuses every write as a full disk does,
     * and was found only after the run too.
     */
    void tryRoom() {
        if (temp == null && !keepsNothing(target)) return;
        try (FileChannel probe = FileChannel.open(temp == null ? target : temp, StandardOpenOption.WRITE)) {
            probe.write(ByteBuffer.wrap(new byte[] {'\n'}));
            if (temp != null) probe.truncate(0); // the file's own stream, opened apart, still writes from its start
        } catch (IOException e) {
            throw new UserException("cannot write " + shown + ": " + IoProblem.reason(e), e);
        }
    }

    /**
     * As {@link #tryRoom}, for the process's standard output when it is one of the devices that
     * keep nothing: {@code > /dev/full}, or a closed standard output, which the launcher gives
     * {@code /dev/full} so that every write fails, was found only once the run was over.
     */
    static void tryStandardOutput(PrintStream out) {
        Path descriptor = Path.of("/proc/self/fd/1");
        if (!StandardOutput.isProcessOutput(out) || !keepsNothing(descriptor)) return;
        try (FileChannel probe = FileChannel.open(descriptor, StandardOpenOption.WRITE)) {
            probe.write(ByteBuffer.wrap(new byte[] {'\n'}));
        } catch (IOException e) {
            throw new UserException("cannot write to standard output (closed or full): " + IoProblem.reason(e), e);
        }
    }

    /**
     * Whether {@code device} is one of Linux's devices that keep nothing written to them (null,
     * zero and full: character devices 1:3, 1:5 and 1:7), where a byte written to try it is no
     * output. Known by number, not name: a link to one, or one made elsewhere with mknod, is one too.
     */
    private static boolean keepsNothing(Path device) {
        try {
            int type = (Integer) Files.getAttribute(device, "unix:mode") & 0170000;
            long number = (Long) Files.getAttribute(device, "unix:rdev");
            return type == 0020000 && (number == makedev(1, 3) || number == makedev(1, 5) || number == makedev(1, 7));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false; // not told: left alone, as any device is
        }
    }

    /** A device number as Linux's stat gives it, for majors and minors below 256. */
    private static long makedev(int major, int minor) {
        return ((long) major << 8) | minor;
    }

    /**
     * Whether this writes straight to a device or pipe ({@code /dev/stdout}): then a command's own
     * report belongs on stderr, as with {@code -}, not in the stream it wrote.
     */
    boolean direct() {
        return temp == null;
    }

    /**
     * Gives the file the read access its folder gives, for outputs made to be shared (an eval
     * report put where a web server serves it). The temporary is made owner-only, as a dump of
     * people's mail must be; a report stayed 0600 in a 0755 folder, so the web server got 403.
     * The folder's bits stand in for the umask, which Java cannot read: a folder made under
     * umask 077 keeps its reports private.
     */
    void readableLikeFolder() throws IOException {
        if (temp == null) return;
        Path dir = temp.getParent();
        if (!Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) return;
        Set<PosixFilePermission> folder = Files.getPosixFilePermissions(dir);
        Set<PosixFilePermission> file = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        if (folder.contains(PosixFilePermission.GROUP_READ)) file.add(PosixFilePermission.GROUP_READ);
        if (folder.contains(PosixFilePermission.OTHERS_READ)) file.add(PosixFilePermission.OTHERS_READ);
        Files.setPosixFilePermissions(temp, file);
    }

    OutputStream stream() {
        return out;
    }

    /** The name the user gave, for messages. */
    Path name() {
        return shown;
    }

    /**
     * Closes the files without moving them into place yet: a write that fails (a full disk) fails
     * here, so that a step between this and {@link #commitAll} (tte puts its model in the store)
     * is not followed by outputs that could not be written.
     */
    static void finishAll(OutputFile... files) {
        for (OutputFile f : files) f.closeStream();
    }

    /** Closes the file and renames it over {@code target}. */
    void commit() {
        commitAll(this);
    }

    /**
     * Closes the files and moves them into place together: Ctrl-C or SIGTERM stops a run before
     * or after the moves, never between two of them, so one run's outputs are never found beside
     * an earlier run's.
     */
    static void commitAll(OutputFile... files) {
        commitAll(List.of(), files);
    }

    /** {@link #commitAll(OutputFile...)}, keeping from then on the {@code madeFolders} made for them by {@link TemporaryFiles#createFolders}. */
    static void commitAll(List<Path> madeFolders, OutputFile... files) {
        List<Path> temps = new ArrayList<>();
        for (OutputFile f : files) {
            f.closeStream();
            if (f.temp != null) temps.add(f.temp);
        }
        try {
            TemporaryFiles.publish(temps, madeFolders, () -> {
                for (OutputFile f : files) f.moveIntoPlace();
            });
        } catch (IOException e) {
            throw new UserException("cannot write " + files[0].shown + ": " + IoProblem.reason(e), e);
        }
        for (OutputFile f : files) f.committed = true;
    }

    private void closeStream() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UserException("cannot write " + shown + ": " + IoProblem.reason(e), e);
        }
    }

    private void moveIntoPlace() {
        if (temp == null) return;
        try {
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UserException("cannot write " + shown + ": " + IoProblem.reason(e), e);
        }
    }

    /** Without a commit, removes the partial file. */
    @Override
    public void close() {
        if (committed) return;
        try {
            out.close();
        } catch (IOException ignored) {
            // the write already failed; the error that got us here is the one to report
        }
        if (temp != null) TemporaryFiles.delete(temp);
    }
}
