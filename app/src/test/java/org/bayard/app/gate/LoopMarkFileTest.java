package org.bayard.app.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quarantine's loop-mark file, where gates restarted in turn beside each other add their marks. */
class LoopMarkFileTest {
    @TempDir Path quarantine;

    @Test
    void gatesRestartedInTurnForMonthsKeepTheFileBoundedAndTheLatestMarks() throws Exception {
        // Two gates beside one store, restarted in turn (a deployment, a rotation): each start
        // finds the other running, so it is never alone and adds its mark.
        ReleaseHop.record(quarantine, "first", true);
        int starts = 5_000;
        for (int i = 0; i < starts; i++) ReleaseHop.record(quarantine, "mark" + i, false);

        List<String> lines = Files.readAllLines(quarantine.resolve(ReleaseHop.MARK_FILE), StandardCharsets.US_ASCII);
        assertThat(lines.size()).as("lines kept after %d starts", starts).isLessThanOrEqualTo(2 * ReleaseHop.MOST_MARKS);
        List<String> latest = new java.util.ArrayList<>();
        for (int i = starts - ReleaseHop.MOST_MARKS; i < starts; i++) latest.add("mark" + i);
        assertThat(lines.subList(lines.size() - ReleaseHop.MOST_MARKS, lines.size())).as("the marks a release checks").isEqualTo(latest);
        assertThat(Files.list(quarantine).map(p -> p.getFileName().toString())).containsExactly(ReleaseHop.MARK_FILE);
    }
}
