package org.bayard.core.mailbox;

import java.util.Arrays;

/**
 * A growable byte buffer that keeps at most {@code cap} bytes but counts everything offered,
 * so a reader can stream a message of any size in bounded memory and still know whether it
 * was cut.
 */
final class CappedBuffer {

    // Past this, a buffer is dropped after use so one huge message does not pin its memory
    // for the rest of a long mailbox.
    private static final int KEEP_BYTES = 1 << 20;

    private final int cap;
    private byte[] data = new byte[8192];
    private int stored;
    private long offered;

    CappedBuffer(int cap) {
        this.cap = cap;
    }

    void append(byte[] b, int off, int len) {
        offered += len;
        int take = (int) Math.min(len, (long) cap - stored);
        if (take <= 0) return;
        if (stored + take > data.length) {
            data = Arrays.copyOf(data, (int) Math.min(cap, Math.max((long) stored + take, 2L * data.length)));
        }
        System.arraycopy(b, off, data, stored, take);
        stored += take;
    }

    /** Forgets the last {@code n} bytes offered, as if they had never been appended. */
    void dropLast(long n) {
        offered -= n;
        stored = (int) Math.min(stored, offered);
    }

    /** Bytes offered so far, kept or not. */
    long offered() {
        return offered;
    }

    boolean overflowed() {
        return offered > cap;
    }

    int stored() {
        return stored;
    }

    /** The kept bytes; valid up to {@link #stored()} until the next append or reset. */
    byte[] array() {
        return data;
    }

    void reset() {
        stored = 0;
        offered = 0;
        if (data.length > KEEP_BYTES) data = new byte[8192];
    }
}
