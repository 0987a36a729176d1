package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code db export} carries besides the model: the sender blocklist, kept beside the store
 * ({@code blocklist.tsv}). A store moved or restored through a dump lost it, so every sender the
 * gate had just rejected got through again, read and scored, until it was rejected once more.
 * Dumps of format 1, which have no blocklist, still import.
 */
class DumpFormatsTest {
    static final Path HELD_OUT = ScoreAndFilterTest.SAMPLES.resolve("held-out");
    static final Path FORMAT_1 = Path.of("src/test/resources/dumps/format-1.dump.gz");

    @TempDir Path dir;
    Cli source;
    Path dump;
    Cli.Result exported;

    /** A store that learned two messages, with two blocklist entries (one for the null sender). */
    @BeforeEach
    void trainBlockAndExport() {
        source = new Cli(dir.resolve("source"));
        ok(source.run("learn", "--ham", HELD_OUT.resolve("ham-1.eml").toString()));
        ok(source.run("learn", "--spam", HELD_OUT.resolve("spam-1.eml").toString()));
        ok(source.run("blocklist", "add", "--hours", "24", "192.0.2.7", "Spammer@Example.net"));
        ok(source.run("blocklist", "add", "--hours", "2", "2001:db8::1", "<>"));
        dump = dir.resolve("backup.dump.gz");
        exported = ok(source.run("db", "export", dump.toString()));
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        return r;
    }

    private static String blocklist(Cli cli) {
        return ok(cli.run("blocklist", "list")).out();
    }

    private static String scores(Cli cli) {
        return ok(cli.run("score", "--json", HELD_OUT.toString())).out();
    }

    @Test
    void exportThenImportGivesTheSameModelAndTheSameBlocklist() {
        assertThat(exported.out()).contains("2 blocklist entries");
        Cli restored = new Cli(dir.resolve("restored"));
        Cli.Result r = ok(restored.run("db", "import", dump.toString()));
        assertThat(r.out()).contains("2 blocklist entries");
        assertThat(blocklist(source)).contains("192.0.2.7", "spammer@example.net", "2001:db8:0:0:0:0:0:1", "<>");
        assertThat(blocklist(restored)).isEqualTo(blocklist(source));
        assertThat(BackupCommandsTest.stats(restored)).isEqualTo(BackupCommandsTest.stats(source));
        assertThat(scores(restored)).isEqualTo(scores(source));
    }

    /** Format 2: the version in the header, one b line per entry in order, and their number in the end line. */
    @Test
    void theDumpIsFormat2WithOneBLinePerEntry() throws IOException {
        String text = text(dump);
        assertThat(text).startsWith("bayard-dump 2 tokenizer=");
        assertThat(text.lines().filter(l -> l.startsWith("b ")).toList()).containsExactly(
                "b 192.0.2.7 spammer@example.net 2026-11-22T12:00:00Z",
                "b 2001:db8:0:0:0:0:0:1 - 2026-11-21T14:00:00Z");
        assertThat(text.lines().toList().getLast()).matches("end tokens=\\d+ ledger=2 blocklist=2 crc32c=[0-9a-f]{8}");
    }

    /**
     * The import is all or nothing, the blocklist included: a second import of the same dump is
     * refused (its messages are already in the ledger) and leaves the blocklist as it was, here
     * without the entry removed after the first import.
     */
    @Test
    void aRefusedImportLeavesTheBlocklistAsItWas() {
        Cli restored = new Cli(dir.resolve("restored"));
        ok(restored.run("db", "import", dump.toString()));
        ok(restored.run("blocklist", "remove", "192.0.2.7", "spammer@example.net"));
        String before = blocklist(restored);
        Cli.Result again = restored.run("db", "import", dump.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already");
        assertThat(blocklist(restored)).isEqualTo(before).doesNotContain("192.0.2.7");
    }

    /**
     * Into a store whose blocklist lists a pair already, the later expiry stays: a merge never
     * shortens a block the gate set.
     */
    @Test
    void aMergeKeepsTheLaterExpiryOfAPairListedOnBothSides() {
        Cli other = new Cli(dir.resolve("other"));
        ok(other.run("learn", "--ham", HELD_OUT.resolve("ham-2.eml").toString()));
        ok(other.run("blocklist", "add", "--hours", "48", "192.0.2.7", "spammer@example.net"));
        ok(other.run("blocklist", "add", "--hours", "1", "2001:db8::1", "<>"));
        ok(other.run("db", "import", dump.toString()));
        String merged = blocklist(other);
        assertThat(merged).contains("2026-11-23T12:00:00Z").doesNotContain("2026-11-22T12:00:00Z");
        assertThat(merged).contains("2026-11-21T14:00:00Z").doesNotContain("2026-11-21T13:00:00Z");
    }

    /** A dump written by the Bayard before format 2 (see src/test/resources/dumps/README.md). */
    @Test
    void aFormat1DumpStillImportsToTheSameModel() {
        Cli restored = new Cli(dir.resolve("restored"));
        Cli.Result r = ok(restored.run("db", "import", FORMAT_1.toString()));
        assertThat(r.out()).startsWith("import: 1393 tokens, 2 ledger entries added, 0 blocklist entries, messages ham 1 spam 1 <- ");
        Cli learned = new Cli(dir.resolve("learned"));
        ok(learned.run("learn", "--ham", HELD_OUT.resolve("ham-1.eml").toString()));
        ok(learned.run("learn", "--spam", HELD_OUT.resolve("spam-1.eml").toString()));
        assertThat(scores(restored)).isEqualTo(scores(learned));
        assertThat(blocklist(restored)).isEqualTo(blocklist(new Cli(dir.resolve("learned"))));
        assertThat(Files.exists(dir.resolve("restored").resolve("blocklist.tsv"))).isFalse();
    }

    static String text(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
