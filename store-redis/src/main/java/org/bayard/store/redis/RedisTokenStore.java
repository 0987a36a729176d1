package org.bayard.store.redis;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.bayard.store.redis.RespConnection.bytes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.bayard.core.store.IncompatibleStoreException;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.StoreStats;
import org.bayard.core.store.TokenStore;

/**
 * The token store in one Redis, shared by every node that names it. Learning is increments done
 * on the server by one script per write, so nodes never wait for each other; the script first
 * checks that the ledger entries the write read are still there as read, and when another node
 * learned or forgot the same message meanwhile, the write runs again on what is there now (the
 * contract lets a store run an action more than once). Reads are not snapshots (see
 * {@link RedisReadView}).
 */
public final class RedisTokenStore implements TokenStore {
    static final long FORMAT_VERSION = 1;
    /** Another node learning the same messages can make a write run again; this many times is no longer chance. */
    private static final int MAX_ATTEMPTS = 50;
    private static final byte[] FORMAT = bytes("format");
    private static final byte[] TOKENIZER = bytes("tokenizer-version");

    private final RedisSettings settings;
    private final RedisConnections connections;
    private final RedisCalls calls;
    private final RedisReads reads;
    private final CommitScript script = new CommitScript();
    private final int tokenizerVersion;
    private final ThreadLocal<Boolean> writing = new ThreadLocal<>();
    private volatile boolean closed;

    private RedisTokenStore(RedisSettings settings, int tokenizerVersion) {
        this.settings = settings;
        this.connections = new RedisConnections(settings);
        this.calls = new RedisCalls(connections, settings.timeout());
        this.reads = new RedisReads(calls, RedisKeys.of(settings.prefix()));
        this.tokenizerVersion = tokenizerVersion;
    }

    /**
     * Opens the store the settings name, recording the format and tokenizer version when it is
     * new (the first node to open it decides, atomically).
     *
     * @throws IncompatibleStoreException when it was written by another tokenizer version or format
     * @throws UncheckedIOException when the server cannot be reached
     */
    public static RedisTokenStore open(RedisSettings settings, int tokenizerVersion) {
        return opened(settings, tokenizerVersion, true);
    }

    /** Opens a store that must exist already, changing nothing on the server: for the commands that only read. */
    public static RedisTokenStore openExisting(RedisSettings settings, int tokenizerVersion) {
        return opened(settings, tokenizerVersion, false);
    }

    private static RedisTokenStore opened(RedisSettings settings, int tokenizerVersion, boolean create) {
        RedisTokenStore store = new RedisTokenStore(settings, tokenizerVersion);
        try {
            store.checkMeta(create);
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Whether the settings name a store some node has opened (its meta hash is there). */
    public static boolean holdsStore(RedisSettings settings) {
        try (RedisConnections c = new RedisConnections(settings)) {
            return (Long) new RedisCalls(c, settings.timeout()).call(bytes("EXISTS"), RedisKeys.of(settings.prefix()).meta()) == 1;
        }
    }

    private void checkMeta(boolean create) {
        byte[] meta = reads.keys().meta();
        List<byte[][]> commands = new ArrayList<>(3);
        if (create) {
            commands.add(new byte[][] {bytes("HSETNX"), meta, FORMAT, bytes(Long.toString(FORMAT_VERSION))});
            commands.add(new byte[][] {bytes("HSETNX"), meta, TOKENIZER, bytes(Integer.toString(tokenizerVersion))});
        }
        commands.add(new byte[][] {bytes("HMGET"), meta, FORMAT, TOKENIZER});
        Object[] replies = calls.pipeline(commands);
        for (Object reply : replies) RespConnection.check(reply);
        List<?> values = (List<?>) replies[replies.length - 1];
        if (values.get(0) == null) {
            if (!create) throw new IncompatibleStoreException(settings.describe() + " holds no Bayard store");
            throw new IncompatibleStoreException(settings.describe() + " has a meta hash without a format; it was not written by Bayard");
        }
        long format = number(values.get(0), "format");
        if (format != FORMAT_VERSION) {
            throw new IncompatibleStoreException(settings.describe() + " has format version " + format + "; this Bayard reads format version "
                    + FORMAT_VERSION + ". Use the Bayard that wrote it, or a new prefix and 'bayard db import' of its export");
        }
        long stored = values.get(1) == null ? -1 : number(values.get(1), "tokenizer-version");
        if (stored != tokenizerVersion) {
            throw new IncompatibleStoreException(settings.describe() + " was written by tokenizer version " + stored
                    + ", but this Bayard tokenizes with version " + tokenizerVersion
                    + "; its counts would be keyed by the wrong features. Retrain under a new prefix, or use the Bayard version that wrote it");
        }
    }

    private long number(Object value, String field) {
        String s = new String((byte[]) value, US_ASCII);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IncompatibleStoreException(settings.describe() + " has '" + s + "' as its " + field + "; it was not written by Bayard");
        }
    }

    @Override
    public ReadView read() {
        checkOpen();
        return new RedisReadView(reads);
    }

    @Override
    public <T> T write(WriteAction<T> action) {
        checkOpen();
        if (writing.get() != null) throw new IllegalStateException("write() called from inside a write action; writes do not nest");
        writing.set(Boolean.TRUE);
        try {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                RedisWriteView view = new RedisWriteView(reads);
                T result;
                try {
                    result = action.apply(view);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    view.close();
                }
                if (view.journal.isEmpty() || commit(view.journal)) return result;
            }
            throw new UncheckedIOException(new IOException(settings.describe() + ": a write found its messages changed by other nodes "
                    + MAX_ATTEMPTS + " times in a row; nothing of it was kept"));
        } finally {
            writing.remove();
        }
    }

    private boolean commit(WriteJournal journal) {
        try {
            return script.run(calls, reads.keys(), journal);
        } catch (RedisError e) {
            // OOM (maxmemory reached), a script error on a value another program wrote: nothing was applied
            throw new UncheckedIOException(new IOException(settings.describe() + " refused the write: " + e.getMessage()));
        }
    }

    @Override
    public int tokenizerVersion() {
        return tokenizerVersion;
    }

    @Override
    public StoreStats stats() {
        checkOpen();
        long[] sizes = reads.sizes();
        return new StoreStats(reads.totals(), sizes[0], sizes[1], 0, tokenizerVersion, "redis");
    }

    @Override
    public void close() {
        closed = true;
        connections.close();
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("token store is closed");
    }

    @Override
    public String toString() {
        return settings.describe();
    }
}
