package org.bayard.core.mail;

/** Turns a part's decoded bytes into text, up to a character budget. */
final class BodyText {

    private BodyText() {}

    /**
     * The bytes worth decoding for {@code maxChars} characters: two per character, enough for
     * UTF-8 in most scripts. A decoder fills one byte more, to learn that the body was longer.
     */
    static int maxBytes(int maxChars) {
        return (int) Math.min(Integer.MAX_VALUE - 16, 2L * Math.max(0, maxChars));
    }

    /**
     * Decodes at most {@link #maxBytes} of the {@code len} bytes from {@code from}, then keeps at
     * most {@code maxChars} characters; either cut is recorded as {@code text-limit}.
     */
    static String read(byte[] bytes, int from, int len, String charset, int maxChars, Anomalies anomalies) {
        int maxBytes = maxBytes(maxChars);
        boolean cut = len > maxBytes;
        String text = Charsets.decode(bytes, from, Math.min(len, maxBytes), charset, anomalies);
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
