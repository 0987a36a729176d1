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
    private final EncodedWordStarts encodedWordStarts = new EncodedWordStarts(EncodedWordStarts.PER_MESSAGE);
    /** A folded value's bytes with the line breaks taken out; kept for the next folded field. */
    private byte[] unfolded = new byte[256];
    /** The breaks of a field read without those {@link FieldSplitter} found, or cut to the budget. */
    private final FieldBreaks scanned = new FieldBreaks(Integer.MAX_VALUE); // bounded by the budget

    HeaderFieldReader(int maxBytes, Anomalies anomalies) {
        this.maxBytes = maxBytes;
        this.anomalies = anomalies;
    }

    /**
     * The field in {@code bytes[from, to)}, without its final line break, whose name is {@code name};
     * null when the line, cut to the budget, has no colon: it is not a field at all.
     */
    HeaderField read(byte[] bytes, int from, int to, FieldName name) {
        return read(bytes, from, to, name, scanned.scan(bytes, from, to));
    }

    /**
     * The same, given the field's {@link FieldBreaks} as {@link FieldSplitter} found them: the
     * breaks of {@code bytes[from, to)}, and perhaps some after {@code to}.
     */
    HeaderField read(byte[] bytes, int from, int to, FieldName name, FieldBreaks breaks) {
        int len = to - from;
        if (len > maxBytes) {
            anomalies.record("header-limit");
            len = Math.max(0, maxBytes);
            breaks = scanned.scan(bytes, from, from + len); // a high byte past the cut must not count
        } else if (breaks.overflowed()) {
            breaks = scanned.scan(bytes, from, to);
        }
        int colon = name.colon();
        // not obsolete, the name is exactly the bytes before the colon, so that colon is the first
        if (!name.obsolete() && colon > from && colon < from + len) {
            String value = asciiValue(bytes, colon + 1, from + len, breaks);
            if (value != null) {
                return new HeaderField(name.name(), HeaderField.withEncodedWordsDecoded(value, anomalies, encodedWordStarts));
            }
        }
        String line;
        if (ByteSearch.isAscii(bytes, from, from + len)) {
            // what decodeUnlabelled returns for ASCII, without its second pass to validate UTF-8
            line = new String(bytes, from, len, StandardCharsets.ISO_8859_1);
        } else {
            anomalies.record("8bit-header");
            line = Charsets.decodeUnlabelled(bytes, from, len);
        }
        return HeaderField.parse(line, anomalies, encodedWordStarts);
    }

    /**
     * The value in {@code bytes[valueFrom, to)}, stripped of whitespace and unfolded; null when any
     * byte of the field is beyond ASCII. The field's line breaks and high bytes were found as its
     * lines were cut ({@link FieldBreaks}), so its bytes are read here only to be copied: before,
     * a second pass over each field looked for them again (1.7% of preparing a message in a
     * profile); cutting, naming and reading the corpus's header fields now takes 0.90 of the time.
     */
    private String asciiValue(byte[] bytes, int valueFrom, int to, FieldBreaks breaks) {
        if (breaks.nonAscii()) {
            return null;
        }
        // line breaks are whitespace, so stripping the raw range and then unfolding is strip(unfold(...))
        int start = valueFrom;
        while (start < to && Character.isWhitespace(bytes[start])) {
            start++;
        }
        int end = to;
        while (end > start && Character.isWhitespace(bytes[end - 1])) {
            end--;
        }
        int k = 0;
        while (k < breaks.count() && breaks.at(k) < start) {
            k++; // breaks before the stripped value went with the whitespace
        }
        if (k == breaks.count() || breaks.at(k) >= end) {
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }
        // folding inserts CRLF before whitespace; taking the line breaks out undoes it (RFC 5322 2.2.3)
        if (unfolded.length < end - start) {
            unfolded = new byte[end - start];
        }
        int length = 0;
        int run = start;
        for (int mark; k < breaks.count() && (mark = breaks.at(k)) < end; k++) {
            System.arraycopy(bytes, run, unfolded, length, mark - run);
            length += mark - run;
            run = mark + 1;
        }
        System.arraycopy(bytes, run, unfolded, length, end - run);
        length += end - run;
        return new String(unfolded, 0, length, StandardCharsets.ISO_8859_1);
    }
}
