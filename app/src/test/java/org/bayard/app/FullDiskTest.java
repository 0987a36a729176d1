package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a disk that fills up, for real: a small tmpfs mounted for the test, so that LMDB
 * meets the kernel's ENOSPC (and the short writes it turns into EIO) where a postmaster's
 * /var would. Mounting needs root, as the suite runs in CI; elsewhere these tests are skipped,
 * as the permission tests are where root reads everything.
 */
class FullDiskTest {
    private static final String HAM = "../samples/ham.mbox";
    private static final String SPAM = "../samples/spam.mbox";
    private static final String[] HELD_OUT = {"../samples/held-out/ham-1.eml", "../samples/held-out/ham-2.eml",
            "../samples/held-out/spam-1.eml", "../samples/held-out/spam-2.eml"};

    @TempDir Path tmp;
    Path disk;
    SmallDisk small;

    @BeforeEach
    void needsRootToMount() {
        assumeThat(System.getProperty("user.name")).as("mounting a tmpfs needs root").isEqualTo("root");
        disk = tmp.resolve("disk");
    }

    @AfterEach
    void unmount() throws Exception {
        if (small != null) small.close();
    }

    /** Mounts (or, mounted, resizes) the test's tmpfs to {@code size} (mount's units: 72k, 3m). */
    private void mountDisk(String size) throws Exception {
        if (small != null) {
            small.resize(size);
        } else {
            small = SmallDisk.mount(disk, size);
        }
    }

    private static String withoutSize(String stats) {
        return stats.replaceFirst("on disk .*\\n", "");
    }

    private static void refusedAsDiskFull(Cli.Result r) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("bayard: ").hasLineCount(1).contains("the disk is full")
                .doesNotContain("Exception").doesNotContain("damaged");
    }

    /**
     * Room for the lock file but not for the data file's two meta pages: LMDB wrote the first and
     * the disk cut the second off. The file it left was refused as damaged by every later run,
     * with space again ("data.mdb is 4096 bytes, but its last committed page ends at byte 8192
     * (a copy cut short?). Restore the store from a dump"), a store that never held anything.
     */
    @Test
    void aNewStoreTheDiskHadNoRoomForIsNotLeftBehindDamaged() throws Exception {
        mountDisk("72k");
        Cli cli = new Cli(disk.resolve("db"));

        refusedAsDiskFull(cli.run("learn", "--ham", HELD_OUT[0]));

        mountDisk("4m");
        Cli.Result again = cli.run("learn", "--ham", HELD_OUT[0]);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("1 learned");
    }

    /**
     * A learn that fills the disk mid-batch: one line naming the full disk, exit 1, and the store
     * exactly as before (the same stats, the same scores); with room again, the same learn
     * completes, and nothing of the failed run is counted twice.
     */
    @Test
    void aLearnThatFillsTheDiskLeavesTheStoreAsItWasAndTheNextRunCompletes() throws Exception {
        mountDisk("2m");
        Cli cli = new Cli(disk.resolve("db"));
        assertThat(cli.run("learn", "--ham", HAM).exitCode()).isZero();
        String stats = cli.run("db", "stats").out();
        String scores = cli.run(Cli.args("score", List.of(HELD_OUT))).out();

        Cli.Result full = cli.run("learn", "--spam", SPAM);

        refusedAsDiskFull(full);
        assertThat(full.out()).contains("0 messages stored; stopped by the error below");
        // The file keeps the pages the failed write appended (LMDB never shrinks it): all else is equal.
        assertThat(withoutSize(cli.run("db", "stats").out())).isEqualTo(withoutSize(stats));
        assertThat(cli.run(Cli.args("score", List.of(HELD_OUT))).out()).isEqualTo(scores);

        mountDisk("8m");
        Cli.Result again = cli.run("learn", "--spam", SPAM);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("200 learned");
        assertThat(cli.run("db", "stats").out()).contains("messages  500 (ham 300, spam 200)").contains("ledger    500 entries");
    }

    /**
     * An import the disk cannot hold is all or nothing, as a learn's batch is. Written in
     * transactions of 50,000 records, a dump of the samples' ham (56,362 records) into a store of
     * their spam on a disk of 3 MiB left the first transaction in (its 300 ledger entries, the ham
     * totals, 49,700 of 56,062 tokens' counts), and the error's advice, to remove the store and
     * import into an empty one, would have lost the 200 spams it held before. Whatever the disk's
     * size, the store now ends either with the whole dump or as it was; on 2 MiB the import fails
     * and, once the disk has room, the same import goes in whole.
     */
    @Test
    void anImportThatFillsTheDiskLeavesTheStoreAsItWas() throws Exception {
        Cli source = new Cli(tmp.resolve("ham-store"));
        assertThat(source.run("learn", "--ham", HAM).exitCode()).isZero();
        Path dump = tmp.resolve("ham.dump.gz");
        assertThat(source.run("db", "export", dump.toString()).exitCode()).isZero();
        String whole = "messages  500 (ham 300, spam 200)";

        for (String size : List.of("3m", "2m")) {
            if (small != null) {
                small.close();
                small = null;
            }
            mountDisk(size);
            Cli cli = new Cli(disk.resolve("db"));
            assertThat(cli.run("learn", "--spam", SPAM).exitCode()).isZero();
            String stats = cli.run("db", "stats").out();
            String scores = cli.run(Cli.args("score", List.of(HELD_OUT))).out();

            Cli.Result r = cli.run("db", "import", dump.toString());

            if (r.exitCode() == 0 && size.equals("3m")) {
                assertThat(cli.run("db", "stats").out()).as(size).contains(whole);
                continue;
            }
            refusedAsDiskFull(r);
            assertThat(r.err()).as(size).contains("nothing was imported");
            assertThat(withoutSize(cli.run("db", "stats").out())).as(size).isEqualTo(withoutSize(stats));
            assertThat(cli.run(Cli.args("score", List.of(HELD_OUT))).out()).as(size).isEqualTo(scores);
        }

        mountDisk("8m");
        Cli cli = new Cli(disk.resolve("db"));
        Cli.Result again = cli.run("db", "import", dump.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(cli.run("db", "stats").out()).contains(whole).contains("ledger    500 entries");
    }
    /**
     * A prune rewrites the token groups it keeps into new pages before the old ones are freed, so
     * on a nearly full disk it fails: one line naming the full disk, exit 1, and the store as it
     * was (the same tokens, the same scores); with room again it completes.
     */
    @Test
    void aPruneThatFillsTheDiskLeavesTheStoreAsItWasAndTheNextRunCompletes() throws Exception {
        mountDisk("16m");
        Cli cli = new Cli(disk.resolve("db"));
        assertThat(cli.run("train", "--ham", HAM, "--spam", SPAM).exitCode()).isZero();
        String stats = cli.run("db", "stats").out();
        String scores = cli.run(Cli.args("score", List.of(HELD_OUT))).out();
        Path filler = disk.resolve("filler");
        fillAllBut(filler, 64 * 1024);

        refusedAsDiskFull(cli.run("db", "prune"));
        assertThat(withoutSize(cli.run("db", "stats").out())).isEqualTo(withoutSize(stats));
        assertThat(cli.run(Cli.args("score", List.of(HELD_OUT))).out()).isEqualTo(scores);

        Files.delete(filler);
        Cli.Result again = cli.run("db", "prune");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).startsWith("prune: removed ");
        assertThat(withoutSize(cli.run("db", "stats").out())).isNotEqualTo(withoutSize(stats));
    }

    /** Writes {@code file} until the disk has about {@code left} bytes free. */
    private void fillAllBut(Path file, long left) throws IOException {
        long free = Files.getFileStore(disk).getUsableSpace();
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(file)) {
            for (long written = 0; written + block.length <= free - left; written += block.length) out.write(block);
        }
    }

    /**
     * An eval report the disk cannot hold: one line naming the full disk, exit 1, and no report
     * folder left behind. The folders made for it were left, empty, beside a run that failed.
     */
    @Test
    void anEvalReportTheDiskCannotHoldLeavesNoFolderBehind() throws Exception {
        Path scores = tmp.resolve("scores.tsv");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 400; i++) lines.append(i % 2 == 0 ? "ham\t" : "spam\t").append(i % 2 == 0 ? -i : i).append("\tmsg/").append(i).append('\n');
        Files.writeString(scores, lines);
        mountDisk("8k");
        Path report = disk.resolve("reports").resolve("online");

        Cli.Result r = new Cli(tmp.resolve("db")).run("eval", "plot", "--scores", scores.toString(), "-o", report.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("bayard: cannot write ").hasLineCount(1).contains("no space left on device")
                .doesNotContain("Exception");
        assertThat(disk.resolve("reports")).doesNotExist();
        try (var left = Files.list(disk)) {
            assertThat(left).isEmpty();
        }
    }

    /** A TREC index of the held-out samples, two ham and two spam. */
    private Path heldOutIndex() throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        for (String m : HELD_OUT) lines.add((m.contains("spam") ? "spam " : "ham ") + Path.of(m).toAbsolutePath().normalize());
        return Files.write(tmp.resolve("index"), lines);
    }

    /**
     * A report folder on a disk with no room left was found only once the run was over, its
     * figures printed and the scores file replaced by the new run's, with exit 1. It is refused
     * before the run, which replaces nothing.
     */
    @Test
    void anEvalReportOnAFullDiskIsRefusedBeforeTheRun() throws Exception {
        Path scores = Files.writeString(tmp.resolve("scores.tsv"), "an earlier run's scores\n");
        mountDisk("8k");
        fillAllBut(disk.resolve("filler"), 0);
        Path report = disk.resolve("reports").resolve("online");

        Cli.Result r = new Cli(tmp.resolve("db")).run("eval", "--index", heldOutIndex().toString(), "--scores", scores.toString(),
                "--report", report.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("bayard: cannot write a report to " + report + ": ").hasLineCount(1)
                .contains("no space left on device").doesNotContain("Exception");
        assertThat(r.out()).as("no figures: the evaluation did not run").isEmpty();
        assertThat(scores).hasContent("an earlier run's scores");
        assertThat(disk.resolve("reports")).doesNotExist();
    }

    /**
     * A scores file on a disk with no room left: its empty file could be made, so the run went on
     * to its end (an hour, on a large corpus) before the writing said so. It is tried before the
     * run, as the report folder is: on a terminal, where the run draws its progress, none is drawn.
     */
    @Test
    void evalScoresOnAFullDiskAreRefusedBeforeTheRun() throws Exception {
        mountDisk("8k");
        Path scores = Files.writeString(disk.resolve("scores.tsv"), "an earlier run's scores\n");
        fillAllBut(disk.resolve("filler"), 0);

        Cli.Result r = new Cli(tmp.resolve("db")).runOnTerminal("eval", "--index", heldOutIndex().toString(), "--scores",
                scores.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).as("one line, no progress: the run never began")
                .isEqualTo("bayard: cannot write " + scores + ": no space left on device\n");
        assertThat(r.out()).as("no figures: the evaluation did not run").isEmpty();
        assertThat(scores).hasContent("an earlier run's scores");
        try (var left = Files.list(disk)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary left").containsExactlyInAnyOrder("filler", "scores.tsv");
        }
    }

    /**
     * A report the disk ran out of room for half way: the scores file was renamed into place
     * before the report was written, so a run that failed (exit 1) replaced the earlier run's
     * scores. The scores and the report are moved into place together, or neither; and the
     * figures, printed above the error as if the run had given its outputs, come only once they
     * are in place.
     */
    @Test
    void anEvalWhoseReportFailsLeavesTheEarlierScores() throws Exception {
        Path scores = Files.writeString(tmp.resolve("scores.tsv"), "an earlier run's scores\n");
        mountDisk("8k");
        Path report = disk.resolve("online");

        Cli.Result r = new Cli(tmp.resolve("db")).run("eval", "--index", heldOutIndex().toString(), "--scores", scores.toString(),
                "--report", report.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("bayard: cannot write ").hasLineCount(1).contains(report.toString(), "no space left on device")
                .doesNotContain("Exception");
        assertThat(r.out()).as("no figures: the outputs were not written").isEmpty();
        assertThat(scores).hasContent("an earlier run's scores");
        try (var left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary left").doesNotContain(".scores.tsv");
        }
        assertThat(report).doesNotExist();
    }
}
