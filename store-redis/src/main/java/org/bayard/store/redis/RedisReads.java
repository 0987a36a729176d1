package org.bayard.store.redis;

import static org.bayard.store.redis.RespConnection.bytes;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.bayard.core.store.Digest;
import org.bayard.core.store.ReadView.TokenCountsConsumer;
import org.bayard.core.store.Totals;

/** The store's reads, each one answered by the server as it is at that moment. */
final class RedisReads {
    /** Fields asked for in one HMGET; a lookup sends as many as it needs in one pipeline. */
    private static final int FIELDS_PER_COMMAND = 1024;
    private static final byte[] SCAN_COUNT = bytes("1000");
    /** The cursor HSCAN begins with and ends on. */
    private static final byte[] START = bytes("0");
    // the commands as bytes once: a lookup, one per message scored, sends HMGET twice or more
    private static final byte[] HMGET = bytes("HMGET");
    private static final byte[] HGET = bytes("HGET");
    private static final byte[] HLEN = bytes("HLEN");
    private static final byte[] HSCAN = bytes("HSCAN");
    private static final byte[] COUNT = bytes("COUNT");
    private static final byte[] HAM = bytes("ham");
    private static final byte[] SPAM = bytes("spam");

    private final RedisCalls calls;
    private final RedisKeys keys;

    RedisReads(RedisCalls calls, RedisKeys keys) {
        this.calls = calls;
        this.keys = keys;
    }

    Totals totals() {
        List<?> values = (List<?>) calls.call(HMGET, keys.totals(), HAM, SPAM);
        return new Totals(decimal(values.get(0)), decimal(values.get(1)));
    }

    private long decimal(Object value) {
        if (value == null) return 0;
        String s = new String((byte[]) value, java.nio.charset.StandardCharsets.US_ASCII);
        try {
            return Math.max(0, Long.parseLong(s));
        } catch (NumberFormatException e) {
            throw new GarbledValueException("its totals hold '" + s + "', not a number");
        }
    }

    /**
     * Fills {@code out[0..count)} with the packed counts of {@code tokens[0..count)} (0 for
     * unknown ones) and returns the totals, read right after them in the same round trip: the
     * counts and totals a message is scored with are at most the learns of that instant apart
     * (while a cluster moves the store's slot, the keys moved already are read in a second one).
     * Not in a MULTI transaction: Redis at its maxmemory refuses every command queued in one,
     * and scanning must go on then.
     */
    Totals lookup(long[] tokens, int count, long[] out) {
        List<byte[][]> commands = new ArrayList<>(count / FIELDS_PER_COMMAND + 2);
        for (int from = 0; from < count; from += FIELDS_PER_COMMAND) {
            int n = Math.min(FIELDS_PER_COMMAND, count - from);
            byte[][] args = new byte[2 + n][];
            args[0] = HMGET;
            args[1] = keys.tokens();
            for (int i = 0; i < n; i++) args[2 + i] = Bytes.of(tokens[from + i]);
            commands.add(args);
        }
        commands.add(new byte[][] {HMGET, keys.totals(), HAM, SPAM});
        Object[] replies = calls.pipeline(commands);
        int last = replies.length - 1;
        for (int k = 0, from = 0; k < last; k++, from += FIELDS_PER_COMMAND) {
            List<?> values = (List<?>) RespConnection.check(replies[k]);
            for (int i = 0; i < values.size(); i++) out[from + i] = counts(values.get(i));
        }
        List<?> totals = (List<?>) RespConnection.check(replies[last]);
        return new Totals(decimal(totals.get(0)), decimal(totals.get(1)));
    }

    private static long counts(Object value) {
        return value == null ? 0 : Bytes.toLong((byte[]) value, "a token's value");
    }

    /** The raw value of {@code digest}'s ledger field, or null. */
    byte[] ledgerValue(Digest digest) {
        return (byte[]) calls.call(HGET, keys.ledger(), digest.toBytes());
    }

    /** Visits every token once (HSCAN may return a field twice while the hash grows: seen ones are skipped). */
    void forEachToken(TokenCountsConsumer consumer) {
        LongOpenHashSet seen = new LongOpenHashSet();
        scan(keys.tokens(), (field, value) -> {
            long token = Bytes.toLong(field, "a token");
            if (seen.add(token)) consumer.accept(token, counts(value));
        });
    }

    /** Visits every ledger field once, with its digest and raw value. */
    void forEachLedgerValue(BiConsumer<Digest, byte[]> consumer) {
        Set<Digest> seen = new HashSet<>();
        scan(keys.ledger(), (field, value) -> {
            if (field.length != 16) throw new GarbledValueException("a ledger digest has " + field.length + " bytes, not 16");
            Digest digest = Digest.fromBytes(field);
            if (seen.add(digest)) consumer.accept(digest, value);
        });
    }

    /** Counts what {@code stats} reports, in one round trip. */
    long[] sizes() {
        Object[] replies = calls.pipeline(List.of(new byte[][] {HLEN, keys.tokens()}, new byte[][] {HLEN, keys.ledger()}));
        return new long[] {(Long) RespConnection.check(replies[0]), (Long) RespConnection.check(replies[1])};
    }

    /**
     * Pages through {@code key} with HSCAN. A cursor means something only on the node that gave it:
     * when the next page comes from another (the store's slot moved to it in a Redis Cluster), the
     * scan starts over there, and the callers skip the fields seen already.
     */
    private void scan(byte[] key, BiConsumer<byte[], byte[]> fieldAndValue) {
        byte[] cursor = START;
        String node = null;
        while (true) {
            RedisCalls.Replies page = calls.exchange(List.<byte[][]>of(new byte[][] {HSCAN, key, cursor, COUNT, SCAN_COUNT}), 0);
            boolean moved = node != null && !node.equals(page.lastFrom());
            node = page.lastFrom();
            if (moved) {
                cursor = START;
                continue;
            }
            List<?> reply = (List<?>) RespConnection.check(page.values()[0]);
            cursor = (byte[]) reply.get(0);
            List<?> items = (List<?>) reply.get(1);
            for (int i = 0; i + 1 < items.size(); i += 2) fieldAndValue.accept((byte[]) items.get(i), (byte[]) items.get(i + 1));
            if (isStart(cursor)) return;
        }
    }

    private static boolean isStart(byte[] cursor) {
        return cursor.length == 1 && cursor[0] == '0';
    }

    RedisKeys keys() {
        return keys;
    }
}
