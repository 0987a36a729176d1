package org.bayard.core.mailbox;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * Splits a stream in mbox format (mboxrd, mboxo, mboxcl, mboxcl2) or MMDF format into messages,
 * one at a time, holding at most one message (and never more than the limit of it) in memory,
 * and at times a second one's worth of bytes read ahead.
 *
 * <p>The format as read here:
 * <ul>
 *   <li>The stream is an mbox only if it begins with {@code "From "}, after any empty lines
 *       (which are framing, and dropped). Otherwise the whole stream is one message, yielded
 *       byte for byte; an empty stream is one empty message.
 *   <li>A separator is a line beginning with {@code "From "} at the start of the stream or
 *       right after a blank line ({@code "\n"} or {@code "\r\n"}). The separator line is not
 *       part of any message (it is the delivery envelope, not the mail), and the one blank line
 *       before a separator, or at the very end, belongs to the framing, not to the message.
 *   <li>When the first separator is a real envelope line ({@code From sender date}, see
 *       {@link EnvelopeLine}), every later separator must be one too: a body line such as
 *       "From the desk of ..." after a blank line stays in its message, as mutt and Dovecot
 *       read it. Not every writer of real envelope lines escapes body lines starting
 *       {@code From } (mboxcl2 writers never do, some export tools forget to), and a paragraph
 *       starting "From" split a message in two. A stream whose first line is no real envelope
 *       line (hand-made boxes, {@code From x}) keeps the looser rule: any {@code From } line
 *       separates.
 *   <li>A message whose own header (never a MIME part's) has a {@code Content-Length} ends
 *       where that length, counted from the end of its header, says, when that point is the
 *       end of the stream or a separator line (by the rule above), directly or after one blank line
 *       (the framing, dropped as above). This is how mboxcl2 mailboxes, which leave
 *       {@code From } lines in bodies unescaped, are read as their writers meant; mutt and
 *       Dovecot check a length the same way. A length that points anywhere else (into a line,
 *       past the end, at anything but a separator), or would make the message longer than the
 *       limit, is ignored and the message ends at the next separator: a wrong length does not
 *       swallow the messages after it (unless it ends exactly at one of their separators).
 *   <li>In a message, a line matching {@code >+From } loses one {@code >} (mboxrd). Every
 *       other byte is kept as it was, so CRLF and LF line ends both survive.
 *   <li>A stream that ends without a final newline yields its last message anyway, flagged
 *       {@link RawMessage.Anomaly#UNTERMINATED}.
 *   <li>A message longer than the limit is yielded cut to the limit and flagged
 *       {@link RawMessage.Anomaly#TRUNCATED}; the rest of it is read past, not stored. The
 *       limit applies to the bytes as they stand in the stream, before unescaping.
 * </ul>
 * {@link MboxWriter} writes exactly this format, so writing and reading back is byte-exact
 * (see there for the one change writing makes).
 *
 * <p>MMDF, which SCO's MMDF and mutt write: a stream that begins (after any empty lines) with a
 * line of four Ctrl-A characters ({@code "\u0001\u0001\u0001\u0001"}, LF or CRLF) holds each
 * message between two such lines. The delimiters, the empty lines between messages, and a real
 * envelope line right after an opening delimiter (mutt writes and reads one) are framing; every
 * other byte is the message's, {@code From} lines and {@code >} escapes as they stand (MMDF
 * escapes nothing). Text outside any message is kept as a message of its own up to the next
 * delimiter rather than lost, and a message the stream ends inside is yielded flagged
 * {@link RawMessage.Anomaly#UNCLOSED}. Each message is named {@code name#n}, even a lone one
 * read through {@link #file}: it loses its delimiters, which are no part of the mail.
 *
 * <p>Read from {@link MailInputs}, a file that begins with {@code "From "} but turns out to hold
 * a single message is yielded byte for byte, envelope line, escapes and all: such files are
 * single messages saved with their envelope, the common case, and the tokenizer skips a leading
 * {@code From } line. Read through {@link #mbox}, the same file is a mailbox of one message.
 *
 * <p>Not thread-safe. I/O failures surface as {@link UncheckedIOException} from
 * {@link #hasNext()} and {@link #next()}.
 */
public final class MboxReader implements Iterator<RawMessage>, Closeable {

    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};
    private static final byte[] MMDF_DELIMITER = {1, 1, 1, 1};

    private final InputStream in;
    private final String name;
    private final int limit;
    private final boolean singleVerbatim;

    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private boolean eof;

    private final CappedBuffer body;
    private final ContentLengthField contentLength = new ContentLengthField();
    private byte[] replay; // bytes read ahead and given back, read again before the stream's
    private int replayPos;
    private CappedBuffer envelope; // the first separator line, kept only while it may be needed
    private boolean started;
    private boolean strictSeparators; // the first separator was a real envelope line: so must the others be
    private boolean mmdf;
    private boolean whole; // no mailbox: the stream is one message, read as it stands
    private boolean done;
    private int count;
    private boolean lastLineBlank;
    private long lastLineLength;
    private boolean endedWithoutNewline;
    private RawMessage next;

    private MboxReader(InputStream in, String name, int limit, boolean singleVerbatim) {
        this.in = Objects.requireNonNull(in, "in");
        this.name = Objects.requireNonNull(name, "name");
        this.limit = checkLimit(limit);
        this.singleVerbatim = singleVerbatim;
        this.body = new CappedBuffer(limit);
    }

    /**
     * Reads {@code in} as a mailbox: every message, even a lone one, is named {@code name#n}
     * and has its separator removed and its escapes undone.
     */
    public static MboxReader mbox(InputStream in, String name, int maxMessageBytes) {
        return new MboxReader(in, name, maxMessageBytes, false);
    }

    /** Reads a file a user named: a lone message comes back as the file's bytes, named {@code name}. */
    static MboxReader file(InputStream in, String name, int maxMessageBytes) {
        return new MboxReader(in, name, maxMessageBytes, true);
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                next = advance();
            } catch (IOException e) {
                done = true;
                throw new UncheckedIOException("error reading " + name + ": " + e.getMessage(), e);
            }
        }
        return next != null;
    }

    /**
     * Set once a message's Content-Length could not be checked for the limit (longer than it,
     * or in a header cut at it): read with a larger limit, the message might end elsewhere.
     */
    private boolean countUnchecked;

    /** Whether some message read so far had a Content-Length this reader's limit kept it from checking. */
    boolean countUnchecked() {
        return countUnchecked;
    }

    /** The message {@link #next} would return, left to it; null when there is none. */
    RawMessage peek() {
        return hasNext() ? next : null;
    }

    @Override
    public RawMessage next() {
        if (!hasNext()) throw new NoSuchElementException();
        RawMessage m = next;
        next = null;
        return m;
    }

    @Override
    public void close() throws IOException {
        done = true;
        in.close();
    }

    /**
     * Whether the stream is a mailbox (mbox or MMDF) by the rules above, rather than one message
     * read whole; an empty stream is not. Reads only as far as the first line past any empty
     * lines, so a caller can ask before taking any message, and decide as this reader reads.
     */
    public boolean isMailbox() {
        try {
            begin();
        } catch (IOException e) {
            done = true;
            throw new UncheckedIOException("error reading " + name + ": " + e.getMessage(), e);
        }
        return !whole;
    }

    /** Once, at the start: past any empty lines, decides mbox, MMDF or a lone message. */
    private void begin() throws IOException {
        if (started) return;
        started = true;
        int blank = leadingBlankLines();
        if (isMmdfDelimiter(buf, pos + blank, lim)) {
            pos += blank;
            mmdf = true;
        } else if (!startsWith(buf, pos + blank, lim, FROM)) {
            whole = true;
        } else {
            pos += blank;
            ensureLine(0, EnvelopeLine.LOOKAHEAD);
            strictSeparators = EnvelopeLine.isEnvelope(buf, pos, lim);
            envelope = singleVerbatim ? new CappedBuffer(limit) : null;
            readLine(envelope);
        }
    }

    private RawMessage advance() throws IOException {
        begin();
        if (whole) {
            done = true;
            return readWhole();
        }
        if (mmdf) return nextMmdfMessage();
        body.reset();
        contentLength.reset();
        lastLineBlank = false;
        lastLineLength = 0;
        boolean inHeader = true;
        boolean counted = false; // the message's Content-Length was trusted: it ends here
        while (true) {
            ensure(FROM.length);
            if (pos == lim) {
                done = true;
                return finish(true);
            }
            if ((lastLineBlank || counted) && separatorAt(0)) {
                RawMessage m = finish(false);
                readLine(null);
                return m;
            }
            int lineStart = (int) Math.min(body.offered(), limit);
            readLine(body);
            if (!inHeader) continue;
            if (lastLineBlank) {
                inHeader = false;
                long length = contentLength.value();
                counted = length >= 0 && readCounted(length);
            } else if (body.overflowed()) {
                contentLength.spoil();
                countUnchecked = true;
            } else {
                contentLength.offer(body.array(), lineStart, body.stored());
            }
        }
    }

    /**
     * MMDF: past empty lines and the opening delimiter, then every line up to the closing one;
     * null at the end of the stream.
     */
    private RawMessage nextMmdfMessage() throws IOException {
        body.reset();
        boolean opened = false;
        while (!opened) {
            ensureLine(0, MMDF_DELIMITER.length + 2);
            if (pos == lim) {
                done = true;
                return null;
            }
            if (isMmdfDelimiter(buf, pos, lim)) {
                readLine(null);
                opened = true;
            } else if (buf[pos] == '\n' || buf[pos] == '\r' && pos + 1 < lim && buf[pos + 1] == '\n') {
                readLine(null);
            } else {
                break; // text outside any message: a message of its own, up to the next delimiter
            }
        }
        if (opened) {
            ensureLine(0, EnvelopeLine.LOOKAHEAD);
            if (EnvelopeLine.isEnvelope(buf, pos, lim)) readLine(null);
        }
        while (true) {
            ensureLine(0, MMDF_DELIMITER.length + 2);
            if (pos == lim) {
                done = true;
                return finishMmdf(false);
            }
            if (isMmdfDelimiter(buf, pos, lim)) {
                readLine(null);
                return finishMmdf(true);
            }
            readLine(body);
        }
    }

    private RawMessage finishMmdf(boolean closed) {
        count++;
        Set<RawMessage.Anomaly> anomalies = EnumSet.noneOf(RawMessage.Anomaly.class);
        if (body.overflowed()) anomalies.add(RawMessage.Anomaly.TRUNCATED);
        if (!closed) anomalies.add(RawMessage.Anomaly.UNCLOSED);
        return new RawMessage(name + "#" + count, Arrays.copyOf(body.array(), body.stored()), anomalies);
    }

    /**
     * A line of exactly four Ctrl-A at {@code p}, ended by LF, CRLF or the end of the stream
     * (which {@code lim} is when fewer bytes than a delimiter line and a line end are visible).
     */
    static boolean isMmdfDelimiter(byte[] a, int p, int lim) {
        if (!startsWith(a, p, lim, MMDF_DELIMITER)) return false;
        int q = p + MMDF_DELIMITER.length;
        return q == lim || a[q] == '\n' || a[q] == '\r' && q + 1 < lim && a[q + 1] == '\n';
    }

    /**
     * Right after the header: reads the {@code length} bytes the header declares into the body
     * and keeps them if the next message (or the end) begins there; the one blank line between
     * is read too, as framing. Otherwise gives them back to be read line by line, and the state
     * is as it was at the end of the header.
     */
    private boolean readCounted(long length) throws IOException {
        long start = body.offered();
        if (start + length > limit) { // then they could not all be given back
            countUnchecked = true;
            return false;
        }
        long left = length;
        while (left > 0 && (pos < lim || fill())) {
            int take = (int) Math.min(left, lim - pos);
            body.append(buf, pos, take);
            pos += take;
            left -= take;
        }
        if (left == 0 && nextMessageBeginsHere(length)) {
            lastLineBlank = false;
            if (pos < lim && !startsWithFrom()) readLine(body);
            return true;
        }
        int read = (int) (body.offered() - start);
        unread(body.array(), (int) start, read);
        body.dropLast(read);
        return false;
    }

    /** At the end of a counted body: a line start followed by the end, or a separator, or a blank line and one of those. */
    private boolean nextMessageBeginsHere(long length) throws IOException {
        if (length > 0 && body.array()[body.stored() - 1] != '\n') return false;
        ensure(2 + FROM.length);
        int skip = 0;
        if (pos + 1 < lim && buf[pos] == '\r' && buf[pos + 1] == '\n') {
            skip = 2;
        } else if (pos < lim && buf[pos] == '\n') {
            skip = 1;
        }
        if (pos + skip == lim) return true; // the end of the stream, as fewer bytes than asked for are there
        return separatorAt(skip);
    }

    /** Puts {@code a[off..off+len)} back in front of everything not yet read. */
    private void unread(byte[] a, int off, int len) {
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

    private RawMessage finish(boolean atEnd) {
        count++;
        Set<RawMessage.Anomaly> anomalies = EnumSet.noneOf(RawMessage.Anomaly.class);
        if (atEnd && count == 1 && envelope != null) {
            long total = envelope.offered() + body.offered();
            byte[] out = new byte[(int) Math.min(total, limit)];
            System.arraycopy(envelope.array(), 0, out, 0, envelope.stored());
            System.arraycopy(body.array(), 0, out, envelope.stored(), out.length - envelope.stored());
            if (total > limit) anomalies.add(RawMessage.Anomaly.TRUNCATED);
            return new RawMessage(name, out, anomalies);
        }
        envelope = null;
        if (lastLineBlank) body.dropLast(lastLineLength);
        if (body.overflowed()) anomalies.add(RawMessage.Anomaly.TRUNCATED);
        if (atEnd && endedWithoutNewline) anomalies.add(RawMessage.Anomaly.UNTERMINATED);
        return new RawMessage(name + "#" + count, unescape(body.array(), body.stored()), anomalies);
    }

    /**
     * How many bytes of empty lines ({@code \n} or {@code \r\n}) the stream starts with, made
     * visible from {@code pos} with the bytes after them. A mailbox joined with {@code cat} after
     * an {@code echo}, or saved by a tool that writes a blank line before each message, starts
     * with one; read as a lone message it was learned as one message holding all of them.
     */
    private int leadingBlankLines() throws IOException {
        int blank = 0;
        int lookahead = 2 + FROM.length; // the next line end and a separator's first bytes
        while (blank + lookahead <= buf.length) {
            ensure(blank + lookahead);
            if (pos + blank < lim && buf[pos + blank] == '\n') {
                blank++;
            } else if (pos + blank + 1 < lim && buf[pos + blank] == '\r' && buf[pos + blank + 1] == '\n') {
                blank += 2;
            } else {
                return blank;
            }
        }
        return 0; // a buffer of nothing but line ends is no mailbox
    }

    /** The stream is not an mbox: all of it, up to the limit, is one message. */
    private RawMessage readWhole() throws IOException {
        count++;
        body.append(buf, pos, lim - pos);
        pos = lim;
        // Stop at the limit: nothing after it would be kept, and this is a file, not a pipe.
        while (!body.overflowed() && fill()) {
            body.append(buf, pos, lim - pos);
            pos = lim;
        }
        Set<RawMessage.Anomaly> anomalies = body.overflowed() ? Set.of(RawMessage.Anomaly.TRUNCATED) : Set.of();
        return new RawMessage(name, Arrays.copyOf(body.array(), body.stored()), anomalies);
    }

    /** Moves one line, through its LF or to the end of the stream, into {@code sink} (null: skip it). */
    private void readLine(CappedBuffer sink) throws IOException {
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

    /** Undoes mboxrd escaping in place: a line {@code >+From } loses its first {@code >}. */
    static byte[] unescape(byte[] a, int len) {
        int w = 0;
        int r = 0;
        while (r < len) {
            int q = r;
            while (q < len && a[q] == '>') q++;
            if (q > r && startsWith(a, q, len, FROM)) r++;
            int end = r;
            while (end < len && a[end] != '\n') end++;
            if (end < len) end++;
            System.arraycopy(a, r, a, w, end - r);
            w += end - r;
            r = end;
        }
        return Arrays.copyOf(a, w);
    }

    private boolean startsWithFrom() {
        return startsWith(buf, pos, lim, FROM);
    }

    /** A separator line starts {@code skip} bytes past {@code pos}, by the rule the first one set. */
    private boolean separatorAt(int skip) throws IOException {
        if (!startsWith(buf, pos + skip, lim, FROM)) return false;
        if (!strictSeparators) return true;
        ensureLine(skip, EnvelopeLine.LOOKAHEAD);
        return EnvelopeLine.isEnvelope(buf, pos + skip, lim);
    }

    static int checkLimit(int maxMessageBytes) {
        if (maxMessageBytes < 1 || maxMessageBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxMessageBytes must be in 1.." + (Integer.MAX_VALUE - 8) + ": " + maxMessageBytes);
        }
        return maxMessageBytes;
    }

    static boolean startsWith(byte[] a, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (a[from + i] != prefix[i]) return false;
        }
        return true;
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
     * Makes the line that starts {@code skip} bytes past {@code pos} visible through its LF, or
     * its first {@code max} bytes, unless the stream ends first. No more: a pipe that pauses
     * after a complete line (a mailbox streamed in) must not hold back the message before it.
     */
    private void ensureLine(int skip, int max) throws IOException {
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

    /** Makes at least {@code n} bytes visible from {@code pos}, unless the stream ends first. */
    private void ensure(int n) throws IOException {
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
