package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.lmdbjava.Txn;

/** Token groups written by GroupWriter, read back raw and against a model of every token's counts. */
class GroupWriterTest {
    @TempDir
    Path tmp;

    private Env<ByteBuffer> env;
    private Databases dbs;
    private final Buffers buffers = new Buffers();
    /** What the store should hold, in unsigned token order. */
    private final TreeMap<Long, Long> model = new TreeMap<>(Long::compareUnsigned);

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
    void randomChangesReadBackExactlyAndGroupsKeepTheirShape() {
        SplittableRandom random = new SplittableRandom(7);
        // Edges of the unsigned order among random tokens: 0, the top bit, all ones.
        long[] edges = {0, 1, Long.MAX_VALUE, Long.MIN_VALUE, -1};
        for (int round = 0; round < 30; round++) {
            TreeMap<Long, Long> changes = new TreeMap<>(Long::compareUnsigned);
            for (int i = 0; i < 2_000; i++) {
                // Half new tokens, half tokens held already (changed, or deleted with counts 0).
                if (model.isEmpty() || random.nextBoolean()) changes.put(random.nextLong(), counts(random));
                else changes.put(someHeld(random), random.nextInt(4) == 0 ? 0 : counts(random));
            }
            if (round % 5 == 0) for (long edge : edges) changes.put(edge, random.nextBoolean() ? 0 : counts(random));
            write(changes);
            assertStoreMatchesModel(random);
        }
    }

    @Test
    void aGroupThatOutgrowsTheLimitIsCutAndAnEmptiedOneIsDeleted() {
        TreeMap<Long, Long> changes = new TreeMap<>(Long::compareUnsigned);
        for (long t = 1_000; t < 1_000 + 10 * TokenGroups.MAX_PAIRS; t++) changes.put(t, Counts.pack(1, 0));
        write(changes);
        List<Integer> sizes = groupSizes();
        assertThat(sizes).hasSizeGreaterThan(1).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(TokenGroups.MAX_PAIRS));
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10 * TokenGroups.MAX_PAIRS);

        TreeMap<Long, Long> deletions = new TreeMap<>(Long::compareUnsigned);
        for (long t : changes.keySet()) deletions.put(t, 0L);
        write(deletions);
        assertThat(groupSizes()).isEmpty();
    }

    @Test
    void valuesHoldBigEndianPairsAndCutPartsStartAtTheirFirstTokens() {
        long token = 0x0102_0304_0506_0708L;
        write(new TreeMap<>(Map.of(token, Counts.pack(3, 4))));
        ByteBuffer expected = ByteBuffer.allocate(TokenGroups.PAIR_BYTES).putLong(token).putLong(Counts.pack(3, 4)).flip();
        assertThat(rawValues()).containsExactly(expected);

        TreeMap<Long, Long> changes = new TreeMap<>(Long::compareUnsigned);
        for (long t = token + 1; t <= token + 3 * TokenGroups.MAX_PAIRS; t++) changes.put(t, Counts.pack(1, 0));
        write(changes);
        List<Long> firstTokens = new ArrayList<>();
        for (ByteBuffer value : rawValues()) firstTokens.add(value.getLong(0));
        assertThat(groupStarts()).hasSizeGreaterThan(1).isEqualTo(firstTokens);
        assertStoreMatchesModel(new SplittableRandom(3));
    }

    @Test
    void tokensBelowEveryGroupStartANewGroupAndLaterOnesJoinTheLast() {
        write(new TreeMap<>(Map.of(500L, Counts.pack(1, 0))));
        write(new TreeMap<>(Map.of(100L, Counts.pack(0, 1), 900L, Counts.pack(2, 2))));
        assertThat(groupStarts()).containsExactly(100L, 500L);
        assertStoreMatchesModel(new SplittableRandom(1));
    }

    @Test
    void groupsFollowTheUnsignedOrderAcrossTheTopBit() {
        long high = 0x7000_0000_0000_0000L;
        long aboveTopBit = 0x8000_0000_0000_0005L;
        write(new TreeMap<>(Map.of(high, Counts.pack(1, 0))));
        write(new TreeMap<>(Map.of(10L, Counts.pack(1, 0))));
        TreeMap<Long, Long> changes = new TreeMap<>(Long::compareUnsigned);
        changes.put(11L, Counts.pack(2, 0));
        changes.put(aboveTopBit, Counts.pack(0, 3));
        write(changes);
        assertThat(groupStarts()).containsExactly(10L, high);
        assertStoreMatchesModel(new SplittableRandom(2));
    }

    private static long counts(SplittableRandom random) {
        return Counts.pack(random.nextInt(1, 1_000), random.nextInt(1_000));
    }

    private long someHeld(SplittableRandom random) {
        Long token = model.ceilingKey(random.nextLong());
        return token != null ? token : model.firstKey();
    }

    private void write(TreeMap<Long, Long> changes) {
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            try (Cursor<ByteBuffer> cursor = dbs.tokens().openCursor(txn)) {
                GroupWriter writer = new GroupWriter(cursor, buffers);
                changes.forEach(writer::accept);
                writer.finish();
            }
            txn.commit();
        }
        changes.forEach((token, counts) -> {
            if (counts == 0) model.remove(token);
            else model.put(token, counts);
        });
    }

    private void assertStoreMatchesModel(SplittableRandom random) {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            TreeMap<Long, Long> stored = new TreeMap<>(Long::compareUnsigned);
            List<Long> order = new ArrayList<>();
            TokenGroups.forEach(dbs.tokens(), txn, (token, counts) -> {
                order.add(token);
                stored.put(token, counts);
            });
            assertThat(order).containsExactlyElementsOf(stored.keySet());
            assertThat(stored).isEqualTo(model);
            assertThat(TokenGroups.count(dbs.tokens(), txn)).isEqualTo(model.size());
            assertGroupsWellFormed(txn);
            try (Cursor<ByteBuffer> cursor = dbs.tokens().openCursor(txn)) {
                for (int i = 0; i < 500 && !model.isEmpty(); i++) {
                    long held = someHeld(random);
                    assertThat(TokenGroups.countsOf(cursor, buffers, held)).isEqualTo(model.get(held));
                    long any = random.nextLong();
                    assertThat(TokenGroups.countsOf(cursor, buffers, any)).isEqualTo(model.getOrDefault(any, 0L));
                }
            }
        }
    }

    /** Each group nonempty, within the limit, sorted, starting at or below its first token and above the previous group's last. */
    private void assertGroupsWellFormed(Txn<ByteBuffer> txn) {
        Long previousLast = null;
        try (CursorIterable<ByteBuffer> all = dbs.tokens().iterate(txn)) {
            for (KeyVal<ByteBuffer> kv : all) {
                long start = kv.key().getLong(0);
                ByteBuffer value = kv.val();
                int n = TokenGroups.pairCount(value);
                assertThat(n).isBetween(1, TokenGroups.MAX_PAIRS);
                assertThat(Long.compareUnsigned(start, TokenGroups.tokenAt(value, 0))).isLessThanOrEqualTo(0);
                if (previousLast != null) assertThat(Long.compareUnsigned(previousLast, start)).isNegative();
                for (int i = 1; i < n; i++) {
                    assertThat(Long.compareUnsigned(TokenGroups.tokenAt(value, i - 1), TokenGroups.tokenAt(value, i))).isNegative();
                }
                previousLast = TokenGroups.tokenAt(value, n - 1);
            }
        }
    }

    /** Every group's value, copied out of LMDB. */
    private List<ByteBuffer> rawValues() {
        List<ByteBuffer> values = new ArrayList<>();
        try (Txn<ByteBuffer> txn = env.txnRead(); CursorIterable<ByteBuffer> all = dbs.tokens().iterate(txn)) {
            for (KeyVal<ByteBuffer> kv : all) values.add(ByteBuffer.allocate(kv.val().remaining()).put(kv.val()).flip());
        }
        return values;
    }

    private List<Integer> groupSizes() {
        List<Integer> sizes = new ArrayList<>();
        try (Txn<ByteBuffer> txn = env.txnRead(); CursorIterable<ByteBuffer> all = dbs.tokens().iterate(txn)) {
            for (KeyVal<ByteBuffer> kv : all) sizes.add(TokenGroups.pairCount(kv.val()));
        }
        return sizes;
    }

    private List<Long> groupStarts() {
        List<Long> starts = new ArrayList<>();
        try (Txn<ByteBuffer> txn = env.txnRead(); CursorIterable<ByteBuffer> all = dbs.tokens().iterate(txn)) {
            for (KeyVal<ByteBuffer> kv : all) starts.add(kv.key().getLong(0));
        }
        return starts;
    }
}
