package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bayard.core.store.Counts;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.lmdbjava.Cursor;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.CursorIterable.KeyVal;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/**
 * For the tests of the token groups' two writers: a bare LMDB environment holding only the
 * store's databases, the writers driven as the write view drives them, and a model of what the
 * tokens database should hold, every token's counts in home order, to check it against. A test
 * registers one per test instance ({@code @RegisterExtension}), which opens a fresh environment
 * in a directory of its own before each test and removes it after.
 */
final class StoredGroups implements BeforeEachCallback, AfterEachCallback {
    private Path dir;
    Env<ByteBuffer> env;
    Databases dbs;
    final Buffers buffers = new Buffers();
    /** What the store should hold, in home order. */
    final TreeMap<Long, Long> model = inHomeOrder();

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("bayard-groups");
        env = Env.create().setMapSize(1L << 30).setMaxDbs(Databases.COUNT).open(dir.toFile(), EnvFlags.MDB_NOTLS);
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            dbs = Databases.openOrCreate(env, txn);
            txn.commit();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        env.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** Merges the changes into their groups in place, as a flush of few changes per group does. */
    void writeInPlace(TreeMap<Long, Long> changes) {
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

    /** As LmdbWriteView's flush repacks: the old groups from a read transaction of the parent, the database emptied, then appended. */
    void repack(TreeMap<Long, Long> changes) {
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

    /** As LmdbWriteView's flush merges a batch of summed runs in place. Returns what it wrote per token. */
    TreeMap<Long, Long> writeInPlaceAddingSums(TreeMap<Long, Long> sums) {
        TreeMap<Long, Long> written = inHomeOrder();
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            try (Cursor<ByteBuffer> cursor = dbs.tokens().openCursor(txn)) {
                GroupWriter writer = new GroupWriter(cursor, buffers);
                sums.forEach((token, sum) -> written.put(token, writer.addSums(LinearProbing.homeOrder(token), sum)));
                writer.finish();
            }
            txn.commit();
        }
        apply(written);
        return written;
    }

    /**
     * As LmdbWriteView's flush repacks a batch of summed runs: each token's sums added to the
     * counts it had, which the repack finds in the old groups. Returns what it wrote per token.
     */
    TreeMap<Long, Long> repackAddingSums(TreeMap<Long, Long> sums) {
        TreeMap<Long, Long> written = inHomeOrder();
        try (Txn<ByteBuffer> parent = env.txnRead(); Txn<ByteBuffer> txn = env.txnWrite()) {
            dbs.tokens().drop(txn);
            try (Cursor<ByteBuffer> old = dbs.tokens().openCursor(parent); Cursor<ByteBuffer> out = dbs.tokens().openCursor(txn)) {
                GroupRepacker repacker = new GroupRepacker(old, out, buffers);
                long[] homes = sums.keySet().stream().mapToLong(LinearProbing::homeOrder).toArray();
                long[] sumsInOrder = sums.values().stream().mapToLong(Long::longValue).toArray();
                long[] counts = new long[homes.length];
                repacker.addSums(homes, sumsInOrder, counts, homes.length);
                repacker.finish();
                int run = 0;
                for (long token : sums.keySet()) written.put(token, counts[run++]);
            }
            txn.commit();
        }
        apply(written);
        return written;
    }

    private void apply(TreeMap<Long, Long> changes) {
        changes.forEach((token, counts) -> {
            if (counts == 0) model.remove(token);
            else model.put(token, counts);
        });
    }

    /** Every stored token and its counts equal the model's, in home order; the groups are well formed; look-ups find the model's counts. */
    void assertMatchesModel(SplittableRandom random) {
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

    /** A token the model holds, picked at random. */
    long someHeld(SplittableRandom random) {
        Long token = model.ceilingKey(random.nextLong());
        return token != null ? token : model.firstKey();
    }

    /** One value per group, in key order, from what {@code read} takes of each key and value. */
    <T> List<T> eachGroup(Function<KeyVal<ByteBuffer>, T> read) {
        List<T> out = new ArrayList<>();
        try (Txn<ByteBuffer> txn = env.txnRead(); CursorIterable<ByteBuffer> all = dbs.tokens().iterate(txn)) {
            for (KeyVal<ByteBuffer> kv : all) out.add(read.apply(kv));
        }
        return out;
    }

    List<Integer> groupSizes() {
        return eachGroup(kv -> TokenGroups.pairCount(kv.val()));
    }

    long leafPages() {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            return dbs.tokens().stat(txn).leafPages;
        }
    }

    static TreeMap<Long, Long> inHomeOrder() {
        return new TreeMap<>((a, b) -> Long.compareUnsigned(LinearProbing.homeOrder(a), LinearProbing.homeOrder(b)));
    }

    static TreeMap<Long, Long> inHomeOrder(Map<Long, Long> changes) {
        TreeMap<Long, Long> ordered = inHomeOrder();
        ordered.putAll(changes);
        return ordered;
    }

    static long counts(SplittableRandom random) {
        return Counts.pack(random.nextInt(1, 1_000), random.nextInt(1_000));
    }
}
