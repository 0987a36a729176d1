package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore onto a disk too small for the dump: the import failed ("nothing was imported"), but
 * left a new, empty store where it was to restore. The next step of the restore, starting the
 * service, then served on that empty store, scoring every message unsure and holding it. An
 * import into a place that held no store now takes away what it made when it fails, so the
 * service refuses to start there ("no store at") instead. A small tmpfs is the disk (root, as CI).
 */
class RestoreOnFullDiskTest {
    @TempDir Path tmp;
    @RegisterExtension final SmallDiskPerTest disk = new SmallDiskPerTest("1200k");

    @Test
    void aFailedImportIntoANewFolderLeavesNoStoreBehind() throws Exception {
        Path dump = trainedDump();
        Path db = disk.folder().resolve("db");

        Cli.Result r = new Cli(db).run("db", "import", dump.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("the disk is full").contains("nothing was imported");
        assertThat(db).as("no empty store left where the restore was to go").doesNotExist();
    }

    @Test
    void aFailedImportIntoAnEmptyFolderLeavesItEmpty() throws Exception {
        Path dump = trainedDump();
        Path db = Files.createDirectories(disk.folder().resolve("db"));

        Cli.Result r = new Cli(db).run("db", "import", dump.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("nothing was imported");
        try (Stream<Path> files = Files.list(db)) {
            assertThat(files.toList()).as("the folder as it was: empty").isEmpty();
        }
        assertThat(new Cli(db).run("db", "stats").err()).contains("no store at " + db);
    }

    /**
     * A nightly backup to a disk without room for it said only "bayard: no space left on device":
     * the cron mail did not say which file or disk. The refusal now names the dump, and there is
     * still no part of one left that could pass for a backup.
     */
    @Test
    void anExportTheDiskCannotHoldNamesTheDumpAndLeavesNone() throws Exception {
        Path source = SampleStore.trained(tmp.resolve("source"));
        disk.resize("200k");
        Path dump = disk.folder().resolve("store.dump.gz");

        Cli.Result r = new Cli(source).run("db", "export", dump.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).contains("cannot write " + dump + ": ").contains("no space left on device")
                .contains("no dump was written");
        try (Stream<Path> files = Files.list(disk.folder())) {
            assertThat(files.toList()).as("nothing left on the disk").isEmpty();
        }
    }

    private Path trainedDump() throws IOException {
        Path source = SampleStore.trained(tmp.resolve("source"));
        Path dump = tmp.resolve("store.dump.gz");
        Cli.Result export = new Cli(source).run("db", "export", dump.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        return dump;
    }
}
