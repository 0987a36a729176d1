package org.bayard.core.store;

import java.util.HexFormat;

/** A 128-bit content digest identifying a learned message in the ledger. */
public record Digest(long high, long low) {

    public static Digest fromBytes(byte[] b) {
        if (b.length < 16) throw new IllegalArgumentException("digest needs 16 bytes, got " + b.length);
        return new Digest(readLong(b, 0), readLong(b, 8));
    }

    public static Digest parse(String hex) {
        return fromBytes(HexFormat.of().parseHex(hex));
    }

    public byte[] toBytes() {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return b;
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(toBytes());
    }
}
