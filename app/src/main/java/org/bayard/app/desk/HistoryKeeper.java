package org.bayard.app.desk;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bayard.app.LockedFile;
import org.bayard.app.config.HttpConfig;
import org.bayard.http.HistoryFile;
import org.bayard.http.Metrics;

/**
 * Keeps the dashboard's hourly history across restarts of {@code bayard serve}: takes back what
 * the last run saved, saves every {@code every} when there is something new, and once more at
 * close (a SIGTERM closes it through the shutdown hook). At most one interval of counts is lost
 * to a crash.
 *
 * <p>The history is a convenience, so nothing here stops the service: a file that is not a
 * history is moved aside (kept, with a warning, for whoever wants to look at it) and a new one
 * begun; a file that cannot be read at all is left alone and this run's history is not saved,
 * so that it is not overwritten; a failed save is reported once and tried again next time.
 *
 * <p>One keeper per file: a second {@code bayard serve} with the same history (two nodes beside
 * one store) would save its own counts over the first one's every minute, each run undoing the
 * other's hours. The keeper holds an operating-system lock on {@code FILE.lock} while it runs;
 * a second one finds it taken, says so, and keeps its history in memory only.
 */
public final class HistoryKeeper implements AutoCloseable {
    /**
     * How far the file may run past the clock and still be taken (the hours past it are dropped,
     * see {@link Metrics#restore}). Further, the clock is wrong (a machine without a battery-backed
     * clock, started before NTP set it): every saved hour would be dropped as from the future, and
     * the first save would overwrite the month kept.
     */
    static final long CLOCK_SLACK_HOURS = 24;
    private final Metrics metrics;
    private final Path file;
    private final PrintStream err;
    private final ScheduledExecutorService saver;
    /** Held from start to close; the operating system lets it go with a crash. */
    private final FileChannel lock;
    private long savedAt = -1;
    private boolean failing;

    private HistoryKeeper(Metrics metrics, Path file, FileChannel lock, PrintStream err, Duration every) {
        this.metrics = metrics;
        this.lock = lock;
        this.file = file;
        this.err = err;
        this.saver = Executors.newSingleThreadScheduledExecutor(task -> Thread.ofPlatform().name("bayard-history").daemon(true).unstarted(task));
        long ms = Math.max(1, every.toMillis());
        // the first save at once: a history file nobody may write is said at start, not a minute later
        saver.scheduleWithFixedDelay(this::saveIfChanged, 0, ms, TimeUnit.MILLISECONDS);
    }

    /** Where {@code bayard serve} keeps the history of the store at {@code db}: beside it, as the default quarantine is. */
    public static Path fileFor(Path db) {
        return db.toAbsolutePath().resolveSibling(db.getFileName() + "-history.tsv");
    }

    /** {@code http.history-file} when set, else {@link #fileFor} the store. */
    public static Path fileFor(Path db, HttpConfig http) {
        return http.historyFile().isEmpty() ? fileFor(db) : Path.of(http.historyFile()).toAbsolutePath();
    }

    /** Loads {@code file} into {@code metrics} and starts saving there; null when the file cannot be read or is kept by another run (said on {@code err}). */
    public static HistoryKeeper start(Metrics metrics, Path file, Duration every, PrintStream err) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        FileChannel lock;
        try {
            lock = lock(lockFile);
        } catch (IOException e) {
            err.println("bayard serve: cannot lock the dashboard history " + file + " (" + lockFile + ": " + e.getMessage()
                    + "); this run's history will not be saved");
            return null;
        }
        if (lock == null) {
            err.println("bayard serve: the dashboard history " + file + " is kept by another bayard serve (it holds " + lockFile
                    + "); this run's history is shown but not saved (give each serve its own http.history-file)");
            return null;
        }
        HistoryKeeper keeper = null;
        try {
            keeper = load(metrics, file, lock, every, err);
            return keeper;
        } finally {
            if (keeper == null) closeQuietly(lock);
        }
    }

    private static HistoryKeeper load(Metrics metrics, Path file, FileChannel lock, Duration every, PrintStream err) {
        try {
            SortedMap<Long, long[]> saved = HistoryFile.read(file);
            long ahead = saved.isEmpty() ? 0 : saved.lastKey() - metrics.now().getEpochSecond() / 3600;
            if (ahead > CLOCK_SLACK_HOURS) {
                err.println("bayard serve: the dashboard history " + file + " goes on " + ahead + " hours past this machine's clock"
                        + " (if the clock is right, the file is not: move it away); it is left as it is, and this run's history will not be saved");
                return null;
            }
            metrics.restore(saved);
        } catch (HistoryFile.Damaged e) {
            Path aside = file.resolveSibling(file.getFileName() + ".damaged");
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                return unreadable(file, e, err);
            }
            err.println("bayard serve: " + e.getMessage() + "; kept as " + aside + ", starting a new history");
        } catch (IOException e) {
            return unreadable(file, e, err);
        }
        return new HistoryKeeper(metrics, file, lock, err, every);
    }

    /** The lock on {@code lockFile}, or null when another process (or keeper in this JVM) holds it. */
    private static FileChannel lock(Path lockFile) throws IOException {
        Files.createDirectories(lockFile.toAbsolutePath().getParent()); // as the first save would
        return LockedFile.tryOpen(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // only the lock goes with it
        }
    }

    private static HistoryKeeper unreadable(Path file, IOException e, PrintStream err) {
        err.println("bayard serve: cannot read the dashboard history " + file + " (" + e.getMessage()
                + "); it is left as it is, and this run's history will not be saved");
        return null;
    }

    private synchronized void saveIfChanged() {
        long counted = metrics.counted();
        if (counted == savedAt) return;
        try {
            HistoryFile.write(file, metrics.hourly());
            savedAt = counted;
            if (failing) err.println("bayard serve: dashboard history saved again to " + file);
            failing = false;
        } catch (IOException | RuntimeException e) {
            if (!failing) err.println("bayard serve: cannot save the dashboard history to " + file + ": " + e.getMessage()
                    + " (will try again)");
            failing = true;
        }
    }

    /**
     * Stops the timer and saves what is new. A save under way finishes first: interrupted, its
     * channel would close under it and fail the save with a warning for nothing.
     */
    @Override
    public void close() {
        saver.shutdown(); // cancels the periodic runs (the executor's default), without an interrupt
        try {
            saver.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saveIfChanged();
        closeQuietly(lock);
    }
}
