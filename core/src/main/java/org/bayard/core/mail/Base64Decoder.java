package org.bayard.core.mail;

/**
 * Decodes a base64 body (RFC 2045 6.8) leniently: bytes outside the alphabet are skipped (a
 * fault unless CR, LF or space, which line breaking explains), the first {@code =} ends the data,
 * and a trailing partial group is dropped as a fault.
 */
final class Base64Decoder {

    private static final int[] VALUES = new int[256];

    static {
        java.util.Arrays.fill(VALUES, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = i;
        }
    }

    private Base64Decoder() {}

    /** Decodes {@code in[from, to)} into {@code out}, stopping early once {@code out} is full. */
    static void decode(byte[] in, int from, int to, DecodedBytes out, Anomalies anomalies) {
        int group = 0;
        int sextets = 0;
        for (int i = from; i < to && !out.full(); i++) {
            int c = in[i] & 0xff;
            if (c == '=') {
                padding(group, sextets, out, anomalies);
                return;
            }
            int value = VALUES[c];
            if (value < 0) {
                if (c != '\r' && c != '\n' && c != ' ') {
                    anomalies.decodingFault();
                }
                continue;
            }
            group = group << 6 | value;
            if (++sextets == 4) {
                out.add(group >>> 16);
                out.add(group >>> 8);
                out.add(group);
                group = 0;
                sextets = 0;
            }
        }
        if (sextets != 0 && !out.full()) {
            anomalies.decodingFault(); // a partial group at the end is dropped
        }
    }

    /** The first {@code =} ends the data: two or three sextets give one or two bytes, else it is a fault. */
    private static void padding(int group, int sextets, DecodedBytes out, Anomalies anomalies) {
        if (sextets == 2) {
            out.add(group >>> 4);
        } else if (sextets == 3) {
            out.add(group >>> 10);
            out.add(group >>> 2);
        } else {
            anomalies.decodingFault();
        }
    }
}
