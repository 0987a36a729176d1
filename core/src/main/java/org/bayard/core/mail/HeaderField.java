package org.bayard.core.mail;

import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.util.ByteArrayBuffer;
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
        byte[] bytes = bytesOf(raw, len);
        String line;
        if (Charsets.isAscii(bytes, 0, len)) {
            // what decodeUnlabelled returns for ASCII, without its second pass to validate UTF-8
            line = new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
        } else {
            anomalies.record("8bit-header");
            line = Charsets.decodeUnlabelled(bytes, 0, len);
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String name = line.substring(0, colon).strip();
        // strip the raw range, then unfold: line breaks are whitespace, so this is strip(unfold(...))
        // with one copy of the value instead of two
        int start = colon + 1;
        int end = line.length();
        while (start < end && Character.isWhitespace(line.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        String value = unfold(line, start, end);
        if (value.contains("=?")) {
            value = decodeEncodedWords(value, anomalies);
        }
        return new HeaderField(name, value);
    }

    /**
     * The field's bytes from index 0. mime4j hands us a view of its own reused buffer: reading
     * that array where it is saves copying every header byte through an interface call.
     */
    private static byte[] bytesOf(ByteSequence raw, int len) {
        if (raw instanceof ByteArrayBuffer buffer) {
            return buffer.buffer();
        }
        byte[] bytes = new byte[len];
        for (int i = 0; i < len; i++) {
            bytes[i] = raw.byteAt(i);
        }
        return bytes;
    }

    /** Folding inserts CRLF before whitespace; removing the line breaks undoes it (RFC 5322 2.2.3). */
    private static String unfold(String line, int from, int to) {
        int cr = line.indexOf('\r', from, to);
        int lf = line.indexOf('\n', from, to);
        if (cr < 0 && lf < 0) {
            return line.substring(from, to);
        }
        // copy the runs between line breaks in bulk, finding each break with indexOf rather than
        // testing every char: a folded line has one or two breaks in some 70 chars
        StringBuilder out = new StringBuilder(to - from);
        int run = from;
        while (cr >= 0 || lf >= 0) {
            int lineBreak = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
            out.append(line, run, lineBreak);
            run = lineBreak + 1;
            if (lineBreak == cr) {
                cr = line.indexOf('\r', run, to);
            } else {
                lf = line.indexOf('\n', run, to);
            }
        }
        return out.append(line, run, to).toString();
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
