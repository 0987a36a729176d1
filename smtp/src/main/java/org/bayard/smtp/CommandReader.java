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

    /** What a session sets aside at first: every ordinary command fits (RFC 5321 asks for 512). */
    private static final int INITIAL = 1024;

    private final InputStream in;
    private final int maxLength;
    /**
     * Grows as a line needs it, up to {@code maxLength}: allocated whole at the start, the limit
     * cost its size per connection, and at Integer.MAX_VALUE no session could start at all.
     */
    private byte[] buf;

    public CommandReader(InputStream in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
        this.buf = new byte[Math.min(maxLength, INITIAL)];
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
                if (n == buf.length) buf = java.util.Arrays.copyOf(buf, (int) Math.min(maxLength, 2L * buf.length));
                buf[n++] = (byte) c;
            } else {
                tooLong = true;
            }
        }
        Problem p = tooLong ? Problem.TOO_LONG : bare ? Problem.BARE_NEWLINE : nul ? Problem.NUL : Problem.NONE;
        return new Line(new String(buf, 0, n, StandardCharsets.ISO_8859_1), p);
    }
}
