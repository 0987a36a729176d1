package org.bayard.http.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** A body of a declared length (0 for a request without one). */
final class FixedLengthBody extends RequestBody {
    private final InputStream in;
    private long remaining;

    FixedLengthBody(InputStream in, long length) {
        this.in = in;
        this.remaining = length;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (remaining == 0) return -1;
        if (len == 0) return 0;
        int n = in.read(buf, off, (int) Math.min(len, remaining));
        if (n < 0) throw new MalformedBody("request body ended " + remaining + " bytes early");
        remaining -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    @Override
    boolean finished() {
        return remaining == 0;
    }

    @Override
    long knownRest() {
        return remaining;
    }

    @Override
    boolean restAtMost(long bytes) {
        return remaining <= bytes;
    }
}
