package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code db export} and {@code db import} on the real LMDB store, trained once on the bundled sample. */
class BackupCommandsTest {
    static final Path SAMPLES = ScoreAndFilterTest.SAMPLES;

    @TempDir static Path shared;
    static Cli trained;
    static Path dump;

    @TempDir Path dir;

    @BeforeAll
    static void trainAndExport() {
        trained = new Cli(shared.resolve("db"));
        Cli.Result r = trained.run("train", "--ham", SAMPLES.resolve("ham.mbox").toString(), "--spam", SAMPLES.resolve("spam.mbox").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        dump = shared.resolve("backup.dump.gz");
        Cli.Result e = trained.run("db", "export", dump.toString());
        assertThat(e.exitCode()).as(e.err()).isZero();
        assertThat(e.out()).startsWith("export: ").contains("ledger entries, 0 blocklist entries, messages ham 300 spam 200 -> " + dump);
    }

    /** {@code db stats --json} without the size on disk, which depends on how the pages were written. */
    static String stats(Cli cli) {
        Cli.Result r = cli.run("db", "stats", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out().replaceAll("\"bytes_(on_disk|in_use)\":\\d+,", "");
    }

    static String scores(Cli cli) {
        Cli.Result r = cli.run("score", "--json", "--clues", "10", SAMPLES.resolve("ham.mbox").toString(),
                SAMPLES.resolve("spam.mbox").toString(), SAMPLES.resolve("held-out").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out();
    }

    @Test
    void importIntoAFreshStoreGivesTheSameStatsAndTheSameScoresOn508Messages() {
        Cli fresh = new Cli(dir.resolve("db"));
        Cli.Result r = fresh.run("db", "import", dump.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("import: ").contains("500 ledger entries added, 0 blocklist entries, messages ham 300 spam 200 <- " + dump);
        assertThat(r.err()).isEmpty();

        assertThat(stats(fresh)).isEqualTo(stats(trained)).contains("\"ham\":300,\"spam\":200").contains("\"ledger\":500");
        String expected = scores(trained);
        assertThat(expected.lines()).hasSize(508).allMatch(l -> l.contains("\"probability\":"));
        assertThat(scores(fresh)).isEqualTo(expected);

        Path again = dir.resolve("again.dump.gz");
        assertThat(fresh.run("db", "export", again.toString()).exitCode()).isZero();
        assertThat(again).as("the same state exports the same bytes").hasSameBinaryContentAs(dump);
    }

    /**
     * Found by forgetting a restored store: the commit left the data file shorter than its last
     * page (LMDB does not write pages a transaction freed again, and those were the last ones),
     * and every later command refused the store as "damaged ... a copy cut short?".
     */
    @Test
    void forgettingEverythingInARestoredStoreLeavesAStoreThatOpens() {
        Cli fresh = new Cli(dir.resolve("db"));
        assertThat(fresh.run("db", "import", dump.toString()).exitCode()).isZero();
        Cli.Result f = fresh.run("forget", SAMPLES.resolve("ham.mbox").toString(), SAMPLES.resolve("spam.mbox").toString());
        assertThat(f.exitCode()).as(f.err()).isZero();
        assertThat(f.out()).contains("500 unlearned");
        assertThat(stats(fresh)).contains("\"ham\":0,\"spam\":0").contains("\"ledger\":0");
    }

    @Test
    void exportAndImportThroughStandardStreams() throws IOException {
        Cli.Result out = trained.run("db", "export", "-");
        assertThat(out.exitCode()).as(out.err()).isZero();
        assertThat(out.err()).startsWith("export: ");
        assertThat(out.outBytes()).isEqualTo(Files.readAllBytes(dump));
        Cli fresh = new Cli(dir.resolve("db"));
        Cli.Result in = fresh.runWithInput(out.outBytes(), "db", "import", "-");
        assertThat(in.exitCode()).as(in.err()).isZero();
        assertThat(stats(fresh)).isEqualTo(stats(trained));
    }

    /** `db export -` on a terminal wrote the gzip bytes there, which the terminal took for escape sequences. */
    @Test
    void noDumpToATerminal() {
        Cli.Result r = trained.runOnTerminal("db", "export", "-");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.outBytes()).isEmpty();
        assertThat(r.err()).isEqualTo("bayard: not writing the compressed dump to a terminal; redirect it to a file or a pipe"
                + " (bayard db export - > backup.dump.gz), or name the file (bayard db export backup.dump.gz)\n");
        Path named = dir.resolve("named.dump.gz");
        assertThat(trained.runOnTerminal("db", "export", named.toString()).exitCode()).isZero();
        assertThat(named).exists();
    }

    @Test
    void importingADumpTwiceIsRefusedAndChangesNothing() {
        Cli fresh = new Cli(dir.resolve("db"));
        fresh.run("db", "import", dump.toString());
        String before = stats(fresh);
        Cli.Result r = fresh.run("db", "import", dump.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("bayard: cannot import " + dump + ": this store already holds all 500 messages of the dump")
                .contains("--allow-overlap").hasLineCount(1);
        assertThat(stats(fresh)).isEqualTo(before);
    }

    /**
     * A restore into the store the dump came from (the unit's --db, where README says an empty
     * folder) was refused with "--allow-overlap imports anyway", which a postmaster in a hurry
     * followed, and every message then counted twice. When the store already holds every message
     * of the dump, the line says how to restore instead; --allow-overlap is named for what it does.
     */
    @Test
    void aDumpWhoseEveryMessageTheStoreHoldsSaysToRestoreIntoAnEmptyFolder() {
        Cli.Result r = trained.run("db", "import", dump.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: cannot import " + dump + ": this store already holds all 500 messages of the dump,"
                + " so nothing was imported: to restore it, import into an empty folder (db import --db NEW), then swap the folders"
                + " with the service stopped (README: Restore); --allow-overlap would count all 500 twice\n");
        Cli other = new Cli(dir.resolve("db"));
        assertThat(other.run("learn", "--ham", SAMPLES.resolve("ham.mbox").toString()).exitCode()).isZero();
        Cli.Result partly = other.run("db", "import", dump.toString());
        assertThat(partly.exitCode()).isEqualTo(1);
        assertThat(partly.err()).contains("300 messages are already in this store's ledger").contains("(--allow-overlap imports anyway; see --help)");
    }

    /**
     * db import holds the whole dump in memory; out of heap, it was told to "do less at once (a
     * smaller --batch)", an option only train has, which it then refused as unknown. The line
     * now gives the advice that applies: a larger heap.
     */
    @Test
    void anImportOutOfMemoryIsNotToldToUseABatchItHasNot() throws Exception {
        Path big = dir.resolve("big.dump");
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        int tokens = 1_000_000;
        try (java.io.Writer w = Files.newBufferedWriter(big, StandardCharsets.US_ASCII)) {
            String head = "bayard-dump 2 tokenizer=" + org.bayard.core.token.Tokenizer.VERSION + "\ntotals 1 1\n";
            w.write(head);
            crc.update(head.getBytes(StandardCharsets.US_ASCII));
            for (int i = 1; i <= tokens; i++) {
                String line = String.format(java.util.Locale.ROOT, "t %016x 1 1%n", i);
                w.write(line);
                crc.update(line.getBytes(StandardCharsets.US_ASCII));
            }
            w.write(String.format(java.util.Locale.ROOT, "end tokens=%d ledger=0 blocklist=0 crc32c=%08x%n", tokens, crc.getValue()));
        }
        Commands.Ran p = Commands.run(ChildJvm.bayard(List.of("-Xmx16m"), "db", "import", "--db", dir.resolve("db").toString(),
                big.toString()).redirectErrorStream(true), 120);
        String said = p.output();
        assertThat(p.timedOut()).isFalse();
        assertThat(p.exit()).as(said).isEqualTo(1);
        assertThat(said).startsWith("bayard: out of memory (the JVM's heap limit is ").contains("BAYARD_JAVA_OPTS=-Xmx")
                .doesNotContain("--batch");
        assertThat(dir.resolve("db")).as("no store left behind").doesNotExist();
    }

    @Test
    void allowOverlapAddsTheCountsAgainAndWarns() {
        Cli fresh = new Cli(dir.resolve("db"));
        fresh.run("db", "import", dump.toString());
        Cli.Result r = fresh.run("db", "import", "--allow-overlap", dump.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("bayard: warning: 500 messages of the dump were already in the ledger (0 as the other "
                + "class): kept the store's entries, added their counts again\n");
        assertThat(r.out()).contains("0 ledger entries added, 500 overlapping");
        assertThat(stats(fresh)).contains("\"ham\":600,\"spam\":400").contains("\"ledger\":500");
    }

    @Test
    void mergingIntoAStoreWithOtherMailAddsUp() {
        Cli other = new Cli(dir.resolve("db"));
        assertThat(other.run("learn", "--spam", SAMPLES.resolve("held-out/spam-1.eml").toString()).exitCode()).isZero();
        Cli.Result r = other.run("db", "import", dump.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(stats(other)).contains("\"ham\":300,\"spam\":201").contains("\"ledger\":501");
    }

    // ---- damaged dumps: exit 1, one line naming the problem, the store as it was ----

    private Cli storeWithOneMessage() {
        Cli cli = new Cli(dir.resolve("db"));
        assertThat(cli.run("learn", "--ham", SAMPLES.resolve("held-out/ham-1.eml").toString()).exitCode()).isZero();
        return cli;
    }

    private void refused(byte[] bad, String message) throws IOException {
        Cli cli = storeWithOneMessage();
        String before = stats(cli);
        Path file = Files.write(dir.resolve("bad.dump.gz"), bad);
        Cli.Result r = cli.run("db", "import", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("bayard: cannot import " + file + ": ").contains(message).hasLineCount(1)
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(stats(cli)).isEqualTo(before);
    }

    private static byte[] text() throws IOException {
        return new GZIPInputStream(Files.newInputStream(dump)).readAllBytes();
    }

    private static byte[] gzip(byte[] text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(text);
        }
        return out.toByteArray();
    }

    @Test
    void aFlippedByteIsRefused() throws IOException {
        byte[] bad = Files.readAllBytes(dump);
        bad[bad.length / 2] ^= 0x40;
        refused(bad, "");
        byte[] text = text();
        text[text.length / 2] ^= 0x01;
        refused(gzip(text), "line ");
    }

    /**
     * A complete dump with bytes after its gzip data (a backup damaged or overwritten at the end)
     * was imported without a word, where gzip -t reports "trailing garbage": what else the copy
     * lost cannot be known. It is now refused, the store unchanged, from a file or a pipe.
     */
    @Test
    void aDumpWithTrailingGarbageIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(dump);
        for (byte[] tail : List.of("garbage\n".getBytes(StandardCharsets.US_ASCII), new byte[] {'x'}, new byte[512], new byte[] {0x1f})) {
            byte[] bad = Arrays.copyOf(whole, whole.length + tail.length);
            System.arraycopy(tail, 0, bad, whole.length, tail.length);
            refused(bad, "trailing garbage");
            Cli cli = new Cli(dir.resolve("db"));
            String before = stats(cli);
            Cli.Result piped = cli.runWithInput(bad, "db", "import", "-");
            assertThat(piped.exitCode()).isEqualTo(1);
            assertThat(piped.err()).contains("trailing garbage").hasLineCount(1);
            assertThat(stats(cli)).isEqualTo(before);
        }
    }

    /** A dump decompressed and compressed again by gzip itself (its header names the file) imports. */
    @Test
    void aDumpRecompressedByGzipImports() throws Exception {
        Path plain = Files.write(dir.resolve("recompressed.dump"), text());
        Commands.Ran gzip = Commands.run(new ProcessBuilder("gzip", "-9", "-N", "-c", plain.toString())
                .redirectOutput(dir.resolve("recompressed.dump.gz").toFile()), 60);
        assertThat(gzip.exit()).isZero();
        Cli.Result r = new Cli(dir.resolve("regz")).run("db", "import", dir.resolve("recompressed.dump.gz").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    /**
     * gzip reads concatenated members (cat a.gz b.gz) as one stream: two dumps joined so are
     * refused, as the second follows the first's end line; an empty member after one dump adds
     * nothing, and gzip itself takes it without a word, so it is imported.
     */
    @Test
    void concatenatedGzipMembersAreReadAsOneStream() throws IOException {
        byte[] whole = Files.readAllBytes(dump);
        byte[] twice = Arrays.copyOf(whole, whole.length * 2);
        System.arraycopy(whole, 0, twice, whole.length, whole.length);
        refused(twice, "there is data after the end line");
        byte[] empty = gzip(new byte[0]);
        byte[] withEmpty = Arrays.copyOf(whole, whole.length + empty.length);
        System.arraycopy(empty, 0, withEmpty, whole.length, empty.length);
        Path file = Files.write(dir.resolve("joined.dump.gz"), withEmpty);
        Cli.Result r = new Cli(dir.resolve("joined")).run("db", "import", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @Test
    void aTruncatedDumpIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(dump);
        refused(Arrays.copyOf(whole, whole.length * 2 / 3), "the file ends early, in line ");
        String text = new String(text(), StandardCharsets.US_ASCII);
        String cutAtALineEnd = text.substring(0, text.lastIndexOf("\nl ") + 1);
        refused(gzip(cutAtALineEnd.getBytes(StandardCharsets.US_ASCII)), "the file ends before its end line (truncated?)");
    }

    @Test
    void wrongMagicVersionOrTokenizerIsRefused() throws IOException {
        refused("From someone\nSubject: not a dump\n".getBytes(StandardCharsets.US_ASCII), "not a Bayard dump");
        String text = new String(text(), StandardCharsets.US_ASCII);
        refused(gzip(text.replaceFirst("^bayard-dump 2 ", "bayard-dump 7 ").getBytes(StandardCharsets.US_ASCII)),
                "line 1: dump format version '7' is not supported (this bayard reads versions 1 to 2)");
        refused(gzip(text.replaceFirst("^bayard-dump 2 tokenizer=\\d+", "bayard-dump 2 tokenizer=99").getBytes(StandardCharsets.US_ASCII)),
                "the dump was written by tokenizer version 99 but this store uses version ");
    }

    /** The dump's text with the totals line replaced and the checksum made to match, as a hand edit would. */
    private static byte[] withTotals(String totals) throws IOException {
        String text = new String(text(), StandardCharsets.US_ASCII).replaceFirst("\ntotals \\d+ \\d+\n", "\n" + totals + "\n");
        int end = text.lastIndexOf("\nend ") + 1;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(text.substring(0, end).getBytes(StandardCharsets.US_ASCII));
        String sealed = text.substring(0, end) + text.substring(end).replaceFirst("crc32c=\\w+", String.format("crc32c=%08x", crc.getValue()));
        return gzip(sealed.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Totals edited by hand (here 3 ham instead of 300, the checksum made to match) were imported
     * as they were, and every score after used the wrong ratios.
     */
    @Test
    void totalsBelowWhatTheLedgerListsAreRefused() throws IOException {
        refused(withTotals("totals 3 200"), "the ledger lists 4 ham messages up to here, more than the 3 ham messages of the totals"
                + " line (line 2): the totals do not match the records (edited by hand?); put back the totals the export wrote\n");
        refused(withTotals("totals 300 0"), "the ledger lists 1 spam messages up to here, more than the 0 spam messages");
        Path edited = Files.write(dir.resolve("edited.dump.gz"), withTotals("totals 3 200"));
        Cli.Result r = new Cli(dir.resolve("accepting")).run("db", "import", "--accept-totals", edited.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1); // the ledger still lists 300 ham: no store holds that
        assertThat(r.err()).contains("the ledger lists 4 ham messages up to here");
    }

    /**
     * A real store can count a token more often than its total: forgetting a message through a
     * copy with other Received lines leaves the original's transport tokens counted. Its export
     * is refused like an edited one, and --accept-totals takes it.
     */
    @Test
    void aStoreWithCountsLeftByForgettingAnotherCopyImportsWithAcceptTotals() throws IOException {
        Path original = SAMPLES.resolve("held-out/ham-2.eml");
        Path copy = Files.write(dir.resolve("copy.eml"), ("Received: from relay.example (relay.example [192.0.2.7]) by mx.example\n"
                + Files.readString(original, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
        Cli store = new Cli(dir.resolve("residue"));
        assertThat(store.run("learn", "--ham", original.toString()).exitCode()).isZero();
        assertThat(store.run("forget", copy.toString()).out()).contains("1 unlearned");
        Path residue = dir.resolve("residue.dump.gz");
        assertThat(store.run("db", "export", residue.toString()).exitCode()).isZero();
        Cli fresh = new Cli(dir.resolve("restored"));
        Cli.Result refused = fresh.run("db", "import", residue.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("more than the 0 ham messages of the totals line", "--accept-totals").hasLineCount(1);
        Cli.Result accepted = fresh.run("db", "import", "--accept-totals", residue.toString());
        assertThat(accepted.exitCode()).as(accepted.err()).isZero();
        assertThat(stats(fresh)).isEqualTo(stats(store));
    }

    @Test
    void aMissingOrBadFileIsNamedAndCreatesNoStore() throws IOException {
        Cli.Result r = new Cli(dir.resolve("db")).run("db", "import", dir.resolve("nope.gz").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: cannot read " + dir.resolve("nope.gz") + ": no such file\n");
        Path junk = Files.writeString(dir.resolve("junk"), "junk\n");
        assertThat(new Cli(dir.resolve("db")).run("db", "import", junk.toString()).exitCode()).isEqualTo(1);
        assertThat(dir.resolve("db")).doesNotExist();
    }

    /** A folder given as the dump was "not a Bayard dump: Is a directory", Java's words for a failed read. */
    @Test
    void aFolderGivenAsTheDumpIsNamedAsAFolder() {
        Cli.Result r = new Cli(dir.resolve("db")).run("db", "import", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: cannot read " + dir + ": it is a directory\n");
        assertThat(dir.resolve("db")).doesNotExist();
    }

    @Test
    void aFailedExportLeavesNoFile() {
        Path target = dir.resolve("no-such-dir").resolve("x.dump.gz");
        Cli.Result r = trained.run("db", "export", target.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("bayard: cannot write " + target).hasLineCount(1);
        assertThat(Files.exists(target)).isFalse();
    }
}
