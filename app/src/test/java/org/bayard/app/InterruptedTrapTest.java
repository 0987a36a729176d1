package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.app.InterruptedRuns.ledgerSize;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real {@code bayard trap} working through a backlog: it says what the store kept,
 * as learn and train do. It said nothing, so a postmaster could not tell whether the reports of
 * the stopped run were learned.
 */
class InterruptedTrapTest {
    private static final int REPORTS = 8_000;
    private static final Pattern SUMMARY = Pattern.compile("^trap spam: (\\d+) messages in \\1 trap messages: \\1 learned,"
            + " 0 already known, 0 relearned, 0 refused stored before it was interrupted; run it again for the rest", Pattern.MULTILINE);

    @TempDir Path dir;

    @Test
    void sigtermSaysWhatWasStored() throws Exception {
        // each report a message with nothing attached, so learned whole: one ledger entry per report
        Path reports = InterruptedRuns.writeMbox(dir.resolve("reports.mbox"), REPORTS);
        Path db = dir.resolve("db");
        Path out = dir.resolve("out.txt");
        Process child = InterruptedRuns.start(out, "trap", "--spam", "--db", db.toString(), reports.toString());
        InterruptedRuns.stopMidway(child, db, 500, 0, "TERM");
        long said = InterruptedRuns.storedAsSaid(out, SUMMARY);
        long stored = ledgerSize(db);
        assertThat(stored).as("stopped midway").isLessThan(REPORTS);
        assertThat(said).as("exactly what the store kept").isEqualTo(stored);

        Cli.Result again = new Cli(db).run("trap", "--spam", reports.toString());
        assertThat(again.out()).contains("trap spam: " + REPORTS + " messages in " + REPORTS + " trap messages: "
                + (REPORTS - stored) + " learned, " + stored + " already known");
    }
}
