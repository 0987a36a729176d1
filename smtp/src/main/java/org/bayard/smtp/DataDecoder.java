package org.bayard.smtp;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The DATA framer: bytes from the wire in, the message out, dot-unstuffed. Pure: no sockets, no
 * clock; feed it any split of the stream (one byte at a time included) and it gives the same result.
 *
 * <p>Strict on purpose, which is what defeats SMTP smuggling: a line ends only at CR LF, so only
 * {@code CRLF . CRLF} ends the message. A bare CR or a bare LF does not start a line (a dot after
 * it is ordinary content) and is recorded as a violation; the session then refuses the message
 * once the real end arrives, so whatever a peer hid behind {@code LF . LF} never becomes a
 * second message. A NUL is content like any other byte.
 *
 * <p>The message written out is everything before the final {@code . CRLF}, including the CR LF
 * that ended its last line. Past {@code maxBytes} nothing more is written but framing goes on,
 * so the reply can come after the real end ({@link #overflow()}).
 */
public final class DataDecoder implements MessageFraming {
    private enum State { LINE_START, IN_LINE, CR, DOT, DOT_CR, DONE }

    private final long maxBytes;
    private State state = State.LINE_START;
    private long written;
    private boolean overflow;
    private boolean bareNewline;

    public DataDecoder(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Frames up to {@code len} bytes, writing message bytes to {@code sink}.
     *
     * @return how many bytes were consumed: all of them, or fewer when the end of data was among
     *     them (the rest belongs to the next command)
     */
    public int feed(byte[] b, int off, int len, OutputStream sink) throws IOException {
        int i = off;
        int end = off + len;
        int runStart = -1; // start of a run of plain content bytes, written in one go
        while (i < end && state != State.DONE) {
            byte c = b[i];
            switch (state) {
                case LINE_START -> {
                    if (c == '.') {
                        state = State.DOT;
                    } else {
                        state = State.IN_LINE;
                        continue; // reprocess as content
                    }
                }
                case IN_LINE -> {
                    if (c == '\r') {
                        state = State.CR;
                    } else {
                        if (c == '\n') bareNewline = true; // bare LF: content, never a line end
                        if (runStart < 0) runStart = i;
                        i++;
                        continue;
                    }
                }
                case CR -> {
                    if (c == '\n') {
                        write(sink, CRLF, 0, 2);
                        state = State.LINE_START;
                    } else {
                        bareNewline = true; // bare CR: kept as content, the byte after it is reprocessed
                        write(sink, CR_ONLY, 0, 1);
                        state = State.IN_LINE;
                        flush(b, runStart, i, sink);
                        runStart = -1;
                        continue;
                    }
                }
                case DOT -> {
                    if (c == '\r') {
                        state = State.DOT_CR;
                    } else {
                        state = State.IN_LINE; // a stuffed dot: dropped, the byte is content
                        continue;
                    }
                }
                case DOT_CR -> {
                    if (c == '\n') {
                        state = State.DONE;
                    } else {
                        bareNewline = true; // "." CR x: the line was a lone dot's content, the CR bare
                        write(sink, CR_ONLY, 0, 1);
                        state = State.IN_LINE;
                        continue;
                    }
                }
                case DONE -> throw new IllegalStateException("unreachable");
            }
            flush(b, runStart, i, sink);
            runStart = -1;
            i++;
        }
        flush(b, runStart, i, sink);
        return i - off;
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CR_ONLY = {'\r'};

    private void flush(byte[] b, int runStart, int upTo, OutputStream sink) throws IOException {
        if (runStart >= 0 && upTo > runStart) write(sink, b, runStart, upTo - runStart);
    }

    private void write(OutputStream sink, byte[] b, int off, int len) throws IOException {
        long room = maxBytes - written;
        if (len > room) {
            overflow = true;
            len = (int) Math.max(0, room);
        }
        if (len > 0) sink.write(b, off, len);
        written += len;
    }

    /** Whether {@code CRLF . CRLF} has been seen. */
    public boolean done() {
        return state == State.DONE;
    }

    /** Whether a bare CR or LF appeared anywhere in the data. */
    @Override
    public boolean bareNewline() {
        return bareNewline;
    }

    /** Whether the message was longer than the limit (and so was cut). */
    @Override
    public boolean overflow() {
        return overflow;
    }

    public long written() {
        return written;
    }
}
