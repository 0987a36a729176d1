package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.app.InterruptedRuns.ledgerSize;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
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
        Process child = ChildJvm.bayard(List.of(), "trap", "--spam", "--db", db.toString(), reports.toString())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            InterruptedRuns.waitForLedger(db, child, 500);
            InterruptedRuns.stop(child, "TERM");
        } finally {
            ChildJvm.kill(child);
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        Matcher m = SUMMARY.matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        long said = Long.parseLong(m.group(1));
        long stored = ledgerSize(db);
        assertThat(stored).as("stopped midway").isLessThan(REPORTS);
        assertThat(said).as("exactly what the store kept").isEqualTo(stored);

        Cli.Result again = new Cli(db).run("trap", "--spam", reports.toString());
        assertThat(again.out()).contains("trap spam: " + REPORTS + " messages in " + REPORTS + " trap messages: "
                + (REPORTS - stored) + " learned, " + stored + " already known");
    }
}
