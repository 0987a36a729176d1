package org.bayard.store.redis;

/** Tokens, counts and digests as the big-endian bytes the store's hashes hold. */
final class Bytes {
    private Bytes() {}

    static byte[] of(long v) {
        byte[] b = new byte[8];
        put(b, 0, v);
        return b;
    }

    static void put(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) b[off + i] = (byte) (v >>> (56 - 8 * i));
    }

    /** The long in {@code b}, which must be exactly 8 bytes long. */
    static long toLong(byte[] b, String what) {
        if (b.length != 8) throw new GarbledValueException(what + " has " + b.length + " bytes, not 8");
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (b[i] & 0xff);
        return v;
    }
}
