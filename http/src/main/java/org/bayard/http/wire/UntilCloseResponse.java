package org.bayard.http.wire;

import java.io.IOException;
import java.io.OutputStream;

/** A body of unknown length to an HTTP/1.0 client, which cannot read chunks: closing the connection ends it. */
final class UntilCloseResponse extends ResponseBody {
    UntilCloseResponse(OutputStream out) {
        super(out);
    }

    @Override
    protected void send(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    boolean complete() {
        return true;
    }
}
