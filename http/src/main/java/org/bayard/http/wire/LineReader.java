package org.bayard.http.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads protocol lines (request line, header fields, chunk sizes) without ever holding more than
 * a line's cap, and counts the bytes it took so callers can keep a budget across lines.
 */
final class LineReader {
    private final InputStream in;
    private long consumed;
    private boolean bareLf;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** Whether the last line read ended with a bare LF rather than CRLF. */
    boolean endedWithBareLf() {
        return bareLf;
    }

    /** Bytes taken from the stream by this reader so far, line endings included. */
    long consumed() {
        return consumed;
    }

    /**
     * The next line without its ending, as ISO-8859-1 (one char per byte, so nothing is lost or
     * invented). CRLF ends a line, and so does a bare LF, which HTTP lets servers accept; a CR
     * anywhere else stays in the line for the caller to refuse.
     *
     * @param limit bytes allowed, line ending included
     * @return the line, or null when the stream ends before its first byte
     * @throws LineTooLong when {@code limit} bytes pass without a line ending
     * @throws EOFException when the stream ends inside the line
     */
    String read(long limit) throws IOException {
        if (limit <= 0) throw new LineTooLong();
        byte[] line = new byte[(int) Math.min(limit, 256)];
        int n = 0;
        for (long taken = 0; ; ) {
            int b = in.read();
            if (b < 0) {
                if (taken == 0) return null;
                throw new EOFException("connection closed inside a line");
            }
            if (++taken > limit) throw new LineTooLong();
            consumed++;
            if (b == '\n') {
                bareLf = n == 0 || line[n - 1] != '\r';
                if (!bareLf) n--;
                return new String(line, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (n == line.length) line = Arrays.copyOf(line, (int) Math.min(limit, 2L * n));
            line[n++] = (byte) b;
        }
    }
}
