package org.bayard.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The command framer: reads one command line, which ends only at CR LF. A bare CR or LF inside
 * it does not end it; the line is then marked bad and refused as a whole, so no command can be
 * slipped in behind a bare line ending. At most {@code maxLength} bytes are kept; a longer line
 * is read through to its CR LF and discarded, so memory stays bounded whatever the peer sends.
 * Reads from an already buffered stream; no sockets here.
 */
public final class CommandReader {
    /** One framed line. {@code text} is Latin-1 so every byte survives for the parser to judge. */
    public record Line(String text, Problem problem) {}

    public enum Problem { NONE, TOO_LONG, BARE_NEWLINE, NUL }

    private final InputStream in;
    private final int maxLength;
    private final byte[] buf;

    public CommandReader(InputStream in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
        this.buf = new byte[maxLength];
    }

    /** The next line, or null at end of stream (a partial last line is dropped). */
    public Line next() throws IOException {
        int n = 0;
        boolean tooLong = false;
        boolean bare = false;
        boolean nul = false;
        boolean cr = false;
        while (true) {
            int c = in.read();
            if (c < 0) return null;
            if (cr) {
                if (c == '\n') break;
                bare = true; // the CR before this byte was bare
                cr = false;
            }
            if (c == '\r') {
                cr = true;
                continue;
            }
            if (c == '\n') bare = true;
            if (c == 0) nul = true;
            if (n < maxLength) {
                buf[n++] = (byte) c;
            } else {
                tooLong = true;
            }
        }
        Problem p = tooLong ? Problem.TOO_LONG : bare ? Problem.BARE_NEWLINE : nul ? Problem.NUL : Problem.NONE;
        return new Line(new String(buf, 0, n, StandardCharsets.ISO_8859_1), p);
    }
}
