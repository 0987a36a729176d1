package org.bayard.http.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A body of unknown length to an HTTP/1.1 client: each write is a chunk, and closing sends the last, empty one. */
final class ChunkedResponse extends ResponseBody {
    private static final byte[] CRLF = {'\r', '\n'};

    ChunkedResponse(OutputStream out) {
        super(out);
    }

    @Override
    protected void send(byte[] b, int off, int len) throws IOException {
        out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(b, off, len);
        out.write(CRLF);
    }

    @Override
    protected void finish() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    boolean complete() {
        return closed();
    }
}
