package org.bayard.http;

import io.airlift.compress.zstd.ZstdCompressor;
import java.util.Arrays;
import java.util.Locale;

/**
 * A scan's answer compressed with zstd, as Rspamd sends it back to a client that sent its message
 * compressed ({@code rspamc -z}) or that accepts zstd ({@code Accept-Encoding: zstd}). The frame
 * declares its size, as every frame we take must, so any zstd reader can make it whole.
 */
final class ZstdReply {
    private ZstdReply() {}

    /** {@code answer} in one zstd frame. */
    static byte[] compress(byte[] answer) {
        ZstdCompressor compressor = new ZstdCompressor();
        byte[] frame = new byte[compressor.maxCompressedLength(answer.length)];
        int n = compressor.compress(answer, 0, answer.length, frame, 0, frame.length);
        return Arrays.copyOf(frame, n);
    }

    /**
     * Whether an {@code Accept-Encoding} value names zstd as acceptable: listed, and not with
     * {@code q=0}, which RFC 9110 makes a refusal of that coding.
     */
    static boolean accepted(String acceptEncoding) {
        if (acceptEncoding == null) return false;
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            if (!parts[0].strip().equalsIgnoreCase("zstd")) continue;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].strip().toLowerCase(Locale.ROOT);
                if (param.startsWith("q=") && isZero(param.substring(2).strip())) return false;
            }
            return true;
        }
        return false;
    }

    private static boolean isZero(String q) {
        return q.matches("0(\\.0{0,3})?");
    }
}
