package org.bayard.core.store.dump;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * gzip data decompressed as gzip reads it: concatenated members (cat a.gz b.gz) as one stream,
 * each member's CRC-32 and length checked, and anything after the last member that is not another
 * member refused with {@link TrailingGarbageException}. GZIPInputStream ignores such bytes without
 * a word, and whether it reads a next member at all depends on the Java version, while a backup
 * with bytes after its end is one that was damaged or overwritten, which gzip -t reports.
 */
final class StrictGzipInputStream extends InputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xe0;

    /** Bytes after the end of the last gzip member that do not begin another. */
    static final class TrailingGarbageException extends ZipException {
        TrailingGarbageException() {
            super("the file goes on after its gzip data ends (trailing garbage): the copy may be damaged");
        }
    }

    private final byte[] buf = new byte[1 << 16];
    private final PushbackInputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] one = new byte[1];
    private int filled;
    private boolean ended;

    /** Reads the first member's header: an IOException when {@code in} does not begin with one. */
    StrictGzipInputStream(InputStream in) throws IOException {
        this.in = new PushbackInputStream(in, buf.length);
        memberHeader();
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!ended) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException("invalid compressed data: " + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                return n;
            }
            if (inflater.finished()) {
                memberEnd();
            } else if (inflater.needsDictionary()) {
                throw new ZipException("invalid compressed data: it asks for a preset dictionary");
            } else if (inflater.needsInput()) {
                filled = in.read(buf);
                if (filled < 0) throw new EOFException("the compressed data ends early");
                inflater.setInput(buf, 0, filled);
            }
        }
        return -1;
    }

    /** Checks a finished member's trailer, then begins the next member or ends at the input's end. */
    private void memberEnd() throws IOException {
        int unused = inflater.getRemaining();
        if (unused > 0) in.unread(buf, filled - unused, unused);
        long storedCrc = uint32();
        long storedLength = uint32();
        if (storedCrc != crc.getValue() || storedLength != (inflater.getBytesWritten() & 0xffffffffL)) {
            throw new ZipException("corrupt gzip trailer (CRC or length does not match the data)");
        }
        int next = in.read();
        if (next < 0) {
            ended = true;
            return;
        }
        in.unread(next);
        memberHeader();
    }

    /** RFC 1952's member header, skipped over; any other bytes here are trailing garbage. */
    private void memberHeader() throws IOException {
        int id1 = in.read();
        int id2 = in.read();
        if (id1 != 0x1f || id2 != 0x8b) throw new TrailingGarbageException();
        if (u8() != 8) throw new ZipException("unsupported gzip compression method");
        int flags = u8();
        if ((flags & RESERVED) != 0) throw new ZipException("reserved gzip flags set");
        skip(6); // modification time, extra flags, operating system
        if ((flags & FEXTRA) != 0) skip(u8() | u8() << 8);
        if ((flags & FNAME) != 0) skipZeroTerminated();
        if ((flags & FCOMMENT) != 0) skipZeroTerminated();
        if ((flags & FHCRC) != 0) skip(2);
        inflater.reset();
        crc.reset();
    }

    private int u8() throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException("the compressed data ends early, in a gzip header");
        return b;
    }

    private long uint32() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) v |= (long) u8() << (8 * i);
        return v;
    }

    private void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) u8();
    }

    private void skipZeroTerminated() throws IOException {
        while (u8() != 0) {
            // a file name or comment: not needed
        }
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
