package org.bayard.http.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A connection's output buffer that exists only while a response is being written: made at the
 * first write, dropped at each flush (the end of every response). A BufferedOutputStream held its
 * 16 KB for the connection's whole life, also while it waited for a request or read one, which
 * was 16 KB of each of up to 512 connections for nothing.
 */
final class ResponseBuffer extends OutputStream {
    private final OutputStream socket;
    private final int size;
    private byte[] buf;
    private int count;

    ResponseBuffer(OutputStream socket, int size) {
        this.socket = socket;
        this.size = size;
    }

    @Override
    public void write(int b) throws IOException {
        if (buf == null) buf = new byte[size];
        if (count == buf.length) drain();
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len >= size) { // as large as the buffer: copying it through would only add a write
            drain();
            socket.write(b, off, len);
            return;
        }
        if (buf == null) buf = new byte[size];
        if (len > buf.length - count) drain();
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /** Sends what is buffered and lets the buffer go until the next write. */
    @Override
    public void flush() throws IOException {
        drain();
        buf = null;
        socket.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            socket.close();
        }
    }

    private void drain() throws IOException {
        if (count > 0) {
            socket.write(buf, 0, count);
            count = 0;
        }
    }
}
