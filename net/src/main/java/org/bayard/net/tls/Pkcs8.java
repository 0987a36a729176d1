package org.bayard.net.tls;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The little DER it takes to wrap an older key format into PKCS#8, which is all the JDK reads:
 * the algorithm's identifier around the key as it was written.
 */
final class Pkcs8 {
    /** rsaEncryption, 1.2.840.113549.1.1.1, with its NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
            0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** id-ecPublicKey, 1.2.840.10045.2.1. */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Pkcs8() {}

    static byte[] fromRsa(byte[] pkcs1) {
        return pkcs8(RSA_ALGORITHM, pkcs1);
    }

    /**
     * SEC1's ECPrivateKey names its curve in its own [0] field: PKCS#8 wants it in the
     * algorithm's parameters instead.
     */
    static byte[] fromEc(byte[] sec1, Path file) throws IOException {
        byte[] curve = curveOf(sec1);
        if (curve == null) throw new IOException(file + ": the EC private key names no curve");
        return pkcs8(tlv(0x30, EC_PUBLIC_KEY, curve), sec1);
    }

    /** The curve's OID (tag, length and value) in an ECPrivateKey, or null. */
    private static byte[] curveOf(byte[] sec1) {
        int[] outer = header(sec1, 0);
        if (outer == null || sec1[0] != 0x30) return null;
        int at = outer[0];
        int end = Math.min(sec1.length, at + outer[1]);
        while (at < end) {
            int[] h = header(sec1, at);
            if (h == null) return null;
            int tag = sec1[at] & 0xff;
            if (tag == 0xa0) { // [0] parameters: the curve's OID
                int[] oid = header(sec1, h[0]);
                if (oid == null || sec1[h[0]] != 0x06) return null;
                return java.util.Arrays.copyOfRange(sec1, h[0], oid[0] + oid[1]);
            }
            at = h[0] + h[1];
        }
        return null;
    }

    /** The start of the value and its length for the element at {@code at}, or null if it runs past the end. */
    private static int[] header(byte[] b, int at) {
        if (at + 2 > b.length) return null;
        int len = b[at + 1] & 0xff;
        int value = at + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3 || value + n > b.length) return null;
            len = 0;
            for (int i = 0; i < n; i++) len = (len << 8) | (b[value + i] & 0xff);
            value += n;
        }
        return value + len > b.length ? null : new int[] {value, len};
    }

    private static byte[] pkcs8(byte[] algorithm, byte[] key) {
        byte[] version = {0x02, 0x01, 0x00};
        return tlv(0x30, version, algorithm, tlv(0x04, key));
    }

    private static byte[] tlv(int tag, byte[]... parts) {
        int len = 0;
        for (byte[] p : parts) len += p.length;
        byte[] lenBytes = len < 0x80 ? new byte[] {(byte) len}
                : len < 0x100 ? new byte[] {(byte) 0x81, (byte) len}
                : len < 0x10000 ? new byte[] {(byte) 0x82, (byte) (len >> 8), (byte) len}
                : new byte[] {(byte) 0x83, (byte) (len >> 16), (byte) (len >> 8), (byte) len};
        byte[] out = new byte[1 + lenBytes.length + len];
        out[0] = (byte) tag;
        System.arraycopy(lenBytes, 0, out, 1, lenBytes.length);
        int at = 1 + lenBytes.length;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
