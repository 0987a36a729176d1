package org.bayard.store.redis;

/**
 * An error reply from Redis ({@code -ERR ...}, {@code -NOSCRIPT ...}, {@code -OOM ...}): the
 * server answered, so the connection is still in step and may be used again.
 */
final class RedisError extends RuntimeException {
    RedisError(String message) {
        super(message);
    }

    /** The first word of the reply, which Redis uses as the error's kind. */
    String kind() {
        String m = getMessage();
        int space = m.indexOf(' ');
        return space < 0 ? m : m.substring(0, space);
    }
}
