package org.bayard.core.mail;

import java.util.Arrays;

/**
 * Bytes written by a transfer decoder, up to a cap: a body is only read as far as its text
 * budget, so decoding stops once the cap is reached instead of decoding megabytes to drop them.
 */
final class DecodedBytes {

    private byte[] bytes;
    private int length;
    private final int cap;

    /** {@code expected} sizes the first array; {@code cap} is where writing stops. */
    DecodedBytes(int expected, int cap) {
        this.cap = Math.max(0, cap);
        this.bytes = new byte[Math.max(16, Math.min(expected, this.cap))];
    }

    boolean full() {
        return length >= cap;
    }

    /** Appends one byte; ignored once full. */
    void add(int b) {
        if (length >= cap) {
            return;
        }
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(cap, 2L * bytes.length));
        }
        bytes[length++] = (byte) b;
    }

    /**
     * Appends the three bytes of a 24-bit group, high byte first, as three {@link #add} calls
     * would, with one test for room instead of a test per byte.
     */
    void addThree(int group) {
        if (length + 3 > Math.min(cap, bytes.length)) {
            add(group >>> 16);
            add(group >>> 8);
            add(group);
            return;
        }
        bytes[length] = (byte) (group >>> 16);
        bytes[length + 1] = (byte) (group >>> 8);
        bytes[length + 2] = (byte) group;
        length += 3;
    }

    /** Appends all of {@code other}; what does not fit under the cap is dropped. */
    void addAll(DecodedBytes other) {
        addAll(other.bytes, 0, other.length);
    }

    /** Appends {@code source[from, to)}; what does not fit under the cap is dropped. */
    void addAll(byte[] source, int from, int to) {
        int n = Math.min(to - from, cap - length);
        if (n <= 0) {
            return;
        }
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(cap, Math.max(2L * bytes.length, (long) length + n)));
        }
        System.arraycopy(source, from, bytes, length, n);
        length += n;
    }

    byte first() {
        return bytes[0];
    }

    boolean isEmpty() {
        return length == 0;
    }

    void clear() {
        length = 0;
    }

    /** The array written so far; valid up to {@link #length()}. */
    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }
}
