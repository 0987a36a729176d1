package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import org.bayard.core.store.Digest;

/**
 * Reusable direct buffers for keys and values, owned by one view (or the writer thread) at a
 * time, so a batched lookup allocates nothing per token.
 *
 * <p>lmdbjava passes a buffer to LMDB as its base address and {@code remaining()} bytes: it
 * ignores the position. Every method here therefore returns a buffer at position 0 with the
 * limit at the end of the data. All numbers are big-endian, so keys sort as unsigned numbers.
 */
final class Buffers {
    private final ByteBuffer key = ByteBuffer.allocateDirect(32);
    private final ByteBuffer value = ByteBuffer.allocateDirect(16);
    private ByteBuffer record = ByteBuffer.allocateDirect(256);

    ByteBuffer tokenKey(long token) {
        key.clear().putLong(0, token).limit(Long.BYTES);
        return key;
    }

    ByteBuffer digestKey(Digest digest) {
        key.clear().putLong(0, digest.high()).putLong(8, digest.low()).limit(16);
        return key;
    }

    ByteBuffer nameKey(byte[] name) {
        key.clear();
        key.put(name).flip();
        return key;
    }

    ByteBuffer longValue(long v) {
        value.clear().putLong(0, v).limit(Long.BYTES);
        return value;
    }

    ByteBuffer twoLongsValue(long a, long b) {
        value.clear().putLong(0, a).putLong(8, b).limit(16);
        return value;
    }

    /** A cleared buffer of at least {@code size} bytes for a variable-length record. */
    ByteBuffer record(int size) {
        if (record.capacity() < size) record = ByteBuffer.allocateDirect(Math.max(size, 2 * record.capacity()));
        return record.clear();
    }
}
