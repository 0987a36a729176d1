package org.bayard.core.mail;

import org.apache.james.mime4j.codec.DecoderUtil;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One header field as the visitor sees it: its name, and its value unfolded, without the
 * whitespace around it, and with RFC 2047 encoded words decoded. {@link HeaderFieldReader} makes
 * them from the message's bytes.
 */
record HeaderField(String name, String value) {

    /** Latin-1 labels mean windows-1252 in practice (its 0x80-0x9F are quotes and dashes, not controls). */
    private static final Map<Charset, Charset> LABEL_OVERRIDES =
            Map.of(StandardCharsets.ISO_8859_1, Charsets.WINDOWS_1252, StandardCharsets.US_ASCII, Charsets.WINDOWS_1252);

    /**
     * Parses a field already decoded to text, without its final line break. Returns null when the
     * line has no colon, or nothing before it: it is not a field at all.
     */
    static HeaderField parse(String line, Anomalies anomalies, EncodedWordStarts starts) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String name = line.substring(0, colon).strip();
        // strip the raw range, then unfold: line breaks are whitespace, so this is strip(unfold(...))
        // with one copy of the value instead of two
        int start = Whitespace.stripStart(line, colon + 1, line.length());
        int end = Whitespace.stripEnd(line, start, line.length());
        return new HeaderField(name, withEncodedWordsDecoded(unfold(line, start, end), anomalies, starts));
    }

    /**
     * The value with its RFC 2047 encoded words decoded, as many as {@code starts} allows; a fault
     * in one is recorded, not thrown.
     */
    static String withEncodedWordsDecoded(String value, Anomalies anomalies, EncodedWordStarts starts) {
        if (!value.contains("=?")) {
            return value;
        }
        int cut = starts.spend(value);
        String decodable = cut < 0 ? value : value.substring(0, cut);
        String decoded;
        try {
            decoded = DecoderUtil.decodeEncodedWords(decodable, anomalies, Charsets.WINDOWS_1252, LABEL_OVERRIDES);
        } catch (RuntimeException e) {
            anomalies.record("bad-encoded-word");
            return value;
        }
        if (cut < 0) {
            return decoded;
        }
        anomalies.record("bad-encoded-word");
        return decoded + value.substring(cut);
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
}
