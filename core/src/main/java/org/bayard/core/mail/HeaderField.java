package org.bayard.core.mail;

import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.util.ByteSequence;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One raw header field turned into a name and a value: cut to the byte budget, decoded from
 * bytes, unfolded, and with RFC 2047 encoded words decoded.
 *
 * <p>We work from the raw bytes rather than mime4j's {@code getBody()} so that a multi-megabyte
 * header line is never copied or decoded past the budget.
 */
record HeaderField(String name, String value) {

    /** Latin-1 labels mean windows-1252 in practice (its 0x80-0x9F are quotes and dashes, not controls). */
    private static final Map<Charset, Charset> LABEL_OVERRIDES =
            Map.of(StandardCharsets.ISO_8859_1, Charsets.WINDOWS_1252, StandardCharsets.US_ASCII, Charsets.WINDOWS_1252);

    /** Returns null when the line has no colon: it is not a field at all. */
    static HeaderField parse(ByteSequence raw, int maxBytes, Anomalies anomalies) {
        int len = raw.length();
        if (len > maxBytes) {
            anomalies.record("header-limit");
            len = Math.max(0, maxBytes);
        }
        byte[] bytes = new byte[len];
        boolean eightBit = false;
        for (int i = 0; i < len; i++) {
            byte b = raw.byteAt(i);
            bytes[i] = b;
            eightBit |= b < 0;
        }
        if (eightBit) {
            anomalies.record("8bit-header");
        }
        String line = Charsets.decodeUnlabelled(bytes, len);
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String name = line.substring(0, colon).strip();
        String value = unfold(line, colon + 1).strip();
        if (value.contains("=?")) {
            value = decodeEncodedWords(value, anomalies);
        }
        return new HeaderField(name, value);
    }

    /** Folding inserts CRLF before whitespace; removing the line breaks undoes it (RFC 5322 2.2.3). */
    private static String unfold(String line, int from) {
        int cr = line.indexOf('\r', from);
        int lf = line.indexOf('\n', from);
        if (cr < 0 && lf < 0) {
            return line.substring(from);
        }
        // copy the runs between line breaks in bulk, not char by char
        StringBuilder out = new StringBuilder(line.length() - from);
        int run = from;
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append(line, run, i);
                run = i + 1;
            }
        }
        return out.append(line, run, line.length()).toString();
    }

    private static String decodeEncodedWords(String value, Anomalies anomalies) {
        try {
            return DecoderUtil.decodeEncodedWords(value, anomalies, Charsets.WINDOWS_1252, LABEL_OVERRIDES);
        } catch (RuntimeException e) {
            anomalies.record("bad-encoded-word");
            return value;
        }
    }
}
