package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    private static final int PAGE = 4096;

    @TempDir Path dir;
    Path db;
    Path data;

    @BeforeEach
    void trainAStore() {
        db = dir.resolve("db");
        data = db.resolve("data.mdb");
        Cli.Result r = new Cli(db).run("train", "--ham", HAM.toString(), "--spam", SPAM.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    /** A page size of 0 in the newest meta page: SIGSEGV in mdb_env_open2, with the JVM's fatal-error banner. */
    @Test
    void aMetaPageWithPageSizeZeroIsRefused() throws Exception {
        write(newestMeta() * PAGE + 16 + 24, 0, 4);
        refused("score", "meta page " + newestMeta() + " gives the page size 0");
        refused("train", "meta page " + newestMeta() + " gives the page size 0");
    }

    /**
     * A page size that is a power of two but not the file's: every page was read at the wrong
     * place, and a train wrote into the store before it failed ("Transaction must abort").
     */
    @Test
    void aMetaPageWithAnotherPageSizeIsRefusedBeforeAnyWrite() throws Exception {
        write(newestMeta() * PAGE + 16 + 24, 8192, 4);
        refused("train", "gives the page size 8192");
    }

    /** The main database's root on a meta page: LMDB's assertion 'root > 1' aborted the JVM. */
    @Test
    void aRootOnAMetaPageIsRefused() throws Exception {
        write(newestMeta() * PAGE + 16 + 72 + 40, 1, 8);
        refused("score", "the root of the main database is page 1");
    }

    /** A branch root whose header claims more keys than it holds: assertion 'IS_LEAF(mp)' aborted score. */
    @Test
    void aRootPageWithABrokenHeaderIsRefused() throws Exception {
        long root = namedRoot("tokens");
        int upper = readShort(root * PAGE + 14);
        write(root * PAGE + 12, upper + 2, 2);
        refused("score", "page " + root + " has a broken header");
        refused("db", "stats", "page " + root + " has a broken header");
    }

    /** A branch root left with one key: assertion 'NUMKEYS(mp) > 1' aborted score and train. */
    @Test
    void aBranchRootWithOneKeyIsRefused() throws Exception {
        long root = namedRoot("tokens");
        write(root * PAGE + 12, 18, 2);
        refused("train", "page " + root + " has 1 key, too few for a branch");
    }

    /** A database record that claims duplicates (F_DUPDATA): SIGSEGV in mdb_xcursor_init1. */
    @Test
    void aNodeFlagTheStoreNeverWritesIsRefused() throws Exception {
        long main = mainRoot();
        int node = nodeOffset(main, "tokens");
        write(main * PAGE + node + 4, 0x06, 2);
        refused("score", "page " + main + " has node");
    }

    /** The first meta page zeroed: LMDB said only "File is not a valid LMDB file (-30793)". */
    @Test
    void aZeroedMetaPageIsNamedAsDamage() throws Exception {
        try (var ch = java.nio.channels.FileChannel.open(data, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(PAGE), 0);
        }
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
        long leaf = leafUnder(namedRoot("tokens"));
        try (var ch = java.nio.channels.FileChannel.open(data, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(PAGE), leaf * PAGE);
        }
        checkRefuses("page " + leaf + " says it is page 0 (in the tokens database)");
    }

    /** A leaf node flagged as holding duplicates, which the store never writes: SIGSEGV in mdb_xcursor_init1. */
    @Test
    void dbCheckFindsANodeFlagDeepInTheStore() throws Exception {
        long leaf = leafUnder(namedRoot("tokens"));
        int node = readShort(leaf * PAGE + 16);
        write(leaf * PAGE + node + 4, 0x04, 2);
        checkRefuses("page " + leaf + " has node 0 with flags 0x4");
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

    /** The leaf reached from {@code branch} by following each level's second child. */
    private long leafUnder(long branch) throws IOException {
        ByteBuffer f = file();
        long pgno = branch;
        while ((f.getShort((int) (pgno * PAGE + 10)) & 0x01) != 0) {
            int node = f.getShort((int) (pgno * PAGE + 16 + 2)) & 0xffff;
            int at = (int) (pgno * PAGE + node);
            pgno = (f.getShort(at) & 0xffffL) | (f.getShort(at + 2) & 0xffffL) << 16 | (f.getShort(at + 4) & 0xffffL) << 32;
        }
        return pgno;
    }

    private void refused(String... argsThenExpected) throws Exception {
        List<String> all = List.of(argsThenExpected);
        List<String> args = new java.util.ArrayList<>(all.subList(0, all.size() - 1));
        String expected = all.getLast();
        switch (args.getFirst()) {
            case "score" -> args.add(MESSAGE.toString());
            case "train" -> args.addAll(List.of("--spam", MESSAGE.toString()));
            default -> { }
        }
        args.addAll(List.of("--db", db.toString()));
        byte[] before = Files.readAllBytes(data);
        Path errorFile = dir.resolve("hs_err.log");
        List<String> jvm = new java.util.ArrayList<>(List.of("-XX:ErrorFile=" + errorFile));
        // lmdbjava's use of sun.misc.Unsafe draws a warning on stderr from JDK 23 on, as the launcher knows
        if (Runtime.version().feature() >= 23) jvm.add("--sun-misc-unsafe-memory-access=allow");
        Process p = ChildJvm.bayard(jvm, args.toArray(String[]::new))
                .redirectInput(ProcessBuilder.Redirect.from(MESSAGE.toFile())).start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(errorFile).as(err).doesNotExist();
        assertThat(p.exitValue()).as(err).isEqualTo(1);
        assertThat(err).hasLineCount(1).startsWith("bayard: LMDB store at " + db.toRealPath() + " is damaged: ")
                .contains(expected).contains("bayard db import").contains("bayard db check").doesNotContain("Exception");
        assertThat(Files.readAllBytes(data)).as("the store's file is unchanged").isEqualTo(before);
    }

    private void write(long offset, long value, int bytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).flip().limit(bytes);
        try (var ch = java.nio.channels.FileChannel.open(data, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(b, offset);
        }
    }

    private ByteBuffer file() throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(data)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private int readShort(long offset) throws IOException {
        return file().getShort((int) offset) & 0xffff;
    }

    /** The meta page (0 or 1) with the higher transaction id, which LMDB uses. */
    private long newestMeta() throws IOException {
        ByteBuffer f = file();
        return f.getLong(PAGE + 16 + 128) > f.getLong(16 + 128) ? 1 : 0;
    }

    private long mainRoot() throws IOException {
        return file().getLong((int) (newestMeta() * PAGE + 16 + 72 + 40));
    }

    /** Where, in the main database's root leaf, the node of the named database begins. */
    private int nodeOffset(long main, String name) throws IOException {
        ByteBuffer f = file();
        int page = (int) (main * PAGE);
        int keys = ((f.getShort(page + 12) & 0xffff) - 16) / 2;
        for (int k = 0; k < keys; k++) {
            int node = f.getShort(page + 16 + 2 * k) & 0xffff;
            int keySize = f.getShort(page + node + 6) & 0xffff;
            byte[] key = new byte[keySize];
            f.get(page + node + 8, key);
            if (new String(key, StandardCharsets.US_ASCII).equals(name)) return node;
        }
        throw new AssertionError("no database " + name + " in the main database");
    }

    private long namedRoot(String name) throws IOException {
        long main = mainRoot();
        int node = nodeOffset(main, name);
        ByteBuffer f = file();
        int keySize = f.getShort((int) (main * PAGE + node + 6)) & 0xffff;
        long root = f.getLong((int) (main * PAGE + node + 8 + keySize + 40));
        assertThat(f.getShort((int) (root * PAGE + 10)) & 0x03).as("a branch root, as a trained store's tokens have").isEqualTo(1);
        return root;
    }
}
