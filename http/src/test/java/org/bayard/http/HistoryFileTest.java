package org.bayard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard history's file, and the metrics taking it back after a restart. */
class HistoryFileTest {
    @TempDir Path dir;

    static final long NOW_HOUR = 490_000;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW_HOUR * 3600 + 1800), ZoneOffset.UTC);

    @Test
    void whatIsWrittenIsReadBackAndNoTemporaryFileIsLeft() throws Exception {
        Path file = dir.resolve("h.tsv");
        SortedMap<Long, long[]> hours = new TreeMap<>();
        hours.put(NOW_HOUR - 2, new long[] {5, 0, 1, 7, 3, 2});
        hours.put(NOW_HOUR, new long[] {1, 2, 3, 4, 5, 6});
        HistoryFile.write(file, hours);
        HistoryFile.write(file, hours); // over an old one
        SortedMap<Long, long[]> back = HistoryFile.read(file);
        assertThat(back.keySet()).containsExactly(NOW_HOUR - 2, NOW_HOUR);
        assertThat(back.get(NOW_HOUR - 2)).containsExactly(5, 0, 1, 7, 3, 2);
        assertThat(back.get(NOW_HOUR)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(Files.readAllLines(file)).containsExactly(HistoryFile.FIRST_LINE, (NOW_HOUR - 2) + " 5 0 1 7 3 2", NOW_HOUR + " 1 2 3 4 5 6");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void noFileYetIsAnEmptyHistory() throws Exception {
        assertThat(HistoryFile.read(dir.resolve("none.tsv"))).isEmpty();
    }

    @Test
    void aFileThatIsNotAHistoryIsRefusedNamingTheFileAndTheLine() throws Exception {
        Path file = dir.resolve("h.tsv");
        String first = HistoryFile.FIRST_LINE + "\n";
        for (var bad : List.of(
                List.of("", "first line is not"),
                List.of("accept tag hold\n1 2 3\n", "first line is not"),
                List.of(first + "490000 1 2 3 4 5\n", "line 2 has 6 fields, not 7"),
                List.of(first + "490000 1 2 3 4 5 6\n490001 1 x 3 4 5 6\n", "line 3 is not whole numbers"),
                List.of(first + "490000 1 2 -3 4 5 6\n", "line 2 has a negative number"),
                List.of(first + "490000 1 2 3 4 5 6\n490000 1 2 3 4 5 6\n", "line 3 repeats hour 490000"))) {
            Files.writeString(file, bad.get(0));
            assertThatThrownBy(() -> HistoryFile.read(file)).isInstanceOf(HistoryFile.Damaged.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("not a dashboard history").hasMessageContaining(bad.get(1));
        }
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> HistoryFile.read(file)).isInstanceOf(HistoryFile.Damaged.class).hasMessageContaining("not text");
    }

    /** Millions of hours or one endless line: refused after reading what no history exceeds, never loaded whole. */
    @Test
    void aFileLargerThanAnyHistoryIsRefusedUnread() throws Exception {
        Path file = dir.resolve("h.tsv");
        StringBuilder b = new StringBuilder(HistoryFile.FIRST_LINE).append('\n');
        for (long hour = 0; b.length() <= HistoryFile.MAX_BYTES; hour++) b.append(hour).append(" 1 2 3 4 5 6\n");
        Files.writeString(file, b);
        assertThatThrownBy(() -> HistoryFile.read(file)).isInstanceOf(HistoryFile.Damaged.class).hasMessageContaining("larger than");
        Files.writeString(file, HistoryFile.FIRST_LINE + "\n" + "7".repeat(HistoryFile.MAX_BYTES) + "\n");
        assertThatThrownBy(() -> HistoryFile.read(file)).isInstanceOf(HistoryFile.Damaged.class).hasMessageContaining("larger than");

        StringBuilder month = new StringBuilder(HistoryFile.FIRST_LINE).append('\n'); // the largest real one fits
        for (long hour = NOW_HOUR - 744; hour <= NOW_HOUR; hour++) {
            month.append(hour);
            for (int i = 0; i < 6; i++) month.append(' ').append(Long.MAX_VALUE);
            month.append('\n');
        }
        Files.writeString(file, month);
        assertThat(HistoryFile.read(file)).hasSize(745);
    }

    /** A pipe (whose reading would wait for a writer, holding up the start) or a device is not read: an I/O error, not a damaged history. */
    @Test
    void aPipeOrADeviceIsNotRead() throws Exception {
        Path pipe = dir.resolve("pipe.tsv");
        // waited for with a limit, its input empty rather than the test JVM's (surefire's channel)
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().redirectInput(new java.io.File("/dev/null")).start();
        if (!mkfifo.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) mkfifo.destroyForcibly();
        assertThat(mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("mkfifo ended").isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        Path device = Files.createSymbolicLink(dir.resolve("zero.tsv"), Path.of("/dev/zero"));
        for (Path file : List.of(pipe, device)) {
            Throwable t = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                    () -> org.assertj.core.api.Assertions.catchThrowable(() -> HistoryFile.read(file)));
            assertThat(t).as(file.toString()).isInstanceOf(java.nio.file.FileSystemException.class)
                    .isNotInstanceOf(HistoryFile.Damaged.class).hasMessageContaining("not a regular file");
        }
        Files.delete(device); // the link, before JUnit's clean-up warns about its target
    }

    /** Two writers (two serve processes on one store, or the timer and the close): every read finds one whole history. */
    @Test
    void concurrentWritesNeverLeaveHalfAFile() throws Exception {
        Path file = dir.resolve("h.tsv");
        List<SortedMap<Long, long[]>> versions = List.of(new TreeMap<>(), new TreeMap<>());
        for (long h = NOW_HOUR - 700; h <= NOW_HOUR; h++) {
            versions.get(0).put(h, new long[] {1, 1, 1, 1, 1, 1});
            versions.get(1).put(h, new long[] {2, 2, 2, 2, 2, 2});
        }
        HistoryFile.write(file, versions.get(0));
        List<Thread> writers = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        for (SortedMap<Long, long[]> v : versions) {
            writers.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) HistoryFile.write(file, v);
                } catch (Throwable t) {
                    failed.set(t);
                }
            }));
        }
        while (writers.stream().anyMatch(Thread::isAlive)) {
            SortedMap<Long, long[]> read = HistoryFile.read(file);
            assertThat(read).hasSize(701);
            long first = read.get(NOW_HOUR)[0];
            assertThat(read.values()).allSatisfy(c -> assertThat(c).containsOnly(first));
        }
        assertThat(failed.get()).isNull();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void blankLinesAreAllowed() throws Exception {
        Path file = dir.resolve("h.tsv");
        Files.writeString(file, HistoryFile.FIRST_LINE + "\n\n490000 1 2 3 4 5 6\n  \n");
        assertThat(HistoryFile.read(file)).containsOnlyKeys(490_000L);
    }

    @Test
    void restoredHoursAddToThisRunsAndShowInTheHistory() {
        Metrics metrics = new Metrics(CLOCK);
        metrics.message("reject", false, 1000);
        assertThat(metrics.counted()).isEqualTo(1);
        SortedMap<Long, long[]> saved = new TreeMap<>();
        saved.put(NOW_HOUR, new long[] {1, 0, 2, 3, 0, 1});
        saved.put(NOW_HOUR - 5, new long[] {4, 0, 0, 0, 0, 0});
        saved.put(NOW_HOUR - 31 * 24, new long[] {9, 9, 9, 9, 9, 9}); // older than the 31 days kept
        saved.put(NOW_HOUR + 1, new long[] {8, 8, 8, 8, 8, 8}); // from the future: a clock set back
        metrics.restore(saved);
        assertThat(metrics.hourly().keySet()).containsExactly(NOW_HOUR - 5, NOW_HOUR);
        assertThat(metrics.hourly().get(NOW_HOUR)).containsExactly(1, 0, 2, 4, 0, 1);
        List<long[]> day = metrics.history(java.time.Duration.ofHours(1), 24);
        assertThat(day.get(23)).containsExactly(1, 0, 2, 4, 0, 1);
        assertThat(day.get(18)).containsExactly(4, 0, 0, 0, 0, 0);
        assertThat(metrics.counted()).isEqualTo(1); // restoring is not new counting: nothing new to save
    }

    @Test
    void hourlyIsACopy() {
        Metrics metrics = new Metrics(CLOCK);
        metrics.message("accept", true, 1000);
        metrics.hourly().get(NOW_HOUR)[0] = 99;
        assertThat(metrics.hourly().get(NOW_HOUR)).containsExactly(1, 0, 0, 0, 0, 1);
    }

    /**
     * After the queue, smtp.after-queue-spam: discard answers spam 250 and keeps nothing: the
     * dashboard is where a postmaster sees how much went that way. A history saved before
     * discards were counted (four actions, then unsure) still reads, with no discards.
     */
    @Test
    void discardsAreCountedSavedAndReadBackAndAHistoryOfFourActionsStillReads() throws Exception {
        int discard = Metrics.ACTIONS.indexOf("discard");
        assertThat(discard).as("discard among the dashboard's actions").isNotNegative();
        int unsure = Metrics.ACTIONS.size();
        Metrics metrics = new Metrics(CLOCK);
        metrics.message("discard", true, 1000);
        metrics.message("reject", false, 1000);
        long[] thisHour = metrics.history(java.time.Duration.ofHours(1), 1).get(0);
        assertThat(thisHour[discard]).isEqualTo(1);
        assertThat(thisHour[Metrics.ACTIONS.indexOf("reject")]).isEqualTo(1);
        assertThat(thisHour[unsure]).isEqualTo(1);

        Path file = dir.resolve("h.tsv");
        HistoryFile.write(file, metrics.hourly());
        assertThat(HistoryFile.read(file).get(NOW_HOUR)).containsExactly(thisHour);

        Files.writeString(file, "# bayard dashboard history 1: hour accept tag hold reject unsure\n" + NOW_HOUR + " 1 2 3 4 5\n");
        long[] old = HistoryFile.read(file).get(NOW_HOUR);
        assertThat(old).hasSize(Metrics.ACTIONS.size() + 1);
        assertThat(old[Metrics.ACTIONS.indexOf("accept")]).isEqualTo(1);
        assertThat(old[Metrics.ACTIONS.indexOf("tag")]).isEqualTo(2);
        assertThat(old[Metrics.ACTIONS.indexOf("hold")]).isEqualTo(3);
        assertThat(old[Metrics.ACTIONS.indexOf("reject")]).isEqualTo(4);
        assertThat(old[discard]).isZero();
        assertThat(old[unsure]).isEqualTo(5);
        Metrics restarted = new Metrics(CLOCK);
        restarted.restore(HistoryFile.read(file));
        assertThat(restarted.history(java.time.Duration.ofHours(1), 1).get(0)).containsExactly(old);
        // and one line of the old layout in a file of the new is damage, not an old file
        Files.writeString(file, HistoryFile.FIRST_LINE + "\n" + NOW_HOUR + " 1 2 3 4 5\n");
        assertThatThrownBy(() -> HistoryFile.read(file)).isInstanceOf(HistoryFile.Damaged.class).hasMessageContaining("fields");
    }
}
