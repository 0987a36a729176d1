package org.bayard.http.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/** A body of the length sent in Content-Length (0 when there is none); a byte more is refused. */
final class FixedLengthResponse extends ResponseBody {
    private final long length;
    private long written;

    FixedLengthResponse(OutputStream out, long length) {
        super(out);
        this.length = length;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        checkOpen();
        if (len > length - written) throw new IOException("response body longer than the declared " + length + " bytes");
        out.write(b, off, len);
        written += len;
    }

    @Override
    protected void finish() {
        // nothing marks the end: the length did
    }

    @Override
    boolean complete() {
        return written == length;
    }
}
