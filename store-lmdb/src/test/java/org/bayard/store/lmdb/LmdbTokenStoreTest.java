package org.bayard.store.lmdb;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.bayard.core.store.Counts;
import org.bayard.core.store.IncompatibleStoreException;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.StoreStats;
import org.bayard.core.store.TokenStore;
import org.bayard.core.store.SnapshotViewContract;
import org.bayard.core.store.Totals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/** The shared contract, plus what only an LMDB store on disk can get wrong. */
class LmdbTokenStoreTest extends SnapshotViewContract {
    @TempDir
    Path tmp;

    @Override
    protected TokenStore openFresh(int tokenizerVersion) {
        return LmdbTokenStore.open(tmp.resolve("store"), tokenizerVersion);
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    @Override
    protected TokenStore reopen(int tokenizerVersion) {
        return LmdbTokenStore.open(tmp.resolve("store"), tokenizerVersion);
    }

    /**
     * The file never shrinks (LMDB keeps freed pages for reuse), so the stats say how much of it
     * holds data: what an export and import into a new folder would give back, after a prune.
     */
    @Test
    void statsTellThePagesInUseFromTheFreePagesThatARemovalLeaves() {
        int n = 200_000;
        long[] tokens = new long[n];
        for (int i = 0; i < n; i++) tokens[i] = (i + 1) * 0x9E37_79B9_7F4A_7C15L;
        store.write(w -> { w.addCounts(tokens, n, 1, 0); return null; });
        StoreStats full = store.stats();
        assertThat(full.bytesInUse()).isBetween(16L * n, full.bytesOnDisk());

        store.write(w -> { w.addCounts(tokens, n - 100, -1, 0); return null; });
        StoreStats emptied = store.stats();
        assertThat(emptied.tokens()).isEqualTo(100);
        assertThat(emptied.bytesOnDisk()).isGreaterThanOrEqualTo(full.bytesOnDisk());
        assertThat(emptied.bytesInUse()).isPositive().isLessThan(64 * 1024);
    }

    @Test
    void missingDirectoriesAreCreated() {
        Path deep = tmp.resolve("a/b/c");
        try (LmdbTokenStore s = LmdbTokenStore.open(deep, VERSION)) {
            assertThat(deep.resolve("data.mdb")).exists();
            assertThat(s.stats().bytesOnDisk()).isPositive();
        }
    }

    /**
     * A new store's lock file has all its blocks before LMDB maps it: LMDB made it sparse, and a
     * {@code learn} into a new store on a full tmpfs then died with SIGBUS in mdb_env_setup_locks
     * (an hs_err file instead of a message).
     */
    @Test
    void aNewStoresLockFileIsWrittenWholeNotSparse() throws Exception {
        Path dir = tmp.resolve("fresh");
        LmdbTokenStore.open(dir, VERSION).close();
        Path lock = dir.resolve("lock.mdb");
        Commands.Ran stat = Commands.run("stat", "-c", "%b %B", lock.toString());
        String[] blocks = stat.output().trim().split(" ");
        // stat(1) is in coreutils: its absence is a broken machine to report, never a reason to skip.
        assertThat(stat.exit()).as("stat(1) of the lock file: %s", String.join(" ", blocks)).isZero();
        assertThat(blocks).as("stat(1)'s blocks and block size").hasSize(2);
        assertThat(Long.parseLong(blocks[0]) * Long.parseLong(blocks[1])).isGreaterThanOrEqualTo(Files.size(lock));
        assertThat(Files.size(lock)).isEqualTo(StoreDirectory.LOCK_FILE_BYTES);
        try (var names = Files.list(dir)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("data.mdb", "lock.mdb");
        }
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsRefusedByName() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> LmdbTokenStore.open(file, VERSION))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("directory");
        assertThatThrownBy(() -> LmdbTokenStore.open(file.resolve("below"), VERSION))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.resolve("below").toString());
    }

    @Test
    void aDataFileThatIsNotLmdbIsAClearErrorNotACrash() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("garbage"));
        byte[] junk = new byte[64 * 1024];
        new SplittableRandom(1).nextBytes(junk);
        Files.write(dir.resolve("data.mdb"), junk);
        assertThatThrownBy(() -> LmdbTokenStore.open(dir, VERSION))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(dir.toRealPath().toString());
        // The failed open released its claim on the directory.
        Files.delete(dir.resolve("data.mdb"));
        LmdbTokenStore.open(dir, VERSION).close();
    }

    /**
     * What a full disk left of a new store's data file before Bayard cleaned it up: the first of
     * LMDB's two meta pages, of a store that never committed anything learned. It was refused as
     * "damaged ... (a copy cut short?). Restore the store from a dump", sending the postmaster to
     * look for a backup of nothing.
     */
    @Test
    void aDataFileLeftOfAStoreWhoseCreationWasCutShortIsSaidToHoldNothing() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cut"));
        // LMDB creating the environment writes its two meta pages; the disk had room for one.
        Env.create().setMaxDbs(Databases.COUNT).open(dir.toFile()).close();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir.resolve("data.mdb"),
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(4096);
        }
        assertThatThrownBy(() -> LmdbTokenStore.open(dir, VERSION))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("holds nothing learned")
                .hasMessageContaining("delete " + dir.toRealPath().resolve("data.mdb"))
                .hasMessageNotContaining("Restore");
    }

    /**
     * Another process creating a store: LMDB makes the data file, then writes its first pages. A
     * command opening the store in that instant (a {@code bayard stats} beside the first {@code
     * train}) was told the store was damaged and to remove the data file being written.
     */
    @Test
    void anEmptyDataFileThatGetsItsFirstPagesAMomentLaterIsOpened() throws Exception {
        Path made = Files.createDirectories(tmp.resolve("made"));
        Env.create().setMaxDbs(Databases.COUNT).open(made.toFile()).close();
        byte[] firstPages = Files.readAllBytes(made.resolve("data.mdb"));
        Path dir = Files.createDirectories(tmp.resolve("being-created"));
        Files.createFile(dir.resolve("data.mdb"));
        Thread creator = new Thread(() -> {
            try {
                Thread.sleep(200);
                Files.write(dir.resolve("data.mdb"), firstPages, java.nio.file.StandardOpenOption.WRITE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        creator.start();
        try (LmdbTokenStore store = LmdbTokenStore.open(dir, VERSION)) {
            assertThat(store.stats().ledgerEntries()).isZero();
        } finally {
            creator.join();
        }
    }

    /**
     * What a process killed while it made a store leaves, LMDB's first pages and no commit, is no
     * store: readers said LMDB's "key/data pair not found" and {@code db check} called it whole.
     * Learning into it makes the store.
     */
    @Test
    void aDataFileWithNoCommitHoldsNoStoreUntilAWriterMakesOne() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cut"));
        try (Env<ByteBuffer> env = Env.create().setMaxDbs(Databases.COUNT).open(dir.toFile())) {
            assertThat(newestCommit(dir)).isZero(); // LMDB wrote its meta pages, nothing committed
        }
        assertThat(LmdbTokenStore.holdsStore(dir)).isFalse();
        assertThat(LmdbTokenStore.isStoreFile(dir.resolve("data.mdb"))).isTrue(); // still nothing else's to write
        try (LmdbTokenStore store = LmdbTokenStore.open(dir, VERSION)) {
            store.write(view -> {
                view.addCounts(new long[] {7}, 1, 0, 1);
                return null;
            });
        }
        assertThat(LmdbTokenStore.holdsStore(dir)).isTrue();
        try (LmdbTokenStore store = LmdbTokenStore.openReadOnly(dir, VERSION); ReadView view = store.read()) {
            long[] counts = new long[1];
            view.lookup(new long[] {7}, 1, counts);
            assertThat(counts[0]).isEqualTo(Counts.pack(0, 1));
        }
    }

    /**
     * A new store's databases and stamp are its first commit, together, and it holds no store
     * until a write learns something: a restore into a new folder killed midway was served as
     * an empty model.
     */
    @Test
    void aNewStoreIsMadeInOneCommitAndHoldsNoStoreUntilAWrite() throws Exception {
        Path dir = tmp.resolve("new");
        try (LmdbTokenStore store = LmdbTokenStore.open(dir, VERSION)) {
            assertThat(newestCommit(dir)).isEqualTo(1);
            assertThat(LmdbTokenStore.holdsStore(dir)).isFalse();
            try (ReadView view = store.read()) {
                assertThat(view.totals()).isEqualTo(Totals.EMPTY); // this process reads it as the empty store it is
            }
            store.write(view -> {
                view.addCounts(new long[] {7}, 1, 1, 0);
                return null;
            });
        }
        assertThat(LmdbTokenStore.holdsStore(dir)).isTrue();
    }

    /** The newer of the data file's two meta pages' transaction ids (LMDB's MDB_meta, little-endian). */
    private static long newestCommit(Path dir) throws Exception {
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("data.mdb"))).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int pageSize = file.getInt(16 + 24);
        int txnIdAt = 16 + 24 + 2 * 48 + 8;
        return Math.max(file.getLong(txnIdAt), file.getLong(pageSize + txnIdAt));
    }

    @Test
    void aStoreOfFormat1IsRefusedWithTheWayOver() throws Exception {
        // Format 1: one entry per token, the token as the key.
        assertOlderFormatRefused(1, Long.BYTES);
    }

    @Test
    void aStoreOfFormat2IsRefusedWithTheWayOver() throws Exception {
        // Format 2: groups in unsigned token order, a (token, counts) pair each here.
        assertOlderFormatRefused(2, TokenGroups.PAIR_BYTES);
    }

    /** A store stamped {@code format} holding token 42, its value {@code valueBytes} long, is refused, and left as it was. */
    private void assertOlderFormatRefused(long format, int valueBytes) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("format" + format));
        ByteBuffer value = ByteBuffer.allocateDirect(valueBytes);
        if (valueBytes == TokenGroups.PAIR_BYTES) value.putLong(42);
        value.putLong(Counts.pack(1, 0)).flip();
        try (Env<ByteBuffer> env = Env.create().setMaxDbs(Databases.COUNT).open(dir.toFile())) {
            Buffers buffers = new Buffers();
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                Databases dbs = Databases.openOrCreate(env, txn);
                dbs.tokens().put(txn, buffers.tokenKey(42), value);
                dbs.meta().put(txn, buffers.nameKey("format-version".getBytes(US_ASCII)), buffers.longValue(format));
                txn.commit();
            }
        }
        byte[] before = Files.readAllBytes(dir.resolve("data.mdb"));
        assertThatThrownBy(() -> LmdbTokenStore.open(dir, VERSION))
                .isInstanceOf(IncompatibleStoreException.class)
                .hasMessageContaining("format version " + format)
                .hasMessageContaining("reads format version " + Meta.FORMAT_VERSION)
                .hasMessageContaining("'bayard db export' with the Bayard that wrote it")
                .hasMessageContaining("'bayard db import' into a new store with this one");
        assertThat(Files.readAllBytes(dir.resolve("data.mdb"))).as("the refused store is not converted").isEqualTo(before);
    }

    @Test
    void theSameDirectoryCannotBeOpenedTwiceInOneProcess() {
        assertThatThrownBy(() -> LmdbTokenStore.open(tmp.resolve("store"), VERSION))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already open in this process");
        store.close();
        store = LmdbTokenStore.open(tmp.resolve("store"), VERSION);
    }

    @Test
    void aFullMapFailsTheWriteClearlyAndKeepsTheStoreUsable() {
        Path dir = tmp.resolve("small");
        try (LmdbTokenStore small = LmdbTokenStore.open(dir, VERSION, 1L << 20)) {
            small.write(w -> { w.addCounts(new long[] {1}, 1, 1, 0); return null; });
            long[] many = new SplittableRandom(2).longs(200_000).toArray();

            assertThatThrownBy(() -> small.write(w -> { w.addTotals(5, 5); w.addCounts(many, many.length, 0, 1); return null; }))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("full")
                    .hasMessageContaining("rolled back")
                    // What Bayard offers: it has no compacting copy of its own and no setting of the map size.
                    .hasMessageContaining("'bayard db export'").hasMessageContaining("'bayard db import'")
                    .hasMessageNotContaining("raise the map size");

            assertThat(small.stats().tokens()).isEqualTo(1);
            assertThat(small.stats().totals()).isEqualTo(Totals.EMPTY);
            small.write(w -> { w.addCounts(new long[] {2}, 1, 0, 1); return null; });
            assertThat(lookup(small, 1, 2)).containsExactly(Counts.pack(1, 0), Counts.pack(0, 1));
        }
    }

    @Test
    void statsReportTheDataFileAndTheKind() {
        learn(store, 1, MailClass.SPAM, 1, 2, 3);
        assertThat(store.stats().kind()).isEqualTo("lmdb");
        assertThat(store.stats().bytesOnDisk()).isEqualTo(tmp.resolve("store/data.mdb").toFile().length()).isPositive();
    }

    @Test
    void anInterruptedCallerStillGetsItsWriteAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            learn(store, 1, MailClass.HAM, 1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(lookup(store, 1)).containsExactly(Counts.pack(1, 0));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void openingFromAVirtualThreadWorks() throws Exception {
        store.close();
        Thread t = Thread.ofVirtual().start(() -> {
            try (LmdbTokenStore s = LmdbTokenStore.open(tmp.resolve("store"), VERSION)) {
                learn(s, 1, MailClass.HAM, 1);
            }
        });
        t.join();
        store = reopen(VERSION);
        assertThat(lookup(store, 1)).containsExactly(Counts.pack(1, 0));
    }

    /** Ten times more readers than this process may hold views: they queue, none fails. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void moreConcurrentReadersThanViewSlotsWaitInsteadOfFailing() throws Exception {
        learn(store, 1, MailClass.SPAM, 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> writer = pool.submit(() -> {
                for (int i = 2; writing.get(); i++) learn(store, i, MailClass.SPAM, 2);
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int i = 0; i < 10 * LmdbTokenStore.MAX_VIEWS; i++) {
                readers.add(pool.submit(() -> {
                    try (ReadView r = store.read()) {
                        Thread.sleep(1);
                        assertThat(Counts.spam(lookup(r, 1))).isEqualTo(1);
                    }
                    return null;
                }));
            }
            for (Future<?> f : readers) f.get();
            writing.set(false);
            writer.get();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closeWaitsForOpenViewsAndAQueuedReaderThenFailsInsteadOfHanging() throws Exception {
        List<ReadView> held = new ArrayList<>();
        for (int i = 0; i < LmdbTokenStore.MAX_VIEWS; i++) held.add(store.read());
        CompletableFuture<ReadView> queued = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                queued.complete(store.read());
            } catch (RuntimeException e) {
                queued.completeExceptionally(e);
            }
        });
        // The reader must be waiting for a view before close starts, or it would find the store
        // closed at once: on a loaded machine a thread may take a while to get that far.
        while (reader.getState() != Thread.State.WAITING) {
            assertThat(queued).as("no view is free, so the reader must wait").isNotDone();
            Thread.sleep(1);
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> closing = pool.submit(() -> store.close());
            Thread.sleep(200);
            assertThat(queued).isNotDone();
            assertThat(closing).as("close waits while views are open").isNotDone();

            held.forEach(ReadView::close);
            closing.get();
            assertThatThrownBy(queued::get).hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void theConsistencyCheckNoticesCountsWithoutTheirLedgerEntry() {
        store.write(w -> Messages.learn(w, 1, MailClass.HAM));
        try (ReadView r = store.read()) {
            assertThat(Messages.inconsistency(r)).isNull();
        }
        store.write(w -> { w.removeLedgerEntry(Messages.digest(1)); w.addTotals(-1, 0); return null; });
        try (ReadView r = store.read()) {
            assertThat(Messages.inconsistency(r)).contains("the ledger implies");
        }
    }

    @Test
    void aWriteOfMoreTokensThanAreHeldBackLandsWhole() {
        int n = WriterHeapBudget.PENDING_LIMIT + 1_000;
        long[] tokens = new long[n];
        for (int i = 0; i < n; i++) tokens[i] = (i * 0x9E37_79B9_7F4A_7C15L) ^ Long.MIN_VALUE;
        store.write(view -> {
            view.addCounts(tokens, n, 1, 0);
            view.addCounts(tokens, 10, 0, 2); // some tokens after the first spill: held again on top of written values
            long[] seen = new long[n];
            view.lookup(tokens, n, seen);
            assertThat(seen[5]).isEqualTo(Counts.pack(1, 2));
            assertThat(seen[n - 1]).isEqualTo(Counts.pack(1, 0));
            return null;
        });
        assertThat(store.stats().tokens()).isEqualTo(n);
        try (ReadView r = store.read()) {
            long[] seen = new long[n];
            r.lookup(tokens, n, seen);
            assertThat(seen[3]).isEqualTo(Counts.pack(1, 2));
            for (int i = 10; i < n; i++) assertThat(seen[i]).isEqualTo(Counts.pack(1, 0));
        }
        store.write(view -> {
            view.addCounts(tokens, n, -1, 0);
            view.addCounts(tokens, 10, 0, -2);
            return null;
        });
        assertThat(store.stats().tokens()).isZero();
    }

    @Test
    void theAddLogTakesWhatTheHeapAffordsWithinItsBounds() {
        assertThat(WriterHeapBudget.logCapacity(64L << 20)).as("a 64 MB heap").isEqualTo(1 << 17);
        assertThat(WriterHeapBudget.logCapacity(256L << 20)).isStrictlyBetween(1 << 17, 1 << 20);
        assertThat(WriterHeapBudget.logCapacity(1L << 30)).isGreaterThan(WriterHeapBudget.logCapacity(256L << 20));
        for (long heap = 64L << 20; heap <= 1L << 40; heap *= 2) {
            assertThat(WriterHeapBudget.logCapacity(heap)).as("heap %d", heap).isLessThanOrEqualTo(WriterHeapBudget.maxHeldAndLogged(heap));
        }
        assertThat(WriterHeapBudget.logCapacity(1L << 40)).as("a TB heap").isEqualTo(WriterHeapBudget.maxHeldAndLogged(1L << 40));
    }

    /** A 64 MB heap keeps the old fixed limit; the benchmark's 512 MB holds the whole corpus (1.23M tokens). */
    @Test
    void theHeldLimitFollowsTheHeapWithinItsBounds() {
        assertThat(WriterHeapBudget.heldLimit(64L << 20)).as("a 64 MB heap").isEqualTo(WriterHeapBudget.MIN_HELD_LIMIT);
        assertThat(WriterHeapBudget.heldLimit(512L << 20)).isStrictlyBetween(1_300_000, 2_000_000);
        assertThat(WriterHeapBudget.heldLimit(2L << 30)).isGreaterThan(WriterHeapBudget.heldLimit(512L << 20));
        assertThat(WriterHeapBudget.heldLimit(1L << 40)).as("a TB heap").isEqualTo(WriterHeapBudget.MAX_HELD_LIMIT);
        assertThat(WriterHeapBudget.maxHeldAndLogged(1L << 40)).isEqualTo(WriterHeapBudget.MAX_HELD_LIMIT + (1 << 17));
    }

    /**
     * Adds clamp at 0, so their order matters; the writer logs them and applies them sorted,
     * which must keep each token's adds in call order, also when the log fills in between.
     */
    @Test
    void addsThatClampApplyInCallOrderAcrossTheLog() {
        long[] filler = LongStream.range(1, WriterHeapBudget.MAX_HELD_AND_LOGGED).map(i -> i * 0x9E37_79B9_7F4A_7C15L).toArray();
        long down = -7, up = -8;
        store.write(w -> {
            w.addCounts(new long[] {down, up}, 2, 1, 1);
            w.addCounts(new long[] {down}, 1, -3, 0); // clamps: (0, 1)
            w.addCounts(new long[] {up}, 1, 2, 0);
            w.addCounts(filler, filler.length, 0, 1); // the log fills and is applied between the adds
            w.addCounts(new long[] {down}, 1, 2, 0);
            w.addCounts(new long[] {up}, 1, -3, 0); // clamps: (0, 1)
            long[] seen = new long[2];
            w.lookup(new long[] {down, up}, 2, seen);
            assertThat(seen).containsExactly(Counts.pack(2, 1), Counts.pack(0, 1));
            return null;
        });
        try (ReadView r = store.read()) {
            assertThat(lookup(r, down)).isEqualTo(Counts.pack(2, 1));
            assertThat(lookup(r, up)).isEqualTo(Counts.pack(0, 1));
        }
    }

    /** Many adds per write, so that each finds some tokens held by an earlier add and some only in the mirror. */
    @Test
    void addsThatOverlapWithinAWriteMatchAModelAndKeepTheMirror() {
        try (LmdbTokenStore store = LmdbTokenStore.open(tmp.resolve("model"), 1)) {
            SplittableRandom random = new SplittableRandom(5);
            Map<Long, Long> model = new HashMap<>();
            for (int write = 0; write < 40; write++) {
                store.write(w -> {
                    for (int add = 0; add < 8; add++) {
                        long[] tokens = random.longs(1 + random.nextInt(80), -150, 150).distinct().toArray();
                        int dHam = random.nextInt(-2, 3);
                        int dSpam = random.nextInt(-2, 3);
                        w.addCounts(tokens, tokens.length, dHam, dSpam);
                        for (long t : tokens) {
                            long c = Counts.add(model.getOrDefault(t, 0L), dHam, dSpam);
                            if (c == 0) model.remove(t);
                            else model.put(t, c);
                        }
                    }
                    return null;
                });
                try (ReadView view = store.read()) {
                    Map<Long, Long> stored = new HashMap<>();
                    view.forEachToken(stored::put);
                    assertThat(stored).as("write %d", write).isEqualTo(model);
                    long[] tokens = LongStream.range(-150, 150).toArray();
                    long[] counts = new long[tokens.length];
                    view.lookup(tokens, tokens.length, counts);
                    for (int i = 0; i < tokens.length; i++) {
                        assertThat(counts[i]).as("token %d", tokens[i]).isEqualTo(model.getOrDefault(tokens[i], 0L));
                    }
                    assertThat(store.mirrors(view)).isTrue();
                }
            }
        }
    }

    /**
     * Training batches, repacked or merged in place, find each token's counts before them in
     * its group, not in the mirror: a store that is only trained builds none, and the mirror
     * that reads build is advanced with the counts the flush wrote.
     */
    @Test
    void trainingBatchesBuildNoMirrorAndKeepAReadersMirrorExact() {
        TokenMirror mirror = new TokenMirror(1L << 30);
        try (LmdbTokenStore store = LmdbTokenStore.open(tmp.resolve("repacked"), 1, LmdbTokenStore.MAP_SIZE, mirror)) {
            SplittableRandom random = new SplittableRandom(9);
            Map<Long, Long> model = new HashMap<>();
            for (int write = 0; write < 10; write++) {
                // ~5,000 distinct tokens a write in a store of at most 20,000: over 1 per group, so the
                // write repacks; every third write learns one message of 50 tokens, fewer than the
                // store's groups (over 60), which is merged in place.
                int messages = write % 3 == 1 ? 1 : 20;
                int perMessage = messages == 1 ? 50 : 300;
                store.write(w -> {
                    for (int message = 0; message < messages; message++) {
                        long[] tokens = random.longs(perMessage, 0, 20_000).distinct().toArray();
                        int dHam = random.nextInt(2);
                        w.addCounts(tokens, tokens.length, dHam, 1 - dHam);
                        for (long t : tokens) model.put(t, Counts.add(model.getOrDefault(t, 0L), dHam, 1 - dHam));
                    }
                    return null;
                });
                if (write < 3) {
                    assertThat(mirror.tableBytes()).as("only trained so far: no mirror").isZero();
                    continue;
                }
                try (ReadView view = store.read()) {
                    long[] tokens = LongStream.range(0, 20_000).toArray();
                    long[] counts = new long[tokens.length];
                    view.lookup(tokens, tokens.length, counts);
                    assertThat(store.mirrors(view)).isTrue();
                    for (int i = 0; i < tokens.length; i++) {
                        assertThat(counts[i]).as("write %d, token %d", write, tokens[i]).isEqualTo(model.getOrDefault(tokens[i], 0L));
                    }
                    Map<Long, Long> stored = new HashMap<>();
                    view.forEachToken(stored::put);
                    assertThat(stored).as("write %d", write).isEqualTo(model);
                }
            }
        }
    }

    /**
     * Tokens that are not hashes (0, -1, a run of consecutive ones) held across a fold (a lookup
     * inside the write applies the log), so that the held counts are sorted into home order from
     * the held table at flush, then written into groups and read back, with and without the mirror.
     */
    @Test
    void tokensThatAreNotHashesHeldAcrossAFoldLandInTheirGroups() {
        Map<Long, Long> model = new HashMap<>();
        long[] consecutive = LongStream.rangeClosed(-3 * TokenGroups.MAX_PAIRS, 3 * TokenGroups.MAX_PAIRS).toArray();
        long[] edges = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE};
        try (LmdbTokenStore store = LmdbTokenStore.open(tmp.resolve("crafted"), 1)) {
            for (int write = 0; write < 3; write++) {
                int dHam = write == 2 ? -2 : 1; // the last write empties the consecutive tokens but 0 and -1: deleted
                store.write(w -> {
                    w.addCounts(consecutive, consecutive.length, dHam, 0);
                    w.lookup(edges, edges.length, new long[edges.length]);
                    w.addCounts(edges, edges.length, 0, 1);
                    return null;
                });
                for (long t : consecutive) model.put(t, Counts.add(model.getOrDefault(t, 0L), dHam, 0));
                for (long t : edges) model.put(t, Counts.add(model.getOrDefault(t, 0L), 0, 1));
                model.values().removeIf(c -> c == 0);
                try (ReadView view = store.read()) {
                    Map<Long, Long> stored = new HashMap<>();
                    view.forEachToken(stored::put);
                    assertThat(stored).as("write %d", write).isEqualTo(model);
                }
            }
        }
        try (LmdbTokenStore store = LmdbTokenStore.open(tmp.resolve("crafted"), 1, LmdbTokenStore.MAP_SIZE, new TokenMirror(0));
             ReadView view = store.read()) {
            long[] tokens = LongStream.concat(LongStream.of(consecutive), LongStream.of(edges)).toArray();
            long[] counts = new long[tokens.length];
            view.lookup(tokens, tokens.length, counts);
            assertThat(store.mirrors(view)).as("no room for a mirror: LMDB answers").isFalse();
            for (int i = 0; i < tokens.length; i++) {
                assertThat(counts[i]).as("token %d", tokens[i]).isEqualTo(model.getOrDefault(tokens[i], 0L));
            }
        }
    }

    @Test
    void cachedLookupsFollowThisProcesssWrites() {
        try (LmdbTokenStore store = LmdbTokenStore.open(tmp.resolve("cached"), 1)) {
            for (long n = 0; n < 20; n++) {
                long id = n;
                store.write(w -> Messages.learn(w, id, id % 2 == 0 ? MailClass.HAM : MailClass.SPAM));
            }
            try (ReadView warm = store.read()) {
                assertThat(Messages.lookupDisagreement(warm)).isNull();
            }
            store.write(w -> {
                for (long n = 0; n < 10; n++) Messages.unlearn(w, n); // some tokens drop to zero: deleted
                for (long n = 20; n < 30; n++) Messages.learn(w, n, MailClass.SPAM); // and new ones appear
                return null;
            });
            try (ReadView after = store.read()) {
                assertThat(after.totals()).isEqualTo(new Totals(5, 15));
                assertThat(Messages.lookupDisagreement(after)).isNull();
            }
        }
    }

    @Test
    void aViewFromBeforeAWriteKeepsItsSnapshotWhileNewerViewsSeeTheWrite() {
        try (LmdbTokenStore store = LmdbTokenStore.open(tmp.resolve("cached"), 1)) {
            store.write(w -> Messages.learn(w, 1, MailClass.HAM));
            long token = Messages.tokens(1)[0];
            long[] out = new long[1];
            try (ReadView before = store.read()) {
                before.lookup(new long[] {token}, 1, out);
                assertThat(out[0]).isEqualTo(Counts.pack(1, 0));
                store.write(w -> Messages.learn(w, 2, MailClass.SPAM) && Messages.unlearn(w, 1));
                try (ReadView now = store.read()) {
                    assertThat(Messages.lookupDisagreement(now)).isNull();
                    assertThat(now.totals()).isEqualTo(new Totals(0, 1));
                }
                before.lookup(new long[] {token}, 1, out);
                assertThat(out[0]).as("still the old snapshot").isEqualTo(Counts.pack(1, 0));
                assertThat(before.totals()).isEqualTo(new Totals(1, 0));
            }
            try (ReadView later = store.read()) {
                assertThat(Messages.lookupDisagreement(later)).as("the old view's cache, lent again").isNull();
            }
        }
    }

    @Test
    void countsAWriteWroteBeforeFailingAreNotRememberedByTheNext() {
        try (LmdbTokenStore store = LmdbTokenStore.open(tmp.resolve("cached"), 1)) {
            store.write(w -> Messages.learn(w, 1, MailClass.HAM));
            assertThatThrownBy(() -> store.write(w -> {
                Messages.learn(w, 2, MailClass.SPAM);
                w.forEachToken((t, c) -> {}); // makes the view write its held counts into the transaction
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            store.write(w -> Messages.learn(w, 3, MailClass.SPAM));
            try (ReadView view = store.read()) {
                assertThat(Messages.inconsistency(view)).isNull();
                assertThat(view.totals()).isEqualTo(new Totals(1, 1));
            }
        }
    }

    @Test
    void writesAfterWritesThatChangedNoCountsStayConsistent() {
        try (LmdbTokenStore store = LmdbTokenStore.open(tmp.resolve("cached"), 1)) {
            store.write(w -> Messages.learn(w, 1, MailClass.HAM));
            store.write(w -> Messages.learn(w, 1, MailClass.HAM)); // already learned: writes nothing
            store.write(w -> {
                w.removeLedgerEntry(Messages.digest(99)); // deletes nothing
                return null;
            });
            store.write(w -> Messages.unlearn(w, 1) && Messages.learn(w, 2, MailClass.SPAM) && Messages.learn(w, 1, MailClass.SPAM));
            store.write(w -> Messages.unlearn(w, 2));
            try (ReadView view = store.read()) {
                assertThat(Messages.inconsistency(view)).isNull();
                assertThat(Messages.lookupDisagreement(view)).isNull();
                assertThat(view.totals()).isEqualTo(new Totals(0, 1));
            }
        }
    }
}
