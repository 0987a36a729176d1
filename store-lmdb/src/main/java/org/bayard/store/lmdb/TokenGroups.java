package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import org.bayard.core.store.ReadView.TokenCountsConsumer;
import org.lmdbjava.Cursor;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.CursorIterable.KeyVal;
import org.lmdbjava.Dbi;
import org.lmdbjava.GetOp;
import org.lmdbjava.Txn;

/**
 * How the tokens database holds counts (format 3): tokens in groups of tokens consecutive in
 * home order ({@link LinearProbing#homeOrder}, the order of the heap mirror's slots), one LMDB
 * entry per group. The key is the home order of the group's start (8 bytes, big-endian, so that
 * LMDB's byte order is the unsigned order of home orders), the value its tokens' (home order,
 * packed counts) pairs, 16 bytes each, big-endian, ascending as unsigned numbers. A group holds
 * the stored tokens from its start up to the next group's start, all of them with nonzero
 * counts; the first group may start above the smallest token ever written, since
 * {@link GroupWriter}, which merges changes into their groups in place, never moves a start.
 * {@link GroupRepacker}, which writes every group anew when a batch changes most of them, cuts
 * them afresh, each starting at its first token.
 *
 * <p>Why home order (format 2 kept groups in unsigned token order): the writer sorts each
 * batch's log by home order anyway, for the mirror's look-ups and its update, and had to sort
 * the changed counts a second time, into token order, to write the groups (LogRuns'
 * forEachInUnsignedOrder: 10.5 ms per batch of 2,000 as measured in TopBitsRadix; a third of
 * the writer's Java samples with the GroupWriter it fed). In home order one sort serves all
 * three, and the mirror is built from a walk of the groups front to back through its slots,
 * as a rehash fills a table. Measured against format 2 (the spamassassin corpus in
 * batches of 2,000 into a fresh store per pass, -Xmx512m, old and new jar alternating in two
 * class loaders of one JVM, each side's lesser CPU of two passes per pair, on a 2-core machine
 * loaded to 5-7): the writer thread's CPU, median pair ratio 0.934 (11 pairs; 67.7 us per
 * message down to 60.6), and 0.955 with the jars in the other order (11 pairs; 64.0 to 62.1);
 * an A/A run 0.986. Again on the final code: 0.880 (68.4 to 59.6) and 0.924 the other way
 * round (1/1.082), A/A 1.017. Single passes per side gave 0.951 and 0.936 (A/A 1.14). All six
 * runs together: about 0.93, 4 to 5 us per message. A mirror build
 * (the 1.23 million tokens of the trained corpus, the thread's CPU, median of 7 builds per JVM,
 * 7 JVMs of each alternating): 120 ms down to 35 (median ratio 0.29). Look-ups without the
 * mirror (-Xmx64m; 1,000 messages, each in a read view of its own, the same harness): median
 * pair ratio 1.05, and 0.985 with the jars in the other order (11 pairs each; 150-220 us per
 * message; an A/A run 1.13): no change the machine resolves, as a look-up only adds a mix.
 *
 * <p>Why pairs hold home orders rather than tokens (the mix is a bijection, so either would
 * do): the merge of a group ({@link GroupWriter}) and the search of one ({@link #countsOf})
 * compare the stored numbers as they are, and a token is mixed once per change or look-up;
 * stored tokens would be mixed at each comparison, about once per stored token of every group
 * a batch rewrites (~1.2 million at batches of 2,000, against ~550k changes). What it costs:
 * each token read is unmixed ({@link #tokenAt}), 1.4 ns (a mix 0.5; 1.2 million random
 * values, thread CPU time, the best of 30 loops), about 2 ms for a mirror build of the
 * corpus's 1.2 million tokens.
 *
 * <p>Why groups: a commit of learned mail changes tokens spread evenly by their hash over the
 * whole key range, so one LMDB put per token paid a B-tree search and insert each (~380 ns; the
 * puts were 55% of the writer's CPU), while every leaf page was copied and written anyway. One
 * put per group of 64-120 tokens writes about the same pages with a tenth of the searches.
 * Measured (CPU time of the writer thread, the spamassassin corpus into a fresh store, old and
 * new jar alternating in one JVM, median pair ratios): 500 messages per transaction, writer
 * about 215 to 160 us per message (0.70, 0.75 and 0.77 in three runs of 5 to 8 pairs; the puts
 * 135 to 52 us, the commit 27 to 20); 37 per transaction 0.90; one message per transaction 1.05 (each learn
 * rewrites ~600 whole groups: +0.3 ms of CPU on 5 ms, most of it the fsyncs). Lookups that miss
 * the heap mirror (a 64 MB heap) cost the same (1.03, inside the noise); the mirror is built
 * 2-5x faster (one cursor step per group), and the data file is 95 MB instead of 126.
 * Tried first (prototype, same harness): groups by the top 16 bits of the token, 19 tokens
 * each, 0.85; by the top 14 bits, 75 each, 0.65; by the top 12, 300 each (overflow pages), no
 * better. Fixed prefixes do not follow the store's growth, hence groups cut by size. (These
 * measurements were of format 2, groups in token order: tokens are hashes, spread over the key
 * range as evenly as their home orders are, so the pages touched are the same.)
 */
final class TokenGroups {
    static final int PAIR_BYTES = 16;
    /**
     * Most pairs in one group: 1,920 bytes, which with its key and node header still fits the
     * half page past which LMDB moves a value to overflow pages of its own (a whole page each,
     * rewritten whole at every change).
     */
    static final int MAX_PAIRS = 120;
    /** Pairs per group when a group outgrows {@link #MAX_PAIRS} and is cut: room for ~60 more tokens each. */
    static final int CUT_PAIRS = 64;

    private TokenGroups() {}

    /** Pairs in a group's value. */
    static int pairCount(ByteBuffer value) {
        return value.limit() / PAIR_BYTES;
    }

    /** The home order of the token of pair {@code pair}, the key pairs and groups ascend by. */
    static long homeOrderAt(ByteBuffer value, int pair) {
        return value.getLong(pair * PAIR_BYTES);
    }

    /** The token of pair {@code pair}, unmixed from its home order. */
    static long tokenAt(ByteBuffer value, int pair) {
        return LinearProbing.tokenOf(homeOrderAt(value, pair));
    }

    static long countsAt(ByteBuffer value, int pair) {
        return value.getLong(pair * PAIR_BYTES + Long.BYTES);
    }

    /**
     * Moves {@code cursor} to the group that would hold the token of home order {@code home}: the
     * one with the greatest start not above it. False, with the cursor anywhere, when every group
     * starts above it.
     */
    static boolean seekGroupOf(Cursor<ByteBuffer> cursor, Buffers buffers, long home) {
        if (!cursor.get(buffers.tokenKey(home), GetOp.MDB_SET_RANGE)) return cursor.last();
        return startOf(cursor) == home || cursor.prev();
    }

    /**
     * The start of the group under {@code cursor}, as a home order. A key of another size is a
     * damaged page (it ended a train in an IndexOutOfBoundsException, an internal error).
     */
    static long startOf(Cursor<ByteBuffer> cursor) {
        ByteBuffer key = cursor.key();
        if (key.remaining() != Long.BYTES) {
            throw new DamagedRecordException("a key of its tokens database is " + key.remaining() + " bytes long, where the store writes 8");
        }
        return key.getLong(0);
    }

    /** The counts of {@code token} in the store, 0 if it holds none, by {@code cursor} of the tokens database. */
    static long countsOf(Cursor<ByteBuffer> cursor, Buffers buffers, long token) {
        long home = LinearProbing.homeOrder(token);
        if (!seekGroupOf(cursor, buffers, home)) return 0;
        ByteBuffer value = cursor.val();
        int lo = 0, hi = pairCount(value) - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(homeOrderAt(value, mid), home);
            if (c == 0) return countsAt(value, mid);
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return 0;
    }

    /** Every stored token and its counts, in home order. */
    static void forEach(Dbi<ByteBuffer> tokens, Txn<ByteBuffer> txn, TokenCountsConsumer consumer) {
        try (CursorIterable<ByteBuffer> all = tokens.iterate(txn)) {
            for (KeyVal<ByteBuffer> kv : all) {
                ByteBuffer value = kv.val();
                for (int i = 0, n = pairCount(value); i < n; i++) consumer.accept(tokenAt(value, i), countsAt(value, i));
            }
        }
    }

    /**
     * Every stored token's home order and counts, in home order, as the groups hold them: for a
     * build of the mirror, which takes each token's home from its home order.
     */
    static void forEachHomeOrder(Dbi<ByteBuffer> tokens, Txn<ByteBuffer> txn, TokenCountsConsumer consumer) {
        try (CursorIterable<ByteBuffer> all = tokens.iterate(txn)) {
            for (KeyVal<ByteBuffer> kv : all) {
                ByteBuffer value = kv.val();
                for (int i = 0, n = pairCount(value); i < n; i++) consumer.accept(homeOrderAt(value, i), countsAt(value, i));
            }
        }
    }

    /** How many tokens the store holds: a walk over the groups, about one per 90 tokens. */
    static long count(Dbi<ByteBuffer> tokens, Txn<ByteBuffer> txn) {
        long count = 0;
        try (CursorIterable<ByteBuffer> all = tokens.iterate(txn)) {
            for (KeyVal<ByteBuffer> kv : all) count += pairCount(kv.val());
        }
        return count;
    }

    /**
     * A group's value as longs of its big-endian numbers read little-endian, that is
     * byte-reversed ({@link Long#reverseBytes} turns them into numbers and back): a little-endian
     * machine then copies groups in and out of LMDB without swapping bytes, and the merge reverses
     * only the home orders it compares. Shared by GroupWriter and GroupRepacker; not on lmdbjava's buffer itself, which it reuses.
     */
    static LongBuffer asStored(ByteBuffer value) {
        return value.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
    }

    /**
     * Copies a group's pairs out of LMDB's page, as {@link #asStored} reads them, in one bulk
     * copy, into {@code into} or, if it is too short, a longer array; returns the array used.
     */
    static long[] copyStored(ByteBuffer value, long[] into) {
        int longs = 2 * pairCount(value);
        long[] out = into.length >= longs ? into : new long[longs];
        asStored(value).get(out, 0, longs);
        return out;
    }
}
