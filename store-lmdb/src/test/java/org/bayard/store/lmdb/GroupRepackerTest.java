package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.bayard.core.store.Counts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.Cursor;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.CursorIterable.KeyVal;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Stat;
import org.lmdbjava.Txn;

/** Token groups repacked whole by GroupRepacker, between in-place writes by GroupWriter, against a model of every token's counts. */
class GroupRepackerTest {
    @TempDir
    Path tmp;

    private Env<ByteBuffer> env;
    private Databases dbs;
    private final Buffers buffers = new Buffers();
    /** What the store should hold, in home order. */
    private final TreeMap<Long, Long> model = inHomeOrder();

    @BeforeEach
    void open() {
        env = Env.create().setMapSize(1L << 30).setMaxDbs(Databases.COUNT).open(tmp.toFile(), EnvFlags.MDB_NOTLS);
        dbs = Databases.open(env);
    }

    @AfterEach
    void close() {
        env.close();
    }

    @Test
    void repackedAndInPlaceChangesReadBackExactly() {
        SplittableRandom random = new SplittableRandom(11);
        long[] edges = {0, 1, -1, Long.MIN_VALUE, LinearProbing.tokenOf(0), LinearProbing.tokenOf(-1), LinearProbing.tokenOf(Long.MIN_VALUE)};
        for (int round = 0; round < 24; round++) {
            TreeMap<Long, Long> changes = inHomeOrder();
            int n = random.nextInt(1, 3_000);
            for (int i = 0; i < n; i++) {
                // New tokens, changed ones and deleted ones (counts 0), before, between and after the old ones.
                if (model.isEmpty() || random.nextBoolean()) changes.put(random.nextLong(), counts(random));
                else changes.put(someHeld(random), random.nextInt(4) == 0 ? 0 : counts(random));
            }
            if (round % 4 == 0) for (long edge : edges) changes.put(edge, random.nextBoolean() ? 0 : counts(random));
            if (round % 3 == 2) writeInPlace(changes);
            else repack(changes);
            assertStoreMatchesModel(random);
        }
    }

    @Test
    void repackedGroupsHoldThePackedCountButTheLastAndFillTheirPages() {
        SplittableRandom random = new SplittableRandom(5);
        // Written in place first, in ten batches, where groups grow and are cut and pages split: pages far from full.
        for (int batch = 0; batch < 10; batch++) {
            TreeMap<Long, Long> changes = inHomeOrder();
            for (int i = 0; i < 5_000; i++) changes.put(random.nextLong(), counts(random));
            writeInPlace(changes);
        }
        long pagesInPlace = leafPages();
        TreeMap<Long, Long> changes = inHomeOrder();
        changes.put(random.nextLong(), counts(random));
        repack(changes);
        assertStoreMatchesModel(random);
        List<Integer> sizes = groupSizes();
        assertThat(sizes.subList(0, sizes.size() - 1)).allSatisfy(size -> assertThat(size).isEqualTo(GroupRepacker.PACKED_PAIRS));
        // Three groups per page.
        assertThat(leafPages()).isEqualTo(Math.ceilDiv(sizes.size(), 3)).isLessThan(pagesInPlace);
    }

    @Test
    void deletingEveryTokenLeavesNoGroup() {
        TreeMap<Long, Long> changes = inHomeOrder();
        for (long t = 1; t <= 500; t++) changes.put(t, Counts.pack(1, 2));
        repack(changes);
        TreeMap<Long, Long> deletions = inHomeOrder();
        for (long t : changes.keySet()) deletions.put(t, 0L);
        repack(deletions);
        assertThat(groupSizes()).isEmpty();
        assertStoreMatchesModel(new SplittableRandom(1));
    }

    /** As LmdbWriteView's flush does: the old groups from a read transaction of the parent, the database emptied, then appended. */
    private void repack(TreeMap<Long, Long> changes) {
        try (Txn<ByteBuffer> parent = env.txnRead(); Txn<ByteBuffer> txn = env.txnWrite()) {
            dbs.tokens().drop(txn);
            try (Cursor<ByteBuffer> old = dbs.tokens().openCursor(parent); Cursor<ByteBuffer> out = dbs.tokens().openCursor(txn)) {
                GroupRepacker repacker = new GroupRepacker(old, out, buffers);
                changes.forEach(repacker::accept);
                repacker.finish();
            }
            txn.commit();
        }
        apply(changes);
    }

    private void writeInPlace(TreeMap<Long, Long> changes) {
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            try (Cursor<ByteBuffer> cursor = dbs.tokens().openCursor(txn)) {
                GroupWriter writer = new GroupWriter(cursor, buffers);
                changes.forEach(writer::accept);
                writer.finish();
            }
            txn.commit();
        }
        apply(changes);
    }

    private void apply(TreeMap<Long, Long> changes) {
        changes.forEach((token, counts) -> {
            if (counts == 0) model.remove(token);
            else model.put(token, counts);
        });
    }

    private void assertStoreMatchesModel(SplittableRandom random) {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            TreeMap<Long, Long> stored = inHomeOrder();
            List<Long> order = new ArrayList<>();
            TokenGroups.forEach(dbs.tokens(), txn, (token, counts) -> {
                order.add(token);
                stored.put(token, counts);
            });
            assertThat(order).containsExactlyElementsOf(stored.keySet());
            assertThat(stored).isEqualTo(model);
            Long previousLast = null;
            try (CursorIterable<ByteBuffer> all = dbs.tokens().iterate(txn)) {
                for (KeyVal<ByteBuffer> kv : all) {
                    long start = kv.key().getLong(0);
                    ByteBuffer value = kv.val();
                    int n = TokenGroups.pairCount(value);
                    assertThat(n).isBetween(1, TokenGroups.MAX_PAIRS);
                    assertThat(Long.compareUnsigned(start, TokenGroups.homeOrderAt(value, 0))).isLessThanOrEqualTo(0);
                    if (previousLast != null) assertThat(Long.compareUnsigned(previousLast, start)).isNegative();
                    previousLast = TokenGroups.homeOrderAt(value, n - 1);
                }
            }
            try (Cursor<ByteBuffer> cursor = dbs.tokens().openCursor(txn)) {
                for (int i = 0; i < 300 && !model.isEmpty(); i++) {
                    long held = someHeld(random);
                    assertThat(TokenGroups.countsOf(cursor, buffers, held)).isEqualTo(model.get(held));
                    long any = random.nextLong();
                    assertThat(TokenGroups.countsOf(cursor, buffers, any)).isEqualTo(model.getOrDefault(any, 0L));
                }
            }
        }
    }

    private long someHeld(SplittableRandom random) {
        Long token = model.ceilingKey(random.nextLong());
        return token != null ? token : model.firstKey();
    }

    private List<Integer> groupSizes() {
        List<Integer> sizes = new ArrayList<>();
        try (Txn<ByteBuffer> txn = env.txnRead(); CursorIterable<ByteBuffer> all = dbs.tokens().iterate(txn)) {
            for (KeyVal<ByteBuffer> kv : all) sizes.add(TokenGroups.pairCount(kv.val()));
        }
        return sizes;
    }

    private long leafPages() {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            Stat stat = dbs.tokens().stat(txn);
            return stat.leafPages;
        }
    }

    private static TreeMap<Long, Long> inHomeOrder() {
        return new TreeMap<>((a, b) -> Long.compareUnsigned(LinearProbing.homeOrder(a), LinearProbing.homeOrder(b)));
    }

    private static long counts(SplittableRandom random) {
        return Counts.pack(random.nextInt(1, 1_000), random.nextInt(1_000));
    }
}
