package org.bayard.app.desk;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private long savedAt = -1;
    private boolean failing;

    private HistoryKeeper(Metrics metrics, Path file, PrintStream err, Duration every) {
        this.metrics = metrics;
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

    /** Loads {@code file} into {@code metrics} and starts saving there; null when the file cannot be read (said on {@code err}). */
    public static HistoryKeeper start(Metrics metrics, Path file, Duration every, PrintStream err) {
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
        return new HistoryKeeper(metrics, file, err, every);
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
    }
}
