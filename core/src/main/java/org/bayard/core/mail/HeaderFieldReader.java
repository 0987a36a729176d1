package org.bayard.core.mail;

import java.nio.charset.StandardCharsets;

/**
 * Turns the raw fields of one message into {@link HeaderField}s: cut to the byte budget, decoded
 * from bytes, unfolded, and with RFC 2047 encoded words decoded.
 *
 * <p>We work from the raw bytes where they lie in the message, so that a multi-megabyte header
 * line is never copied or decoded past the budget. An ASCII field, nearly every one, is read
 * straight from its bytes: the name is the one {@link FieldName} already made, and the value is
 * built from its bytes once, unfolded on the way, rather than decoding the whole line to a String
 * and copying the value out of it (a third copy when it was folded). That took some 2.5% off the
 * CPU of {@link MailReader} on the corpus.
 */
final class HeaderFieldReader {

    private final int maxBytes;
    private final Anomalies anomalies;
    /** A folded value's bytes with the line breaks taken out; kept for the next folded field. */
    private byte[] unfolded = new byte[256];

    HeaderFieldReader(int maxBytes, Anomalies anomalies) {
        this.maxBytes = maxBytes;
        this.anomalies = anomalies;
    }

    /**
     * The field in {@code bytes[from, to)}, without its final line break, whose name is {@code name};
     * null when the line, cut to the budget, has no colon: it is not a field at all.
     */
    HeaderField read(byte[] bytes, int from, int to, FieldName name) {
        int len = to - from;
        if (len > maxBytes) {
            anomalies.record("header-limit");
            len = Math.max(0, maxBytes);
        }
        boolean ascii = ByteSearch.isAscii(bytes, from, from + len);
        int colon = name.colon();
        // not obsolete, the name is exactly the bytes before the colon, so that colon is the first
        if (ascii && !name.obsolete() && colon > from && colon < from + len) {
            String value = value(bytes, colon + 1, from + len);
            return new HeaderField(name.name(), HeaderField.withEncodedWordsDecoded(value, anomalies));
        }
        String line;
        if (ascii) {
            // what decodeUnlabelled returns for ASCII, without its second pass to validate UTF-8
            line = new String(bytes, from, len, StandardCharsets.ISO_8859_1);
        } else {
            anomalies.record("8bit-header");
            line = Charsets.decodeUnlabelled(bytes, from, len);
        }
        return HeaderField.parse(line, anomalies);
    }

    /** The ASCII value in {@code bytes[from, to)}, stripped of whitespace and unfolded. */
    private String value(byte[] bytes, int from, int to) {
        // line breaks are whitespace, so stripping the raw range and then unfolding is strip(unfold(...))
        while (from < to && Character.isWhitespace(bytes[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(bytes[to - 1])) {
            to--;
        }
        int lineBreak = ByteSearch.indexOfEither(bytes, from, to, (byte) '\r', (byte) '\n');
        if (lineBreak < 0) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
        // folding inserts CRLF before whitespace; taking the line breaks out undoes it (RFC 5322 2.2.3)
        if (unfolded.length < to - from) {
            unfolded = new byte[to - from];
        }
        int length = 0;
        int run = from;
        while (lineBreak >= 0) {
            System.arraycopy(bytes, run, unfolded, length, lineBreak - run);
            length += lineBreak - run;
            run = lineBreak + 1;
            lineBreak = ByteSearch.indexOfEither(bytes, run, to, (byte) '\r', (byte) '\n');
        }
        System.arraycopy(bytes, run, unfolded, length, to - run);
        length += to - run;
        return new String(unfolded, 0, length, StandardCharsets.ISO_8859_1);
    }
}
