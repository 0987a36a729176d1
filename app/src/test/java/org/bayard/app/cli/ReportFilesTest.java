package org.bayard.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bayard.app.UserException;
import org.bayard.eval.RocCurve;
import org.bayard.eval.RocPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's own writing, past the checks made before a run: eval refuses a folder named like
 * a report file before the run, so what happens when a file cannot be written anyway (a full
 * disk, a folder made meanwhile) is tested here, on the writing itself.
 */
class ReportFilesTest {
    @TempDir Path dir;

    @Test
    void aReportThatCannotBeWrittenWholeLeavesTheFolderAsItWas() throws IOException {
        // Written one by one in place, a file that could not be written stopped the writing
        // half-way: roc.svg replaced, the rest missing or truncated.
        Path report = dir.resolve("report");
        Files.createDirectories(report.resolve("roc.png"));
        Files.writeString(report.resolve("roc.svg"), "an earlier run's plot");
        RocCurve curve = RocCurve.of("bayard", new double[] {-3, -1, 2, 4}, new boolean[] {false, true, false, true});
        RocPlot plot = new RocPlot("test", List.of(curve), List.of());

        assertThatThrownBy(() -> ReportFiles.write(report, plot, List.of(), List.of(ReportFiles.curves(List.of(curve))), Map.of("n", 4)))
                .isInstanceOf(UserException.class).hasMessageStartingWith("cannot write " + report.resolve("roc.png"));

        assertThat(report.resolve("roc.svg")).hasContent("an earlier run's plot");
        try (Stream<Path> files = Files.list(report)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("roc.png", "roc.svg");
        }
    }
}
