package org.bayard.http.wire;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body in its framing. Closing it ends the response, never the connection; whether
 * the connection can carry another response depends on {@link #complete()}.
 */
abstract class ResponseBody extends OutputStream {
    protected final OutputStream out;
    private boolean closed;

    ResponseBody(OutputStream out) {
        this.out = out;
    }

    /** Writes the framing's end, if it has one. */
    protected abstract void finish() throws IOException;

    /** Whether the body went out whole, so the client can tell where the next response begins. */
    abstract boolean complete();

    protected boolean closed() {
        return closed;
    }

    protected void checkOpen() throws IOException {
        if (closed) throw new IOException("response body already closed");
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        finish();
    }
}
