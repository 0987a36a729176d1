package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bayard quickstart --db DIR} removed whatever DIR held before training its fresh store:
 * a site's trained store named there (as --db names the store for every other command), the
 * current folder given as {@code --db .}, or a file, all gone without a word.
 */
class QuickstartTest {
    private static final Path SAMPLES = Path.of("../samples");
    private static final Path HAM = SAMPLES.resolve("held-out/ham-1.eml");

    @TempDir
    Path dir;

    @Test
    void trainsAFreshStoreAndScoresTheHeldOutMail() {
        Path store = dir.resolve("qs");
        Cli.Result r = new Cli(dir.resolve("unused")).run("quickstart", "--samples", SAMPLES.toString(), "--db", store.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("train: 500 messages (500 learned)", "== scoring held-out messages", "spam-4.eml");
    }

    @Test
    void runsAgainIntoTheStoreItMadeBefore() {
        Path store = dir.resolve("qs");
        Cli cli = new Cli(dir.resolve("unused"));
        assertThat(cli.run("quickstart", "--samples", SAMPLES.toString(), "--db", store.toString()).exitCode()).isZero();
        Cli.Result again = cli.run("quickstart", "--samples", SAMPLES.toString(), "--db", store.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("train: 500 messages (500 learned)");
    }

    @Test
    void leavesAStoreItDidNotMakeAsItWas() {
        Path site = dir.resolve("site");
        Cli cli = new Cli(site);
        assertThat(cli.run("learn", "--ham", HAM.toString()).exitCode()).isZero();
        String before = cli.run("db", "stats").out();

        Cli.Result r = cli.run("quickstart", "--samples", SAMPLES.toString(), "--db", site.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).contains(site.toString(), "not made by quickstart", "nothing was changed");
        assertThat(cli.run("db", "stats").out()).isEqualTo(before);
    }

    @Test
    void leavesAFolderOfOtherFilesAndAFileAlone() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("mail"));
        Path keep = Files.writeString(folder.resolve("inbox.mbox"), "From a@b Mon Jan  1 00:00:00 2024\n\nhi\n");
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine\n");
        Cli cli = new Cli(dir.resolve("unused"));

        Cli.Result intoFolder = cli.run("quickstart", "--samples", SAMPLES.toString(), "--db", folder.toString());
        Cli.Result intoFile = cli.run("quickstart", "--samples", SAMPLES.toString(), "--db", file.toString());

        assertThat(intoFolder.exitCode()).isEqualTo(1);
        assertThat(intoFile.exitCode()).isEqualTo(1);
        assertThat(keep).hasContent("From a@b Mon Jan  1 00:00:00 2024\n\nhi\n");
        assertThat(file).hasContent("mine\n");
    }

    @Test
    void takesAnEmptyFolder() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Cli.Result r = new Cli(dir.resolve("unused")).run("quickstart", "--samples", SAMPLES.toString(), "--db", empty.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }
}
