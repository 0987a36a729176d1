package org.bayard.smtp;

import java.io.IOException;
import java.io.InputStream;

/**
 * A session's input from its client, through one small buffer that the DATA framer reads in place
 * ({@link #readMessage}), so that what follows the final dot stays buffered for the
 * next command without a second copy. A session spends most of its life waiting here for a
 * command: a 64 KB buffer for it (and 64 KB more to read each message through) made each
 * connection cost 64 KB before it sent a byte, and a few hundred idle connections, with their
 * next-hop connections, ran a small heap out.
 */
final class ClientInput extends InputStream {
    /** Many pipelined commands, or a good part of a message, per read; a few KB per connection. */
    static final int SIZE = 4096;

    private InputStream in;
    private final byte[] buf;
    private int pos;
    private int count;

    ClientInput(InputStream in) {
        this.in = in;
        this.buf = new byte[SIZE];
    }

    /**
     * Makes sure something is buffered, reading from the client (blocking) when nothing is;
     * how many bytes are buffered then, or -1 at the end of the stream.
     */
    private int fill() throws IOException {
        if (pos < count) return count - pos;
        int n = in.read(buf, 0, buf.length);
        if (n < 0) return -1;
        pos = 0;
        count = n;
        return n;
    }

    /**
     * Reads from {@code next} from now on (the connection's TLS stream after STARTTLS), dropping what
     * was buffered: the client sent it in plaintext after STARTTLS, where nothing may be run as if it
     * came over TLS (RFC 3207 section 5; Postfix's CVE-2011-0411).
     */
    void switchTo(InputStream next) {
        in = next;
        pos = 0;
        count = 0;
    }

    /**
     * Feeds the client's bytes to {@code decoder}, which writes the message to {@code sink}, until
     * its final dot; each piece is framed where it was read, so the commands a client pipelined
     * after the dot stay buffered. False when the client left first.
     */
    boolean readMessage(DataDecoder decoder, java.io.OutputStream sink) throws IOException {
        while (!decoder.done()) {
            int n = fill();
            if (n < 0) return false;
            consume(decoder.feed(buf, pos, n, sink));
        }
        return true;
    }

    /**
     * Feeds the next {@code octets} of the client's bytes, a BDAT chunk, to {@code decoder}, which
     * writes the message to {@code sink}; what follows the chunk stays buffered for the next command.
     * False when the client left first.
     */
    boolean readChunk(long octets, ChunkDecoder decoder, java.io.OutputStream sink) throws IOException {
        long left = octets;
        while (left > 0) {
            int n = fill();
            if (n < 0) return false;
            int take = (int) Math.min(n, left);
            decoder.feed(buf, pos, take, sink);
            consume(take);
            left -= take;
        }
        return true;
    }

    /** Marks {@code n} buffered bytes as read. */
    private void consume(int n) {
        if (n < 0 || n > count - pos) throw new IllegalArgumentException("consuming " + n + " of " + (count - pos) + " buffered bytes");
        pos += n;
    }

    @Override
    public int read() throws IOException {
        if (fill() < 0) return -1;
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        int n = fill();
        if (n < 0) return -1;
        n = Math.min(n, len);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** What is buffered and what the socket has ready: more than 0 means the client sent ahead. */
    @Override
    public int available() throws IOException {
        return (count - pos) + in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
