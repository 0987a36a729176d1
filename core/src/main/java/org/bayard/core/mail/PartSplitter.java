package org.bayard.core.mail;

/**
 * Splits a multipart body into its parts by the boundary (RFC 2046 5.1.1), skipping the preamble
 * and the epilogue.
 *
 * <p>A delimiter line is {@code --boundary} at the start of a line, followed by whitespace,
 * {@code --}, or the end of the body; the rest of that line is skipped, and a {@code --} anywhere
 * on it makes it the close delimiter. The line break before a delimiter belongs to it, not to the
 * part. A body that ends without a close delimiter is recorded as {@code bad-header} (missing
 * delimiters are a trait of hand-made mail); a delimiter with nothing at all after it ends the
 * parts, while one followed by any byte starts one more part. Nested multiparts split the range
 * of their enclosing part, so an inner part never runs past an outer delimiter.
 */
final class PartSplitter {

    private final byte[] bytes;
    private final int end;
    private final byte[] delimiter;

    /** Where the search for the next delimiter starts: the start of the preamble or of a part. */
    private int pos;
    private boolean delimited;
    private boolean closed;
    private boolean exhausted;

    private int partFrom;
    private int partTo;

    PartSplitter(byte[] bytes, int from, int to, String boundary) {
        this.bytes = bytes;
        this.pos = from;
        this.end = to;
        this.delimiter = new byte[boundary.length() + 2];
        delimiter[0] = '-';
        delimiter[1] = '-';
        for (int i = 0; i < boundary.length(); i++) {
            delimiter[i + 2] = (byte) boundary.charAt(i); // boundaries are ASCII; other chars are cut to a byte
        }
        skipPreamble();
    }

    /** Moves to the next part; false when there is none. */
    boolean next() {
        if (exhausted) {
            return false;
        }
        partFrom = pos;
        int at = find(pos);
        if (at < 0) {
            partTo = end;
            exhausted = true;
        } else {
            partTo = contentEnd(pos, at);
            afterDelimiter(at);
        }
        return true;
    }

    int partFrom() {
        return partFrom;
    }

    int partTo() {
        return partTo;
    }

    /** Whether the body holds a delimiter line at all: without one it is all preamble, and has no parts. */
    boolean delimited() {
        return delimited;
    }

    /** Whether the parts ended with a close delimiter; meaningful once {@link #next()} is false. */
    boolean closed() {
        return closed;
    }

    private void skipPreamble() {
        int at = find(pos);
        if (at < 0) {
            exhausted = true;
        } else {
            delimited = true;
            afterDelimiter(at);
        }
    }

    /** Skips the delimiter line at {@code at}, and decides whether another part follows. */
    private void afterDelimiter(int at) {
        int p = at + delimiter.length;
        boolean close = false;
        // a line break needs two bytes in view; a single byte left at the end stays, as a part of its own
        while (end - p >= 2) {
            if (!close && bytes[p] == '-' && bytes[p + 1] == '-') {
                close = true;
                p += 2;
            } else if (bytes[p] == '\r' && bytes[p + 1] == '\n') {
                p += 2;
                break;
            } else if (bytes[p] == '\n') {
                p++;
                break;
            } else {
                p++;
            }
        }
        pos = p;
        closed = close;
        exhausted = close || p >= end;
    }

    /** The index of the next delimiter line at or after {@code from} (a line start), or -1. */
    private int find(int from) {
        int last = end - delimiter.length;
        int lineStart = from;
        while (lineStart <= last) {
            if (isDelimiterAt(lineStart)) {
                return lineStart;
            }
            int lf = ByteSearch.indexOf(bytes, lineStart, last, (byte) '\n');
            if (lf < 0) {
                return -1;
            }
            lineStart = lf + 1;
        }
        return -1;
    }

    private boolean isDelimiterAt(int i) {
        for (int k = 0; k < delimiter.length; k++) {
            if (bytes[i + k] != delimiter[k]) {
                return false;
            }
        }
        int after = i + delimiter.length;
        if (after == end) {
            return true;
        }
        int c = bytes[after];
        return HeaderTokens.isSpace(c) || c == '-' && after + 1 < end && bytes[after + 1] == '-';
    }

    /** The end of a part whose delimiter is at {@code at}: the LF or CRLF before it is the delimiter's. */
    private int contentEnd(int partStart, int at) {
        int len = at - partStart;
        int to = at;
        if (len > 0 && bytes[to - 1] == '\n') {
            to--;
        }
        if (len > 1 && bytes[to - 1] == '\r') {
            to--;
        }
        return to;
    }
}
