package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store damaged as a disk fault or a stray write leaves it: each test damages one chosen place
 * of a trained store's data.mdb and runs the real command in a JVM of its own, since before the
 * fixes the damage killed the JVM in LMDB's native code (an assertion's abort, SIGSEGV). The
 * command must refuse the store in one line naming it and what to do, exit 1, and leave the
 * file as it was. The places are found by reading the file's own layout (LMDB 0.9, mdb.c).
 */
class DamagedStoreTest {
    private static final Path HAM = Path.of("../samples/ham.mbox");
    private static final Path SPAM = Path.of("../samples/spam.mbox");
    private static final Path MESSAGE = Path.of("../samples/held-out/spam-1.eml");
    private static final int PAGE = StorePages.PAGE;

    @TempDir static Path shared;
    static Path trained;
    @TempDir Path dir;
    Path db;
    Path data;
    StorePages pages;

    /** Trained once: each test damages a copy of it, page for page the same file. */
    @BeforeAll
    static void trainAStore() {
        trained = shared.resolve("db");
        Cli.Result r = new Cli(trained).run("train", "--ham", HAM.toString(), "--spam", SPAM.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @BeforeEach
    void copyTheStore() throws Exception {
        db = SampleStore.copy(trained, dir);
        data = db.resolve("data.mdb");
        pages = new StorePages(data);
    }

    /** A page size of 0 in the newest meta page: SIGSEGV in mdb_env_open2, with the JVM's fatal-error banner. */
    @Test
    void aMetaPageWithPageSizeZeroIsRefused() throws Exception {
        pages.write(pages.newestMeta() * PAGE + 16 + 24, 0, 4);
        refused("score", "meta page " + pages.newestMeta() + " gives the page size 0");
        assertThat(refused("train", "meta page " + pages.newestMeta() + " gives the page size 0"))
                .as("the way to find damage the open does not read").contains("'bayard db check'");
    }

    /**
     * A page size that is a power of two but not the file's: every page was read at the wrong
     * place, and a train wrote into the store before it failed ("Transaction must abort").
     */
    @Test
    void aMetaPageWithAnotherPageSizeIsRefusedBeforeAnyWrite() throws Exception {
        byte[] whole = Files.readAllBytes(data);
        pages.write(1 * PAGE + 16 + 24, 8192, 4);
        refused("train", "gives the page size 8192");
        Files.write(data, whole);
        // on the first page, the size says where the second is: there is none there
        pages.write(16 + 24, 8192, 4);
        refused("train", "page 1 is not a meta page");
    }

    /** The main database's root on a meta page: LMDB's assertion 'root > 1' aborted the JVM. */
    @Test
    void aRootOnAMetaPageIsRefused() throws Exception {
        pages.write(pages.newestMeta() * PAGE + 16 + 72 + 40, 1, 8);
        refused("score", "the root of the main database is page 1");
    }

    /** A branch root whose header claims more keys than it holds: assertion 'IS_LEAF(mp)' aborted score. */
    @Test
    void aRootPageWithABrokenHeaderIsRefused() throws Exception {
        long root = pages.namedRoot("tokens");
        int upper = pages.readShort(root * PAGE + 14);
        pages.write(root * PAGE + 12, upper + 2, 2);
        refused("score", "page " + root + " has a broken header");
        refused("db", "stats", "page " + root + " has a broken header");
    }

    /** A branch root left with one key: assertion 'NUMKEYS(mp) > 1' aborted score and train. */
    @Test
    void aBranchRootWithOneKeyIsRefused() throws Exception {
        long root = pages.namedRoot("tokens");
        pages.write(root * PAGE + 12, 18, 2);
        refused("train", "page " + root + " has 1 key, too few for a branch");
    }

    /** A database record that claims duplicates (F_DUPDATA): SIGSEGV in mdb_xcursor_init1. */
    @Test
    void aNodeFlagTheStoreNeverWritesIsRefused() throws Exception {
        long main = pages.mainRoot();
        int node = pages.nodeOffset(main, "tokens");
        pages.write(main * PAGE + node + 4, 0x06, 2);
        refused("score", "page " + main + " has node");
    }

    /**
     * A dump into a folder that is not there was said only once the whole store had been read
     * (db export reads every page first, about a second per GiB); here the store's damage, found by
     * that read, was said instead. Where the dump goes is tried before the store is read.
     */
    @Test
    void aDumpsMissingFolderIsSaidBeforeTheStoreIsRead() throws Exception {
        pages.zeroPage(0);
        Path out = dir.resolve("no-such-folder").resolve("x.gz");
        Cli.Result r = new Cli(db).run("db", "export", "--db", db.toString(), out.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bayard: cannot write " + out + ": no such directory: " + out.getParent() + System.lineSeparator());
        assertThat(dir.resolve("no-such-folder")).doesNotExist();
    }

    /** The first meta page zeroed: LMDB said only "File is not a valid LMDB file (-30793)". */
    @Test
    void aZeroedMetaPageIsNamedAsDamage() throws Exception {
        pages.zeroPage(0);
        refused("db", "export", dir.resolve("x.gz").toString(), "the first page is not LMDB's meta page");
        assertThat(dir.resolve("x.gz")).doesNotExist();
    }

    @Test
    void dbCheckSaysAWholeStoreIsWholeAndChangesNothing() throws Exception {
        byte[] before = Files.readAllBytes(data);
        Cli.Result r = new Cli(db).run("db", "check");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("store at " + db + " is whole: ").contains(" pages read, none damaged");
        assertThat(Files.readAllBytes(data)).isEqualTo(before);
    }

    /**
     * A leaf deep in the tokens database zeroed, as a disk fault leaves a page: no open check
     * reads it, and LMDB's cursor met it in score (assertion 'IS_LEAF(mp)', the JVM aborted).
     * db check reads every page without LMDB and names it.
     */
    @Test
    void dbCheckFindsAZeroedPageDeepInTheStore() throws Exception {
        long leaf = pages.leafUnder(pages.namedRoot("tokens"));
        pages.zeroPage(leaf);
        checkRefuses("page " + leaf + " says it is page 0 (in the tokens database)");
    }

    /**
     * A data file cut short before its meta pages end (a copy stopped at once, a file system that
     * lost all but its first block): db check said "is whole: 0 pages read, none damaged", exit 0.
     */
    @Test
    void dbCheckFindsAFileTooShortForTheMetaPages() throws Exception {
        for (long size : new long[] {100, PAGE}) {
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(data.toFile(), "rw")) {
                f.setLength(size);
            }
            checkRefuses("data.mdb is " + size + " bytes, too short for LMDB's two meta pages (cut short?)");
        }
    }

    /** A leaf node flagged as holding duplicates, which the store never writes: SIGSEGV in mdb_xcursor_init1. */
    @Test
    void dbCheckFindsANodeFlagDeepInTheStore() throws Exception {
        long leaf = pages.leafUnder(pages.namedRoot("tokens"));
        pages.flagFirstNodeAsDuplicates(leaf);
        checkRefuses("page " + leaf + " has node 0 with flags 0x4");
    }

    /** A key one byte short, which LMDB reads without complaint and the store never writes. */
    @Test
    void dbCheckFindsAKeyOfTheWrongSize() throws Exception {
        long leaf = pages.leafUnder(pages.namedRoot("tokens"));
        int node = pages.readShort(leaf * PAGE + 16 + 2);
        pages.write(leaf * PAGE + node + 6, 7, 2);
        checkRefuses("page " + leaf + " has node 1 with a key of 7 bytes, where this database's are 8");
    }

    /**
     * The newest meta page's main root set to the older meta page's, as a write lost in a crash
     * of the disk's cache can leave it: every page is sound, but the store reads as the commit
     * before (here the empty store the train began with: scores of 0.5, "messages 0"), and db
     * check called it whole. The pages the newest commit holds are now each found in a database
     * or in the freelist.
     */
    @Test
    void dbCheckFindsARootPointingToAnOlderCommit() throws Exception {
        long newest = pages.newestMeta();
        long olderMainRoot = pages.readLong((1 - newest) * PAGE + 16 + 72 + 40);
        pages.write(newest * PAGE + 16 + 72 + 40, olderMainRoot, 8);
        // found already by the open's cheaper count (see the next test), with the same cause named
        checkRefuses("a root points to an older commit's pages");
    }

    /** The same damage met by score: it scored every message 0.5 from a store that read as empty, exit 0. */
    @Test
    void aRootPointingToAnOlderCommitIsRefusedAsTheStoreOpens() throws Exception {
        long newest = pages.newestMeta();
        long olderMainRoot = pages.readLong((1 - newest) * PAGE + 16 + 72 + 40);
        pages.write(newest * PAGE + 16 + 72 + 40, olderMainRoot, 8);
        refused("score", "its databases and freelist account for ");
        refused("train", "its databases and freelist account for ");
    }

    private void checkRefuses(String expected) throws Exception {
        byte[] before = Files.readAllBytes(data);
        Cli.Result r = new Cli(db).run("db", "check");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).startsWith("bayard: LMDB store at " + db.toRealPath() + " is damaged: ")
                .contains(expected).contains("bayard db import").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
        assertThat(Files.readAllBytes(data)).isEqualTo(before);
    }

    /**
     * A branch below the root pointing past the last page: LMDB finds that itself (MDB_PAGE_NOTFOUND)
     * when score walks the tokens, and the line said only "the LMDB store is damaged", not which
     * store (the configuration's, $BAYARD_DB's, the default?) nor how to find out more.
     */
    @Test
    void damageLmdbFindsMidwayIsSaidWithTheStoreItIsIn() throws Exception {
        long branch = pages.secondChild(pages.namedRoot("tokens"));
        pages.pointSecondChildAt(branch, pages.lastPage() + 5);
        String err = refused("score", "(LMDB: Requested page not found");
        assertThat(err).contains("'bayard db check'");
    }

    /**
     * A value whose size reaches past the end of data.mdb: Java read mapped memory beyond the file,
     * and score ended in "Exception in thread main java.lang.InternalError: a fault occurred in an
     * unsafe memory access operation" with its trace.
     */
    @Test
    void aValueReachingPastTheFileEndIsSaidAsDamage() throws Exception {
        long leaf = pages.lastLeafUnder(pages.namedRoot("tokens"));
        int node = pages.readShort(leaf * PAGE + 16);
        pages.write(leaf * PAGE + node, 2 << 20, 4);
        refused("score", "a value read from its data.mdb reaches past the file's end");
    }

    /** A branch pointing back to the root: LMDB's cursor stack overflowed, which was an internal error (exit 70, a trace). */
    @Test
    void aCycleOfPagesIsSaidAsDamage() throws Exception {
        long root = pages.namedRoot("tokens");
        pages.pointChildAt(root, 0, root);
        refused("db", "stats", "(LMDB: Cursor stack too deep");
    }

    /** The main database flagged as holding duplicates: "failed: key/data pair not found (EOF)". */
    @Test
    void theMainDatabaseWithFlagsItIsNeverGivenIsRefused() throws Exception {
        pages.write(pages.newestMeta() * PAGE + 16 + 72 + 4, 0x04, 2);
        refused("score", "the main database has the flags 0x4");
    }

    /** An entry count no file of this size can hold: "too many tokens for one table: 1152921504606846976". */
    @Test
    void anImpossibleEntryCountIsRefused() throws Exception {
        pages.write(pages.recordOffset("tokens") + 32, 1L << 60, 8);
        refused("explain", "the tokens database claims 1152921504606846976 entries");
    }

    /**
     * A leaf's node offsets overwritten so that a key LMDB hands back is not 8 bytes long: a train
     * (the writer seeks the groups it adds to) ended in an IndexOutOfBoundsException, an internal
     * error (exit 70) with its trace. The write is rolled back.
     */
    @Test
    void aKeyOfTheWrongSizeIsSaidAsDamageAndNothingIsWritten() throws Exception {
        // on every leaf, so that the train's seek meets one: the second node offset points at the page header
        for (long leaf : pages.leavesUnder(pages.namedRoot("tokens"))) pages.write(leaf * PAGE + 16 + 2, 0, 2);
        refused("train", "a key of its tokens database is ");
    }

    /**
     * An export of a store damaged deep down: LMDB crashed the JVM midway (assertion 'IS_LEAF(mp)'),
     * which left the dump's temporary file beside where the dump was to go. Every page is now read
     * before the dump is begun.
     */
    @Test
    void anExportReadsEveryPageBeforeItBeginsAndLeavesNothing() throws Exception {
        long leaf = pages.leafUnder(pages.namedRoot("tokens"));
        pages.zeroPage(leaf);
        Path out = Files.createDirectories(dir.resolve("out"));
        refused("db", "export", out.resolve("x.gz").toString(), "page " + leaf + " says it is page 0 (in the tokens database)");
        try (var left = Files.list(out)) {
            assertThat(left).as("no dump, no temporary file").isEmpty();
        }
    }

    /**
     * A ledger record whose Message-ID length was overwritten: LMDB has no checksums, so the
     * pages are sound and only the record is garbled; the export ended in a
     * BufferUnderflowException, an internal error (exit 70) with its trace.
     */
    @Test
    void aGarbledLedgerRecordIsSaidAsDamageAndNoDumpIsLeft() throws Exception {
        long leaf = pages.leafUnder(pages.namedRoot("ledger"));
        int node = pages.readShort(leaf * PAGE + 16);
        long value = leaf * PAGE + node + 8 + 16;
        int sourceLength = pages.readShort(value + 2) & 0xff;
        pages.write(value + 3 + sourceLength + 12, 0x7fff_0000, 4);
        Path out = Files.createDirectories(dir.resolve("out"));
        refused("db", "export", out.resolve("x.gz").toString(), "is damaged: its ledger entry ");
        try (var left = Files.list(out)) {
            assertThat(left).as("no dump, no temporary file").isEmpty();
        }
    }

    /**
     * serve on a store damaged deep down took mail, and crashed at the first message it scored
     * (LMDB's cursor walking the tokens); its supervisor restarted it into the same crash. It now
     * reads every page before it listens, and refuses the store in one line.
     */
    @Test
    void serveReadsEveryPageBeforeItTakesMail() throws Exception {
        long leaf = pages.leafUnder(pages.namedRoot("tokens"));
        pages.flagFirstNodeAsDuplicates(leaf);
        byte[] before = Files.readAllBytes(data);
        Path log = dir.resolve("serve.log");
        Process p = ChildJvm.bayard(List.of(), "serve", "--db", db.toString(), "--listen", "127.0.0.1:0",
                "--next-hop", "127.0.0.1:9", "--quarantine", dir.resolve("q").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            p.getOutputStream().close();
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            String err = Files.readString(log);
            assertThat(ended).as("serve still running: " + err).isTrue();
            assertThat(p.exitValue()).as(err).isEqualTo(1);
            assertThat(err.lines().filter(l -> l.startsWith("bayard: LMDB store at ")).toList()).as(err).singleElement().asString()
                    .contains(" is damaged: in data.mdb, page " + leaf + " has node 0").contains("bayard db import");
            assertThat(err).doesNotContain("listening on").doesNotContain("Exception");
        } finally {
            ChildJvm.kill(p);
        }
        assertThat(Files.readAllBytes(data)).isEqualTo(before);
    }

    private String refused(String... argsThenExpected) throws Exception {
        List<String> all = List.of(argsThenExpected);
        List<String> args = new java.util.ArrayList<>(all.subList(0, all.size() - 1));
        String expected = all.getLast();
        switch (args.getFirst()) {
            case "score", "explain" -> args.add(MESSAGE.toString());
            case "train" -> args.addAll(List.of("--spam", MESSAGE.toString()));
            default -> { }
        }
        args.addAll(List.of("--db", db.toString()));
        byte[] before = Files.readAllBytes(data);
        Path errorFile = dir.resolve("hs_err.log");
        List<String> jvm = List.of("-XX:ErrorFile=" + errorFile);
        Commands.Ran ran = Commands.run(ChildJvm.bayard(jvm, args.toArray(String[]::new))
                .redirectInput(ProcessBuilder.Redirect.from(MESSAGE.toFile())), 60);
        String err = ran.errors();
        assertThat(ran.timedOut()).isFalse();
        assertThat(errorFile).as(err).doesNotExist();
        assertThat(ran.exit()).as(err).isEqualTo(1);
        assertThat(err).hasLineCount(1).startsWith("bayard: LMDB store at " + db.toRealPath() + " is damaged")
                .contains(expected).contains("bayard db import").doesNotContain("Exception");
        assertThat(Files.readAllBytes(data)).as("the store's file is unchanged").isEqualTo(before);
        return err;
    }
}
