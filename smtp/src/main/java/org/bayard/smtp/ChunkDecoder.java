package org.bayard.smtp;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The BDAT framer: the octets of each chunk in, the message out as sent (BDAT has no dot-stuffing
 * and no end marker: the sizes frame it). Pure, like {@link DataDecoder}, and as strict: a bare
 * CR or LF, across a chunk's edge too, is recorded and the message refused at its last chunk, so
 * that a message taken by BDAT can be passed on with DATA, whose lines end only at CR LF. Past
 * {@code maxBytes} nothing more is written, and the chunks are still read to their ends.
 */
final class ChunkDecoder implements MessageFraming {
    private final long maxBytes;
    private long written;
    private boolean overflow;
    private boolean bareNewline;
    /** Whether the last octet read was a CR, whose LF may be the next chunk's first. */
    private boolean cr;

    ChunkDecoder(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Takes {@code len} octets of a chunk, writing what fits the limit to {@code sink}. */
    void feed(byte[] b, int off, int len, OutputStream sink) throws IOException {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (cr && c != '\n') bareNewline = true;
            if (!cr && c == '\n') bareNewline = true;
            cr = c == '\r';
        }
        long room = maxBytes - written;
        int kept = (int) Math.min(len, Math.max(0, room));
        if (kept < len) overflow = true;
        if (kept > 0) sink.write(b, off, kept);
        written += kept;
    }

    /** The last chunk is in: a CR that ended it was bare. */
    void end() {
        if (cr) bareNewline = true;
        cr = false;
    }

    @Override
    public boolean bareNewline() {
        return bareNewline;
    }

    @Override
    public boolean overflow() {
        return overflow;
    }
}
