package org.bayard.http.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A chunked body: size lines in hex (extensions ignored), data, and after the last chunk optional
 * trailer fields, which are read and dropped. Size lines and trailers have their own small caps;
 * the total size is the handler's to limit, as it is for a declared length.
 */
final class ChunkedBody extends RequestBody {
    private static final int MAX_SIZE_LINE = 1024;
    private static final int MAX_TRAILER_BYTES = 8 * 1024;

    private final InputStream in;
    private final LineReader lines;
    private long leftInChunk;
    private boolean done;

    ChunkedBody(InputStream in) {
        this.in = in;
        this.lines = new LineReader(in);
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (done) return -1;
        if (len == 0) return 0;
        if (leftInChunk == 0 && !nextChunk()) return -1;
        int n = in.read(buf, off, (int) Math.min(len, leftInChunk));
        if (n < 0) throw new MalformedBody("request body ended inside a chunk");
        leftInChunk -= n;
        if (leftInChunk == 0 && !"".equals(line(2))) throw new MalformedBody("bad chunked body: chunk data not followed by CRLF");
        return n;
    }

    /** Reads the next size line; false at the last chunk, after its trailer. */
    private boolean nextChunk() throws IOException {
        String line = line(MAX_SIZE_LINE);
        if (line == null) throw new MalformedBody("request body ended before its last chunk");
        int semicolon = line.indexOf(';');
        // hex digits first, then only the blanks HTTP allows before an extension
        String size = stripTrailingBlanks(semicolon < 0 ? line : line.substring(0, semicolon));
        if (!size.matches("[0-9a-fA-F]{1,15}")) throw new MalformedBody("bad chunked body: bad chunk size");
        leftInChunk = Long.parseLong(size, 16);
        if (leftInChunk > 0) return true;
        skipTrailer();
        done = true;
        return false;
    }

    private void skipTrailer() throws IOException {
        long start = lines.consumed();
        for (;;) {
            String field = line(MAX_TRAILER_BYTES - (lines.consumed() - start));
            if (field == null) throw new MalformedBody("request body ended inside its trailer");
            if (field.isEmpty()) return;
        }
    }

    /**
     * A framing line; one too long or cut off by the end of input is the body's fault, and so is
     * one holding a control character (a bare CR) or ended by a bare LF: chunked framing is CRLF only (the leniency HTTP allows is for the
     * head), and a proxy in front that reads a bare LF as data would see other chunks than we do.
     */
    private String line(long max) throws IOException {
        String line;
        try {
            line = lines.read(max);
        } catch (LineTooLong | java.io.EOFException e) {
            throw new MalformedBody("bad chunked body: " + e.getMessage());
        }
        if (line != null && lines.endedWithBareLf()) throw new MalformedBody("bad chunked body: a line ended without CR");
        // a bare CR left in the line: a proxy that ends lines at a CR would see two lines where we see one
        if (line != null && hasControl(line)) throw new MalformedBody("bad chunked body: a control character in a framing line");
        return line;
    }

    /** Any control character but a tab: none belongs in a size line, an extension or a trailer field. */
    private static boolean hasControl(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7f) return true;
        }
        return false;
    }

    private static String stripTrailingBlanks(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) end--;
        return s.substring(0, end);
    }

    @Override
    public int available() throws IOException {
        return done ? 0 : (int) Math.min(in.available(), leftInChunk);
    }

    @Override
    boolean finished() {
        return done;
    }

    /** Unknown: a chunked body says its size one chunk at a time. */
    @Override
    long knownRest() {
        return -1;
    }

    @Override
    boolean restAtMost(long bytes) {
        return done; // the size of chunks still to come is unknown
    }
}
