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
 *   <li>A message whose own header has a {@code Content-Length} ends where that length says,
 *       when a separator (by the rule above) or the end of the stream is there: see
 *       {@link CountedBody} for the rule exactly.
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
 * <p>MMDF, a stream that begins (after any empty lines) with a line of four Ctrl-A characters,
 * is read by {@link MmdfMessages}, which describes that format.
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

    private final LookaheadStream in;
    private final String name;
    private final int limit;
    private final boolean singleVerbatim;

    private final CappedBuffer body;
    private final ContentLengthField contentLength = new ContentLengthField();
    private final CountedBody countedBody;
    private CappedBuffer envelope; // the first separator line, kept only while it may be needed
    private boolean started;
    private boolean strictSeparators; // the first separator was a real envelope line: so must the others be
    private MmdfMessages mmdf; // set when the stream is MMDF, which it reads instead
    private boolean whole; // no mailbox: the stream is one message, read as it stands
    private boolean done;
    private int count;
    private RawMessage next;

    private MboxReader(InputStream in, String name, int limit, boolean singleVerbatim) {
        this.in = new LookaheadStream(Objects.requireNonNull(in, "in"));
        this.name = Objects.requireNonNull(name, "name");
        this.limit = checkLimit(limit);
        this.singleVerbatim = singleVerbatim;
        this.body = new CappedBuffer(limit);
        this.countedBody = new CountedBody(this.in, body, limit, this::separatorAt);
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
     * Set once a message's Content-Length could not be checked because it stood in a header cut
     * at the limit (a length longer than the limit is {@link CountedBody}'s to note): read with a
     * larger limit, the message might end elsewhere.
     */
    private boolean countUnchecked;

    /** Whether some message read so far had a Content-Length this reader's limit kept it from checking. */
    boolean countUnchecked() {
        return countUnchecked || countedBody.unchecked();
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
        if (in.mmdfDelimiterAt(blank)) {
            in.skip(blank);
            mmdf = new MmdfMessages(in, name, body);
        } else if (!in.startsWith(blank, FROM)) {
            whole = true;
        } else {
            in.skip(blank);
            in.ensureLine(0, EnvelopeLine.LOOKAHEAD);
            strictSeparators = in.envelopeAt(0);
            envelope = singleVerbatim ? new CappedBuffer(limit) : null;
            in.readLine(envelope);
        }
    }

    private RawMessage advance() throws IOException {
        begin();
        if (whole) {
            done = true;
            return readWhole();
        }
        if (mmdf != null) {
            RawMessage m = mmdf.next();
            done = mmdf.ended();
            return m;
        }
        body.reset();
        contentLength.reset();
        in.forgetLastLine();
        boolean inHeader = true;
        boolean counted = false; // the message's Content-Length was trusted: it ends here
        while (true) {
            in.ensure(FROM.length);
            if (in.atEnd()) {
                done = true;
                return finish(true);
            }
            if ((in.lastLineBlank() || counted) && separatorAt(0)) {
                RawMessage m = finish(false);
                in.readLine(null);
                return m;
            }
            int lineStart = (int) Math.min(body.offered(), limit);
            in.readLine(body);
            if (!inHeader) continue;
            if (in.lastLineBlank()) {
                inHeader = false;
                long length = contentLength.value();
                counted = length >= 0 && countedBody.read(length);
            } else if (body.overflowed()) {
                contentLength.spoil();
                countUnchecked = true;
            } else {
                contentLength.offer(body.array(), lineStart, body.stored());
            }
        }
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
        if (in.lastLineBlank()) body.dropLast(in.lastLineLength());
        if (body.overflowed()) anomalies.add(RawMessage.Anomaly.TRUNCATED);
        if (atEnd && in.endedWithoutNewline()) anomalies.add(RawMessage.Anomaly.UNTERMINATED);
        return new RawMessage(name + "#" + count, unescape(body.array(), body.stored()), anomalies);
    }

    /**
     * How many bytes of empty lines ({@code \n} or {@code \r\n}) the stream starts with, made
     * visible from the read position with the bytes after them. A mailbox joined with {@code cat} after
     * an {@code echo}, or saved by a tool that writes a blank line before each message, starts
     * with one; read as a lone message it was learned as one message holding all of them.
     */
    private int leadingBlankLines() throws IOException {
        int blank = 0;
        int lookahead = 2 + FROM.length; // the next line end and a separator's first bytes
        while (blank + lookahead <= in.capacity()) {
            in.ensure(blank + lookahead);
            int lineEnd = in.lineEndAt(blank);
            if (lineEnd == 0) return blank;
            blank += lineEnd;
        }
        return 0; // a buffer of nothing but line ends is no mailbox
    }

    /** The stream is not an mbox: all of it, up to the limit, is one message. */
    private RawMessage readWhole() throws IOException {
        count++;
        in.readRest(body);
        Set<RawMessage.Anomaly> anomalies = body.overflowed() ? Set.of(RawMessage.Anomaly.TRUNCATED) : Set.of();
        return new RawMessage(name, Arrays.copyOf(body.array(), body.stored()), anomalies);
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

    /** A separator line starts {@code skip} bytes past the read position, by the rule the first one set. */
    private boolean separatorAt(int skip) throws IOException {
        if (!in.startsWith(skip, FROM)) return false;
        if (!strictSeparators) return true;
        in.ensureLine(skip, EnvelopeLine.LOOKAHEAD);
        return in.envelopeAt(skip);
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
}
