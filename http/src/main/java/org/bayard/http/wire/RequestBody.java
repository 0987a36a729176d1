package org.bayard.http.wire;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body in its framing. It never reads past its own end, so the next pipelined request
 * stays in the stream, and closing it never closes the connection.
 */
abstract class RequestBody extends InputStream {
    private final byte[] one = new byte[1];

    static RequestBody of(RequestHead head, InputStream in) {
        return head.bodyLength() == RequestHead.CHUNKED ? new ChunkedBody(in) : new FixedLengthBody(in, head.bodyLength());
    }

    /** Whether the body has been read to its end (a body that broke off never is). */
    abstract boolean finished();

    /** Whether what is left is known to be at most {@code bytes}, so reading it off to reuse the connection is cheap. */
    abstract boolean restAtMost(long bytes);

    /** How many bytes of the body are still to come, when its framing says (a declared length); else -1. */
    abstract long knownRest();

    /** Reads the rest of the body and drops it; callers check {@link #restAtMost} first. */
    void discardRest() throws IOException {
        byte[] buf = new byte[8192];
        while (read(buf, 0, buf.length) >= 0) {
            // dropped: the handler did not want it
        }
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
}
