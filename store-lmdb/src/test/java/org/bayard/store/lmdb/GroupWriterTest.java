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

/** Token groups (format 3: by home order) written by GroupWriter, read back raw and against a model of every token's counts. */
class GroupWriterTest {
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
    void randomChangesReadBackExactlyAndGroupsKeepTheirShape() {
        SplittableRandom random = new SplittableRandom(7);
        // Edges of the unsigned order among random tokens, as tokens and as home orders: 0, the top bit, all ones.
        long[] edges = {0, 1, Long.MAX_VALUE, Long.MIN_VALUE, -1, LinearProbing.tokenOf(1), LinearProbing.tokenOf(Long.MAX_VALUE),
            LinearProbing.tokenOf(Long.MIN_VALUE), LinearProbing.tokenOf(-1)};
        for (int round = 0; round < 30; round++) {
            TreeMap<Long, Long> changes = inHomeOrder();
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
        TreeMap<Long, Long> changes = inHomeOrder();
        for (long t = 1_000; t < 1_000 + 10 * TokenGroups.MAX_PAIRS; t++) changes.put(t, Counts.pack(1, 0));
        write(changes);
        List<Integer> sizes = groupSizes();
        assertThat(sizes).hasSizeGreaterThan(1).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(TokenGroups.MAX_PAIRS));
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10 * TokenGroups.MAX_PAIRS);

        TreeMap<Long, Long> deletions = inHomeOrder();
        for (long t : changes.keySet()) deletions.put(t, 0L);
        write(deletions);
        assertThat(groupSizes()).isEmpty();
    }

    @Test
    void valuesHoldBigEndianPairsOfHomeOrderAndCountsAndCutPartsStartAtTheirFirstTokens() {
        long token = 0x0102_0304_0506_0708L;
        write(inHomeOrder(Map.of(token, Counts.pack(3, 4))));
        ByteBuffer expected = ByteBuffer.allocate(TokenGroups.PAIR_BYTES)
                .putLong(LinearProbing.homeOrder(token)).putLong(Counts.pack(3, 4)).flip();
        assertThat(rawValues()).containsExactly(expected);
        assertThat(groupStarts()).containsExactly(LinearProbing.homeOrder(token));

        TreeMap<Long, Long> changes = inHomeOrder();
        for (long t = token + 1; t <= token + 3 * TokenGroups.MAX_PAIRS; t++) changes.put(t, Counts.pack(1, 0));
        write(changes);
        List<Long> firstTokens = new ArrayList<>();
        for (ByteBuffer value : rawValues()) firstTokens.add(value.getLong(0));
        assertThat(groupStarts()).hasSizeGreaterThan(1).isEqualTo(firstTokens);
        assertStoreMatchesModel(new SplittableRandom(3));
    }

    /** Tokens picked by their home orders 100, 500 and 900: the groups go by home order, not by token. */
    @Test
    void tokensBelowEveryGroupStartANewGroupAndLaterOnesJoinTheLast() {
        write(inHomeOrder(Map.of(LinearProbing.tokenOf(500), Counts.pack(1, 0))));
        write(inHomeOrder(Map.of(LinearProbing.tokenOf(100), Counts.pack(0, 1), LinearProbing.tokenOf(900), Counts.pack(2, 2))));
        assertThat(groupStarts()).containsExactly(100L, 500L);
        assertStoreMatchesModel(new SplittableRandom(1));
    }

    @Test
    void groupsFollowTheUnsignedHomeOrderAcrossTheTopBit() {
        long high = 0x7000_0000_0000_0000L;
        long aboveTopBit = 0x8000_0000_0000_0005L;
        write(inHomeOrder(Map.of(LinearProbing.tokenOf(high), Counts.pack(1, 0))));
        write(inHomeOrder(Map.of(LinearProbing.tokenOf(10), Counts.pack(1, 0))));
        TreeMap<Long, Long> changes = inHomeOrder();
        changes.put(LinearProbing.tokenOf(11), Counts.pack(2, 0));
        changes.put(LinearProbing.tokenOf(aboveTopBit), Counts.pack(0, 3));
        write(changes);
        assertThat(groupStarts()).containsExactly(10L, high);
        assertStoreMatchesModel(new SplittableRandom(2));
    }

    /** Token 0 (home order 0), -1 and consecutive small tokens, which the mix spreads over the whole range. */
    @Test
    void tokensThatAreNotHashesAreGroupedAndFoundByTheirHomeOrders() {
        TreeMap<Long, Long> changes = inHomeOrder();
        changes.put(0L, Counts.pack(7, 0));
        changes.put(-1L, Counts.pack(0, 7));
        for (long t = 1; t <= 5 * TokenGroups.MAX_PAIRS; t++) changes.put(t, Counts.pack((int) t, 1));
        write(changes);
        assertThat(groupStarts().getFirst()).isZero();
        assertStoreMatchesModel(new SplittableRandom(4));
        TreeMap<Long, Long> deletions = inHomeOrder();
        for (long t = 0; t <= 5 * TokenGroups.MAX_PAIRS; t += 2) deletions.put(t, 0L);
        write(deletions);
        assertStoreMatchesModel(new SplittableRandom(5));
    }

    private static TreeMap<Long, Long> inHomeOrder() {
        return new TreeMap<>((a, b) -> Long.compareUnsigned(LinearProbing.homeOrder(a), LinearProbing.homeOrder(b)));
    }

    private static TreeMap<Long, Long> inHomeOrder(Map<Long, Long> changes) {
        TreeMap<Long, Long> ordered = inHomeOrder();
        ordered.putAll(changes);
        return ordered;
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
            TreeMap<Long, Long> stored = inHomeOrder();
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

    /**
     * Each group nonempty, within the limit, sorted by home order, starting at or below its first
     * token's home order and above the previous group's last.
     */
    private void assertGroupsWellFormed(Txn<ByteBuffer> txn) {
        Long previousLast = null;
        try (CursorIterable<ByteBuffer> all = dbs.tokens().iterate(txn)) {
            for (KeyVal<ByteBuffer> kv : all) {
                long start = kv.key().getLong(0);
                ByteBuffer value = kv.val();
                int n = TokenGroups.pairCount(value);
                assertThat(n).isBetween(1, TokenGroups.MAX_PAIRS);
                assertThat(Long.compareUnsigned(start, TokenGroups.homeOrderAt(value, 0))).isLessThanOrEqualTo(0);
                if (previousLast != null) assertThat(Long.compareUnsigned(previousLast, start)).isNegative();
                for (int i = 1; i < n; i++) {
                    assertThat(Long.compareUnsigned(TokenGroups.homeOrderAt(value, i - 1), TokenGroups.homeOrderAt(value, i))).isNegative();
                    assertThat(LinearProbing.homeOrder(TokenGroups.tokenAt(value, i))).isEqualTo(TokenGroups.homeOrderAt(value, i));
                }
                previousLast = TokenGroups.homeOrderAt(value, n - 1);
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
