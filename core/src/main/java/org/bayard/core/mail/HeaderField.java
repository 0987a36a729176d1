package org.bayard.core.mail;

import org.apache.james.mime4j.codec.DecoderUtil;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One raw header field turned into a name and a value: cut to the byte budget, decoded from
 * bytes, unfolded, and with RFC 2047 encoded words decoded.
 *
 * <p>We work from the raw bytes where they lie in the message, so that a multi-megabyte header
 * line is never copied or decoded past the budget.
 */
record HeaderField(String name, String value) {

    /** Latin-1 labels mean windows-1252 in practice (its 0x80-0x9F are quotes and dashes, not controls). */
    private static final Map<Charset, Charset> LABEL_OVERRIDES =
            Map.of(StandardCharsets.ISO_8859_1, Charsets.WINDOWS_1252, StandardCharsets.US_ASCII, Charsets.WINDOWS_1252);

    /**
     * Parses the field in {@code bytes[from, to)}, without its final line break. Returns null when
     * the line has no colon: it is not a field at all.
     */
    static HeaderField parse(byte[] bytes, int from, int to, int maxBytes, Anomalies anomalies) {
        int len = to - from;
        if (len > maxBytes) {
            anomalies.record("header-limit");
            len = Math.max(0, maxBytes);
        }
        String line;
        if (Charsets.isAscii(bytes, from, len)) {
            // what decodeUnlabelled returns for ASCII, without its second pass to validate UTF-8
            line = new String(bytes, from, len, StandardCharsets.ISO_8859_1);
        } else {
            anomalies.record("8bit-header");
            line = Charsets.decodeUnlabelled(bytes, from, len);
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
