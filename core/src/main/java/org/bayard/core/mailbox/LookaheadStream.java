package org.bayard.core.mailbox;

import java.io.IOException;
import java.io.InputStream;

/**
 * The byte source under {@link MboxReader}: a stream read through one fixed buffer, so a reader
 * can look a little ahead (a separator's first bytes, an envelope line, a delimiter line), move
 * whole lines or counted runs of bytes into a {@link CappedBuffer}, and give back bytes it read
 * ahead to be read again. It holds no more than its buffer and the bytes given back.
 *
 * <p>It also remembers the last line it moved: its length, whether it was blank, and whether
 * some line ended without a newline, which is how the readers tell the framing from the mail.
 */
final class LookaheadStream {

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private boolean eof;

    private byte[] replay; // bytes read ahead and given back, read again before the stream's
    private int replayPos;

    private boolean lastLineBlank;
    private long lastLineLength;
    private boolean endedWithoutNewline;

    LookaheadStream(InputStream in) {
        this.in = in;
    }

    void close() throws IOException {
        in.close();
    }

    /** How many bytes {@link #ensure} can make visible at most. */
    int capacity() {
        return buf.length;
    }

    /** Nothing is visible: after {@link #ensure} or {@link #ensureLine}, the end of the stream. */
    boolean atEnd() {
        return pos == lim;
    }

    /** Exactly {@code n} bytes are visible (with {@link #ensure}, fewer than asked: the end of the stream). */
    boolean visibleIs(int n) {
        return pos + n == lim;
    }

    /** The visible bytes {@code skip} past the read position begin with {@code prefix}. */
    boolean startsWith(int skip, byte[] prefix) {
        return MboxReader.startsWith(buf, pos + skip, lim, prefix);
    }

    /** A real envelope line ({@link EnvelopeLine}) starts {@code skip} bytes past the read position. */
    boolean envelopeAt(int skip) {
        return EnvelopeLine.isEnvelope(buf, pos + skip, lim);
    }

    /** An MMDF delimiter line ({@link MmdfMessages#isDelimiter}) starts {@code skip} bytes past the read position. */
    boolean mmdfDelimiterAt(int skip) {
        return MmdfMessages.isDelimiter(buf, pos + skip, lim);
    }

    /** Passes over {@code n} visible bytes. */
    void skip(int n) {
        pos += n;
    }

    /** The length of the line end ({@code \n}: 1, {@code \r\n}: 2) visible {@code skip} bytes on, or 0. */
    int lineEndAt(int skip) {
        int p = pos + skip;
        if (p < lim && buf[p] == '\n') return 1;
        if (p + 1 < lim && buf[p] == '\r' && buf[p + 1] == '\n') return 2;
        return 0;
    }

    boolean lastLineBlank() {
        return lastLineBlank;
    }

    long lastLineLength() {
        return lastLineLength;
    }

    /** Some line, the stream's last, ended without a newline. */
    boolean endedWithoutNewline() {
        return endedWithoutNewline;
    }

    /** Forgets the last line moved, as at the start of a message. */
    void forgetLastLine() {
        lastLineBlank = false;
        lastLineLength = 0;
    }

    /** Moves one line, through its LF or to the end of the stream, into {@code sink} (null: skip it). */
    void readLine(CappedBuffer sink) throws IOException {
        long length = 0;
        int first = -1;
        boolean ended = false;
        while (pos < lim || fill()) {
            if (first < 0) first = buf[pos];
            int end = pos;
            while (end < lim && buf[end] != '\n') end++;
            ended = end < lim;
            if (ended) end++;
            if (sink != null) sink.append(buf, pos, end - pos);
            length += end - pos;
            pos = end;
            if (ended) break;
        }
        lastLineLength = length;
        lastLineBlank = ended && (length == 1 || length == 2 && first == '\r');
        if (!ended) endedWithoutNewline = true;
    }

    /** Moves up to {@code n} bytes into {@code sink}; returns how many the stream ended short of {@code n}. */
    long readBytes(long n, CappedBuffer sink) throws IOException {
        long left = n;
        while (left > 0 && (pos < lim || fill())) {
            int take = (int) Math.min(left, lim - pos);
            sink.append(buf, pos, take);
            pos += take;
            left -= take;
        }
        return left;
    }

    /** Moves the rest of the stream into {@code sink}, stopping once it overflows. */
    void readRest(CappedBuffer sink) throws IOException {
        sink.append(buf, pos, lim - pos);
        pos = lim;
        // Stop at the limit: nothing after it would be kept, and this is a file, not a pipe.
        while (!sink.overflowed() && fill()) {
            sink.append(buf, pos, lim - pos);
            pos = lim;
        }
    }

    /** Puts {@code a[off..off+len)} back in front of everything not yet read. */
    void unread(byte[] a, int off, int len) {
        int replayLeft = replay == null ? 0 : replay.length - replayPos;
        byte[] back = new byte[len + (lim - pos) + replayLeft];
        System.arraycopy(a, off, back, 0, len);
        System.arraycopy(buf, pos, back, len, lim - pos);
        if (replayLeft > 0) System.arraycopy(replay, replayPos, back, len + lim - pos, replayLeft);
        replay = back.length > 0 ? back : null;
        replayPos = 0;
        pos = 0;
        lim = 0;
        eof = false;
    }

    /** Reads what was given back first, then the stream. */
    private int read(byte[] b, int off, int len) throws IOException {
        if (replay == null) return in.read(b, off, len);
        int n = Math.min(len, replay.length - replayPos);
        System.arraycopy(replay, replayPos, b, off, n);
        replayPos += n;
        if (replayPos == replay.length) replay = null;
        return n;
    }

    /** Refills an empty buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        pos = 0;
        lim = 0;
        while (!eof) {
            int n = read(buf, 0, buf.length);
            if (n < 0) {
                eof = true;
            } else if (n > 0) {
                lim = n;
                return true;
            }
        }
        return false;
    }

    /**
     * Makes the line that starts {@code skip} bytes past the read position visible through its
     * LF, or its first {@code max} bytes, unless the stream ends first. No more: a pipe that
     * pauses after a complete line (a mailbox streamed in) must not hold back the message before it.
     */
    void ensureLine(int skip, int max) throws IOException {
        int scanned = 0; // bytes of the line already looked at for an LF
        while (true) {
            int from = pos + skip;
            int end = Math.min(lim, from + max);
            for (int i = from + scanned; i < end; i++) {
                if (buf[i] == '\n') return;
            }
            if (lim - from >= max || eof) return;
            scanned = Math.max(0, lim - from);
            ensure(lim - pos + 1);
        }
    }

    /** Makes at least {@code n} bytes visible from the read position, unless the stream ends first. */
    void ensure(int n) throws IOException {
        if (lim - pos >= n || eof) return;
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        lim -= pos;
        pos = 0;
        while (lim < n) {
            int r = read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
                return;
            }
            lim += r;
        }
    }
}
