package org.bayard.core.mailbox;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Test helpers: Latin-1 strings stand for bytes one to one, which keeps expectations readable. */
final class Bytes {

    private Bytes() {}

    static byte[] of(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Hands out one byte per read, as a slow pipe may: framing bugs live at buffer edges. */
    static InputStream oneByteAtATime(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    /**
     * Hands out {@code bytes}, then fails any further read, as a pipe whose writer paused would
     * block: a reader must yield what the bytes already settle without reading on.
     */
    static InputStream pausingAfter(byte[] bytes) {
        return new FilterInputStream(new java.io.ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) throw new IOException("read past what the writer sent: a pipe would block here");
                return n;
            }

            @Override
            public int read() throws IOException {
                throw new UnsupportedOperationException();
            }
        };
    }
}
