package org.bayard.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * The connections of one store to its Redis: borrowed one per operation, given back when the
 * operation ended in step with the server, closed when it did not. Every failure to reach the
 * server is an {@link UncheckedIOException} naming it, which callers treat as "store unavailable".
 */
final class RedisConnections implements AutoCloseable {
    /** Idle longer than this, a connection is asked PING before use: Redis may have restarted since. */
    private static final long CHECK_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_IDLE = 64;

    private final RedisSettings settings;
    private final ConcurrentLinkedDeque<RespConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    RedisConnections(RedisSettings settings) {
        this.settings = settings;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(RespConnection connection) throws IOException;
    }

    /** Runs {@code work} on a connection of its own. */
    <T> T with(Work<T> work) {
        RespConnection c = borrow();
        boolean inStep = false;
        try {
            T result = work.run(c);
            inStep = true;
            return result;
        } catch (RedisError e) {
            inStep = true; // the server answered; the work read every reply it asked for
            throw e;
        } catch (IOException e) {
            forgetIdle(); // the server went away or stalls: the others are as stale
            throw unavailable(e);
        } finally {
            if (inStep) giveBack(c);
            else c.close();
        }
    }

    RedisSettings settings() {
        return settings;
    }

    private RespConnection borrow() {
        for (;;) {
            RespConnection c = idle.pollFirst();
            if (c == null) break;
            if (c.idleNanos() < CHECK_AFTER_IDLE_NANOS || answersPing(c)) return c;
            c.close();
        }
        try {
            return RespConnection.open(settings);
        } catch (IOException e) {
            throw unavailable(e);
        } catch (RedisError e) {
            throw new UncheckedIOException(settings.describe() + " refused the connection: " + e.getMessage(),
                    new IOException(e.getMessage(), e));
        }
    }

    private static boolean answersPing(RespConnection c) {
        try {
            return "PONG".equals(c.call(RespConnection.bytes("PING")));
        } catch (IOException | RedisError e) {
            return false;
        }
    }

    private void giveBack(RespConnection c) {
        if (closed || idle.size() >= MAX_IDLE) {
            c.close();
            return;
        }
        c.markIdle();
        idle.offerFirst(c);
        if (closed) forgetIdle(); // closed meanwhile: close() may have drained before this offer
    }

    private void forgetIdle() {
        for (RespConnection c; (c = idle.pollFirst()) != null; ) c.close();
    }

    UncheckedIOException unavailable(IOException e) {
        String why = RespConnection.isTimeout(e) ? "no answer within " + settings.timeout().toMillis() + " ms"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new UncheckedIOException(settings.describe() + " is unavailable: " + why, e);
    }

    @Override
    public void close() {
        closed = true;
        forgetIdle();
    }
}
