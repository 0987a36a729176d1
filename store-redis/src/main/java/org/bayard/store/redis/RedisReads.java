package org.bayard.store.redis;

import static org.bayard.store.redis.RespConnection.bytes;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
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
    // the commands as bytes once: a lookup, one per message scored, sends HMGET twice or more
    private static final byte[] HMGET = bytes("HMGET");
    private static final byte[] HGET = bytes("HGET");
    private static final byte[] HLEN = bytes("HLEN");
    private static final byte[] HSCAN = bytes("HSCAN");
    private static final byte[] COUNT = bytes("COUNT");
    private static final byte[] HAM = bytes("ham");
    private static final byte[] SPAM = bytes("spam");

    private final RedisConnections connections;
    private final RedisKeys keys;

    RedisReads(RedisConnections connections, RedisKeys keys) {
        this.connections = connections;
        this.keys = keys;
    }

    Totals totals() {
        List<?> values = (List<?>) connections.with(c -> c.call(HMGET, keys.totals(), HAM, SPAM));
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
     * counts and totals a message is scored with are at most the learns of that instant apart.
     * Not in a MULTI transaction: Redis at its maxmemory refuses every command queued in one,
     * and scanning must go on then.
     */
    Totals lookup(long[] tokens, int count, long[] out) {
        return connections.with(c -> {
            int commands = 0;
            for (int from = 0; from < count; from += FIELDS_PER_COMMAND, commands++) {
                int n = Math.min(FIELDS_PER_COMMAND, count - from);
                byte[][] args = new byte[2 + n][];
                args[0] = HMGET;
                args[1] = keys.tokens();
                for (int i = 0; i < n; i++) args[2 + i] = Bytes.of(tokens[from + i]);
                c.send(args);
            }
            c.send(HMGET, keys.totals(), HAM, SPAM);
            c.flush();
            // every reply is read before any is judged, so the connection stays in step whatever they hold
            Object[] replies = new Object[commands + 1];
            for (int k = 0; k < replies.length; k++) replies[k] = c.read();
            for (int k = 0, from = 0; k < commands; k++, from += FIELDS_PER_COMMAND) {
                List<?> values = (List<?>) RespConnection.check(replies[k]);
                for (int i = 0; i < values.size(); i++) out[from + i] = counts(values.get(i));
            }
            List<?> totals = (List<?>) RespConnection.check(replies[commands]);
            return new Totals(decimal(totals.get(0)), decimal(totals.get(1)));
        });
    }

    private static long counts(Object value) {
        return value == null ? 0 : Bytes.toLong((byte[]) value, "a token's value");
    }

    /** The raw value of {@code digest}'s ledger field, or null. */
    byte[] ledgerValue(Digest digest) {
        return (byte[]) connections.with(c -> c.call(HGET, keys.ledger(), digest.toBytes()));
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
        return connections.with(c -> {
            c.send(HLEN, keys.tokens());
            c.send(HLEN, keys.ledger());
            c.flush();
            Object tokens = c.read();
            Object ledger = c.read();
            return new long[] {(Long) RespConnection.check(tokens), (Long) RespConnection.check(ledger)};
        });
    }

    private void scan(byte[] key, BiConsumer<byte[], byte[]> fieldAndValue) {
        byte[] cursor = bytes("0");
        do {
            byte[] at = cursor;
            List<?> reply = (List<?>) connections.with(c -> c.call(HSCAN, key, at, COUNT, SCAN_COUNT));
            cursor = (byte[]) reply.get(0);
            List<?> items = (List<?>) reply.get(1);
            for (int i = 0; i + 1 < items.size(); i += 2) fieldAndValue.accept((byte[]) items.get(i), (byte[]) items.get(i + 1));
        } while (!(cursor.length == 1 && cursor[0] == '0'));
    }

    RedisKeys keys() {
        return keys;
    }
}
