package org.bayard.core.mail;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a decoded text body up to a character budget and turns it into a String. */
final class BodyText {

    private BodyText() {}

    /**
     * Reads at most about {@code maxChars} characters of text. Bytes are bounded first (two per
     * character, enough for UTF-8 in most scripts), then characters.
     */
    static String read(InputStream decoded, String charset, int maxChars, Anomalies anomalies) throws IOException {
        int maxBytes = (int) Math.min(Integer.MAX_VALUE - 16, 2L * Math.max(0, maxChars));
        byte[] buf = new byte[Math.min(maxBytes, 8192)];
        int len = 0;
        while (len < maxBytes) {
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(maxBytes, 2L * buf.length));
            }
            int n = decoded.read(buf, len, buf.length - len);
            if (n < 0) {
                break;
            }
            len += n;
        }
        boolean cut = len == maxBytes && decoded.read() >= 0;
        String text = Charsets.decode(buf, len, charset, anomalies);
        if (text.length() > maxChars) {
            text = text.substring(0, maxChars);
            cut = true;
        }
        if (cut) {
            anomalies.record("text-limit");
        }
        return text;
    }
}
