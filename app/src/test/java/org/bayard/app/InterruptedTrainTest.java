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
 * Ctrl-C (SIGINT) of a real {@code bayard train} midway: it says what the store kept. It said
 * nothing at all, so the user could not tell whether a rerun would learn everything again.
 */
class InterruptedTrainTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "^train: (\\d+) messages \\(\\1 learned\\) stored before it was interrupted .*run it again for the rest", Pattern.MULTILINE);

    @TempDir Path dir;

    @Test
    void ctrlCSaysWhatWasStored() throws Exception {
        Path ham = InterruptedRuns.writeMbox(dir.resolve("ham.mbox"), 12_000);
        Path db = dir.resolve("db");
        Path out = dir.resolve("out.txt");
        Process child = ChildJvm.bayard(List.of(), "train", "--db", db.toString(), "--batch", "20", "--ham", ham.toString())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            InterruptedRuns.waitForLedger(db, child, 200);
            InterruptedRuns.stop(child, "INT");
        } finally {
            ChildJvm.kill(child);
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        Matcher m = SUMMARY.matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        long said = Long.parseLong(m.group(1));
        long stored = ledgerSize(db);
        assertThat(stored).as("interrupted midway").isLessThan(12_000);
        assertThat(said).isBetween(200L, stored);
        // at most the batch committing as it stopped: a loaded machine committed a dozen more after the line
        assertThat(stored - said).as("at most the batch committing as it stopped").isLessThanOrEqualTo(20);

        Cli.Result again = new Cli(db).run("train", "--ham", ham.toString());
        assertThat(again.out()).contains("train: 12000 messages (" + (12_000 - stored) + " learned, " + stored + " already learned)");
    }
}
