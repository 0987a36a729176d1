package org.bayard.app.cli;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The temporary files that outputs are written to before they are moved into place, deleted if
 * the JVM shuts down first. Ctrl-C or SIGTERM runs no {@code finally} block and no
 * {@code close()}, only shutdown hooks, so without this an interrupted run left its temporaries
 * behind.
 *
 * <p>Creating, publishing and the cleanup at shutdown take one lock: a shutdown that begins
 * while finished files are being moved into place waits for the moves (they are renames in one
 * folder, quick), and once it has begun no temporary is created or published.
 */
final class TemporaryFiles {
    /**
     * The temporaries, and the folders made for outputs (the deepest first, taken back at
     * shutdown if still empty), as {@link File}s: {@link #deleteAll} deletes them without
     * allocating on the heap, so that it can run when another thread has run it out.
     */
    private static final List<File> LIVE = new ArrayList<>();
    private static final List<File> LIVE_FOLDERS = new ArrayList<>();
    private static boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TemporaryFiles::deleteAll, "bayard-temporary-files"));
    }

    private TemporaryFiles() {}

    /** Moves of finished temporaries into place. */
    @FunctionalInterface
    interface Moves {
        void run() throws IOException;
    }

    /** A new empty file in {@code dir}, named {@code prefix...part}, deleted at shutdown unless published first. */
    static synchronized Path create(Path dir, String prefix) throws IOException {
        refuseIfShuttingDown();
        Path temp = Files.createTempFile(dir, prefix, ".part");
        LIVE.add(temp.toFile());
        return temp;
    }

    /**
     * Creates {@code dir} and any missing parents, as {@code Files.createDirectories} does, and
     * returns the folders it made, the deepest first. Until {@link #publish} keeps them, they are
     * removed at shutdown if empty: an interrupted run leaves no new empty folder behind.
     */
    static synchronized List<Path> createFolders(Path dir) throws IOException {
        refuseIfShuttingDown();
        List<Path> missing = new ArrayList<>();
        for (Path p = dir.toAbsolutePath(); p != null && Files.notExists(p); p = p.getParent()) missing.add(p);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            // the parents made before one that could not be (a name too long) were left behind, empty
            for (Path made : missing) deleteQuietly(made);
            throw e;
        }
        for (Path made : missing) LIVE_FOLDERS.add(made.toFile());
        return missing;
    }

    /**
     * Runs {@code moves}, which put the finished {@code temps} in place; from then on they are
     * no longer deleted at shutdown.
     */
    static void publish(Collection<Path> temps, Moves moves) throws IOException {
        publish(temps, List.of(), moves);
    }

    /** {@link #publish(Collection, Moves)}, keeping also the {@code folders} that {@link #createFolders} made for them. */
    static synchronized void publish(Collection<Path> temps, Collection<Path> folders, Moves moves) throws IOException {
        refuseIfShuttingDown();
        moves.run();
        for (Path temp : temps) LIVE.remove(temp.toFile());
        for (Path folder : folders) LIVE_FOLDERS.remove(folder.toFile());
    }

    /** Deletes a temporary that will not be published (the write failed or was abandoned). */
    static synchronized void delete(Path temp) {
        deleteQuietly(temp);
        LIVE.remove(temp.toFile());
    }

    /** Removes folders made by {@link #createFolders} for outputs that will not be published, if empty. */
    static synchronized void deleteFolders(List<Path> folders) {
        for (Path folder : folders) {
            deleteQuietly(folder); // deepest first; a folder holding anything stays
            LIVE_FOLDERS.remove(folder.toFile());
        }
    }

    /** Deletes every temporary and folder not published; at shutdown, or by {@link OutOfMemoryExit} before it halts. */
    static synchronized void deleteAll() {
        shuttingDown = true;
        // indexed, File.delete: no iterator, no exception; what cannot be deleted is left (see deleteQuietly)
        for (int i = 0; i < LIVE.size(); i++) LIVE.get(i).delete();
        LIVE.clear();
        for (int i = 0; i < LIVE_FOLDERS.size(); i++) LIVE_FOLDERS.get(i).delete(); // only an empty folder goes
        LIVE_FOLDERS.clear();
    }

    private static void refuseIfShuttingDown() throws IOException {
        if (shuttingDown) throw new InterruptedIOException("interrupted (the program is stopping)");
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // a hidden .part file or a folder someone has put files in is left behind: harmless,
            // and the error that brought us here matters more
        }
    }
}
