package org.bayard.http.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/** A body of unknown length to an HTTP/1.0 client, which cannot read chunks: closing the connection ends it. */
final class UntilCloseResponse extends ResponseBody {
    UntilCloseResponse(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        checkOpen();
        out.write(b, off, len);
    }

    @Override
    protected void finish() {
        // the connection's close is the end
    }

    @Override
    boolean complete() {
        return true;
    }
}
