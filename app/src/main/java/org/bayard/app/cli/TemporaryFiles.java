package org.bayard.app.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

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
    private static final Set<Path> LIVE = new LinkedHashSet<>();
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
        LIVE.add(temp);
        return temp;
    }

    /**
     * Runs {@code moves}, which put the finished {@code temps} in place; from then on they are
     * no longer deleted at shutdown.
     */
    static synchronized void publish(Collection<Path> temps, Moves moves) throws IOException {
        refuseIfShuttingDown();
        moves.run();
        LIVE.removeAll(temps);
    }

    /** Deletes a temporary that will not be published (the write failed or was abandoned). */
    static synchronized void delete(Path temp) {
        deleteQuietly(temp);
        LIVE.remove(temp);
    }

    private static synchronized void deleteAll() {
        shuttingDown = true;
        for (Path temp : LIVE) deleteQuietly(temp);
        LIVE.clear();
    }

    private static void refuseIfShuttingDown() throws IOException {
        if (shuttingDown) throw new InterruptedIOException("interrupted (the program is stopping)");
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // a hidden .part file left behind is harmless; the error that brought us here matters more
        }
    }
}
