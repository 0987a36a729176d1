package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.bayard.app.Await;
import org.bayard.http.HistoryFile;
import org.bayard.http.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard history survives a restart; a bad or unreadable file never stops the service nor is lost. */
class HistoryKeeperTest {
    @TempDir Path dir;
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void countsOfOneRunAreThereInTheNext() throws Exception {
        Path file = HistoryKeeper.fileFor(dir.resolve("db"));
        assertThat(file).isEqualTo(dir.resolve("db-history.tsv").toAbsolutePath());
        Metrics first = new Metrics(Clock.systemUTC());
        try (HistoryKeeper keeper = HistoryKeeper.start(first, file, Duration.ofHours(1), err)) {
            assertThat(keeper).isNotNull();
            first.message("reject", false, 1);
            first.message("hold", true, 1);
        }
        Metrics second = new Metrics(Clock.systemUTC());
        try (HistoryKeeper keeper = HistoryKeeper.start(second, file, Duration.ofHours(1), err)) {
            second.message("reject", false, 1);
        }
        long[] lastHour = second.history(Duration.ofHours(1), 1).get(0);
        assertThat(lastHour).containsExactly(0, 0, 1, 2, 0, 1);
        assertThat(HistoryFile.read(file).values()).singleElement().satisfies(c -> assertThat(c).containsExactly(0, 0, 1, 2, 0, 1));
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void itSavesOnItsTimerWithoutWaitingForTheClose() throws Exception {
        Path file = dir.resolve("h.tsv");
        Metrics metrics = new Metrics(Clock.systemUTC());
        try (HistoryKeeper keeper = HistoryKeeper.start(metrics, file, Duration.ofMillis(50), err)) {
            metrics.message("accept", false, 1);
            Await.until(() -> Files.exists(file) && !HistoryFile.read(file).isEmpty());
            assertThat(HistoryFile.read(file).values()).singleElement().satisfies(c -> assertThat(c[0]).isEqualTo(1));
        }
    }

    /** A close that comes while the timer is saving (as at every stop, with mail flowing) lets that save finish: no warning. */
    @Test
    void aCloseDuringASaveSaysNothing() throws Exception {
        Path file = dir.resolve("h.tsv");
        for (int run = 0; run < 100; run++) {
            Metrics metrics = new Metrics(Clock.systemUTC());
            HistoryKeeper keeper = HistoryKeeper.start(metrics, file, Duration.ofMillis(1), err);
            long until = System.nanoTime() + Duration.ofMillis(5 + run % 7).toNanos();
            while (System.nanoTime() < until) metrics.message("accept", false, 1); // the timer saves all along
            keeper.close();
            assertThat(errBytes.toString(StandardCharsets.UTF_8)).as("run " + run).doesNotContain("cannot save");
        }
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left; the lock stays, as removing it could race a starting keeper")
                    .containsExactlyInAnyOrder(file, dir.resolve("h.tsv.lock"));
        }
    }

    /** Started before the clock was set (1970 on a board without a clock battery): the month saved is not overwritten. */
    @Test
    void aClockFarBehindTheFileLeavesItAlone() throws Exception {
        Path file = dir.resolve("h.tsv");
        long nowHour = java.time.Instant.now().getEpochSecond() / 3600;
        java.util.SortedMap<Long, long[]> month = new java.util.TreeMap<>();
        month.put(nowHour - 300, new long[] {1, 2, 3, 4, 0, 5});
        month.put(nowHour, new long[] {6, 7, 8, 9, 0, 10});
        HistoryFile.write(file, month);
        String before = Files.readString(file);
        Metrics early = new Metrics(Clock.fixed(java.time.Instant.ofEpochSecond(86_400), java.time.ZoneOffset.UTC));
        HistoryKeeper keeper = HistoryKeeper.start(early, file, Duration.ofMillis(20), err);
        if (keeper != null) {
            early.message("accept", false, 1);
            keeper.close();
        }
        assertThat(keeper).isNull();
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("hours past this machine's clock").contains("will not be saved");

        // a clock a few hours behind (set back by NTP) is no reason to stop saving: only those hours go
        Metrics late = new Metrics(Clock.fixed(java.time.Instant.ofEpochSecond((nowHour - 3) * 3600), java.time.ZoneOffset.UTC));
        try (HistoryKeeper taken = HistoryKeeper.start(late, file, Duration.ofHours(1), err)) {
            assertThat(taken).isNotNull();
            late.message("accept", false, 1);
        }
        assertThat(HistoryFile.read(file).keySet()).containsExactly(nowHour - 300, nowHour - 3);
    }

    @Test
    void aDamagedFileIsKeptAsideAndANewHistoryBegun() throws Exception {
        Path file = dir.resolve("h.tsv");
        Files.writeString(file, "what a postmaster typed here\n");
        Metrics metrics = new Metrics(Clock.systemUTC());
        try (HistoryKeeper keeper = HistoryKeeper.start(metrics, file, Duration.ofHours(1), err)) {
            assertThat(keeper).isNotNull();
            metrics.message("tag", false, 1);
        }
        assertThat(Files.readString(dir.resolve("h.tsv.damaged"))).isEqualTo("what a postmaster typed here\n");
        assertThat(HistoryFile.read(file).values()).singleElement().satisfies(c -> assertThat(c[1]).isEqualTo(1));
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("not a dashboard history").contains("kept as " + dir.resolve("h.tsv.damaged"))
                .doesNotContain("Exception");
    }

    /** Puts a file where {@code folder} should be, though the keeper's timer may be making the folder meanwhile. */
    private static void block(Path folder) throws Exception {
        while (true) {
            try {
                if (Files.isDirectory(folder)) {
                    try (var files = Files.list(folder)) {
                        for (Path f : files.toList()) Files.deleteIfExists(f);
                    }
                    Files.delete(folder);
                }
                Files.writeString(folder, "a file where the history's folder should be", java.nio.file.StandardOpenOption.CREATE_NEW);
                return;
            } catch (java.io.IOException raced) {
                Thread.sleep(5);
            }
        }
    }

    @Test
    void itMakesTheFolderItSavesIn() throws Exception {
        Path file = dir.resolve("not/yet/h.tsv");
        Metrics metrics = new Metrics(Clock.systemUTC());
        try (HistoryKeeper keeper = HistoryKeeper.start(metrics, file, Duration.ofHours(1), err)) {
            metrics.message("reject", false, 1);
        }
        assertThat(HistoryFile.read(file)).hasSize(1);
    }

    @Test
    void anUnreadableFileIsLeftAloneAndThisRunIsNotSaved() throws Exception {
        Path file = dir.resolve("h.tsv");
        Files.createDirectory(file); // reading it fails with an I/O error, not as a damaged history
        Metrics metrics = new Metrics(Clock.systemUTC());
        assertThat(HistoryKeeper.start(metrics, file, Duration.ofHours(1), err)).isNull();
        assertThat(Files.isDirectory(file)).isTrue();
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("cannot read the dashboard history " + file)
                .contains("will not be saved").doesNotContain("Exception");
    }

    @Test
    void aFailedSaveIsSaidOnceAndTriedAgain() throws Exception {
        Path folder = dir.resolve("blocked");
        Path file = folder.resolve("h.tsv");
        Metrics metrics = new Metrics(Clock.systemUTC());
        HistoryKeeper keeper = HistoryKeeper.start(metrics, file, Duration.ofMillis(20), err);
        block(folder); // saving fails from now on
        metrics.message("accept", false, 1);
        Await.until(() -> errBytes.toString(StandardCharsets.UTF_8).contains("cannot save"));
        // no event to wait for: a failed try after the first says nothing and leaves nothing on disk
        Thread.sleep(200); // more failed tries, which must not be said again
        Files.delete(folder);
        metrics.message("accept", false, 1);
        keeper.close();
        String said = errBytes.toString(StandardCharsets.UTF_8);
        assertThat(said.split("cannot save the dashboard history", -1)).hasSize(2);
        assertThat(HistoryFile.read(file).values()).singleElement().satisfies(c -> assertThat(c[0]).isEqualTo(2));
    }

    /**
     * Two serve processes beside one store (two nodes, or a second started by mistake) used to
     * save over each other's hours every minute; the second now keeps its history in memory only.
     */
    @Test
    void aSecondKeeperOfTheSameFileSavesNothingAndSaysWhy() throws Exception {
        Path file = dir.resolve("h.tsv");
        Metrics first = new Metrics(Clock.systemUTC());
        Metrics second = new Metrics(Clock.systemUTC());
        try (HistoryKeeper keeper = HistoryKeeper.start(first, file, Duration.ofHours(1), err)) {
            assertThat(keeper).isNotNull();
            assertThat(HistoryKeeper.start(second, file, Duration.ofHours(1), err)).isNull();
            first.message("reject", false, 1);
            second.message("accept", false, 1);
        }
        assertThat(HistoryFile.read(file).values()).singleElement().satisfies(c -> assertThat(c).containsExactly(0, 0, 0, 1, 0, 0));
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("is kept by another bayard serve")
                .contains("give each serve its own http.history-file").doesNotContain("Exception");
        Metrics third = new Metrics(Clock.systemUTC());
        try (HistoryKeeper keeper = HistoryKeeper.start(third, file, Duration.ofHours(1), err)) {
            assertThat(keeper).as("the lock goes with the first keeper's close").isNotNull();
        }
    }
}
