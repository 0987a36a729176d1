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
        int i = from;
        while (i < to && !out.full()) {
            if (sextets == 0 && to - i >= 4) {
                // most of a body is lines of whole groups: four sextets looked up and written at once,
                // where a byte at a time paid a cap test per byte and three per group: decoding the
                // corpus's base64 bodies took 0.75 of the time (15 pairs in one JVM, A/A 1.00)
                int quad = VALUES[in[i] & 0xff] << 18 | VALUES[in[i + 1] & 0xff] << 12
                        | VALUES[in[i + 2] & 0xff] << 6 | VALUES[in[i + 3] & 0xff];
                if (quad >= 0) { // a byte outside the alphabet is -1, which sets the sign bit
                    out.addThree(quad);
                    i += 4;
                    continue;
                }
            }
            int c = in[i++] & 0xff;
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
                out.addThree(group);
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
