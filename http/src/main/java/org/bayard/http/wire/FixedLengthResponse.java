package org.bayard.http.wire;

import java.io.IOException;
import java.io.OutputStream;

/** A body of the length sent in Content-Length (0 when there is none); a byte more is refused. */
final class FixedLengthResponse extends ResponseBody {
    private final long length;
    private long written;

    FixedLengthResponse(OutputStream out, long length) {
        super(out);
        this.length = length;
    }

    @Override
    protected void send(byte[] b, int off, int len) throws IOException {
        if (len > length - written) throw new IOException("response body longer than the declared " + length + " bytes");
        out.write(b, off, len);
        written += len;
    }

    @Override
    boolean complete() {
        return written == length;
    }
}
