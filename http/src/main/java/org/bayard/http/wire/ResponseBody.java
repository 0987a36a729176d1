package org.bayard.http.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

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

    /** Sends {@code len > 0} checked bytes in the framing. */
    protected abstract void send(byte[] b, int off, int len) throws IOException;

    /** Writes the framing's end; most framings have none (a length or the connection's close ends them). */
    protected void finish() throws IOException {}

    /** Whether the body went out whole, so the client can tell where the next response begins. */
    abstract boolean complete();

    protected boolean closed() {
        return closed;
    }

    @Override
    public final void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) throw new IOException("response body already closed");
        if (len > 0) send(b, off, len); // an empty chunk would end a chunked body
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
