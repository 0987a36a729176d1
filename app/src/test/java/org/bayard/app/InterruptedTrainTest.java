package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.app.InterruptedRuns.ledgerSize;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) of a real {@code bayard train} midway: it says what the store kept. It said
 * nothing at all, so the user could not tell whether a rerun would learn everything again.
 */
class InterruptedTrainTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "^train: (\\d+) messages \\(\\1 learned\\) stored before it was interrupted; run it again for the rest", Pattern.MULTILINE);

    @TempDir Path dir;

    @Test
    void ctrlCSaysWhatWasStored() throws Exception {
        Path ham = InterruptedRuns.writeMbox(dir.resolve("ham.mbox"), 12_000);
        Path db = dir.resolve("db");
        Path out = dir.resolve("out.txt");
        Process child = InterruptedRuns.start(out, "train", "--db", db.toString(), "--batch", "20", "--ham", ham.toString());
        InterruptedRuns.stopMidway(child, db, 200, 0, "INT");
        long said = InterruptedRuns.storedAsSaid(out, SUMMARY);
        long stored = ledgerSize(db);
        assertThat(stored).as("interrupted midway").isLessThan(12_000);
        assertThat(said).isGreaterThanOrEqualTo(200L);
        // a loaded machine committed a dozen batches after the line; then it left out the batch committing as it stopped
        assertThat(said).as("exactly what the store kept").isEqualTo(stored);

        Cli.Result again = new Cli(db).run("train", "--ham", ham.toString());
        assertThat(again.out()).contains("train: 12000 messages (" + (12_000 - stored) + " learned, " + stored + " already learned)");
    }

    /**
     * A service manager's SIGTERM while a batch commits: the summary counts every message the store
     * kept. It counted only the batches reported before the signal, so with batches of 2,000 it
     * could say 2,000 fewer than the rerun then found already learned.
     */
    @Test
    void sigtermSummaryCountsExactlyWhatWasStored() throws Exception {
        // enough that the run is still going when the signal comes: on a quiet machine 12,000
        // short messages were all learned within the 360 ms the last run waits after 500
        Path ham = InterruptedRuns.writeMbox(dir.resolve("ham.mbox"), 60_000);
        // stopped at several points of a batch's life: filling, committing, committed and not yet reported
        for (int run = 0; run < 5; run++) {
            Path db = dir.resolve("db" + run);
            Path out = dir.resolve("out" + run + ".txt");
            Process child = InterruptedRuns.start(out, "train", "--db", db.toString(), "--batch", "500", "--ham", ham.toString());
            InterruptedRuns.stopMidway(child, db, 500, 90L * run, "TERM");
            long said = InterruptedRuns.storedAsSaid(out, SUMMARY);
            long stored = ledgerSize(db);
            assertThat(stored).as("interrupted midway").isLessThan(60_000);
            assertThat(said).as("run %d: %s", run, Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(stored);
        }
    }
}
