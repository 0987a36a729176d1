package org.bayard.core.mailbox;

import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The messages of an MMDF mailbox, one at a time, for {@link MboxReader} once it has seen the
 * stream begin with a delimiter.
 *
 * <p>MMDF, which SCO's MMDF and mutt write: a stream that begins (after any empty lines) with a
 * line of four Ctrl-A characters ({@code "\u0001\u0001\u0001\u0001"}, LF or CRLF) holds each
 * message between two such lines. The delimiters, the empty lines between messages, and a real
 * envelope line right after an opening delimiter (mutt writes and reads one) are framing; every
 * other byte is the message's, {@code From} lines and {@code >} escapes as they stand (MMDF
 * escapes nothing). Text outside any message is kept as a message of its own up to the next
 * delimiter rather than lost, and a message the stream ends inside is yielded flagged
 * {@link RawMessage.Anomaly#UNCLOSED}. Each message is named {@code name#n}, even a lone one
 * read through {@link MboxReader#file}: it loses its delimiters, which are no part of the mail.
 */
final class MmdfMessages {

    private static final byte[] DELIMITER = {1, 1, 1, 1};

    private final LookaheadStream in;
    private final String name;
    private final CappedBuffer body;
    private int count;
    private boolean ended;

    MmdfMessages(LookaheadStream in, String name, CappedBuffer body) {
        this.in = in;
        this.name = name;
        this.body = body;
    }

    /** The stream has ended: no message follows the one last returned. */
    boolean ended() {
        return ended;
    }

    /**
     * Past empty lines and the opening delimiter, then every line up to the closing one;
     * null at the end of the stream.
     */
    RawMessage next() throws IOException {
        body.reset();
        boolean opened = false;
        while (!opened) {
            in.ensureLine(0, DELIMITER.length + 2);
            if (in.atEnd()) {
                ended = true;
                return null;
            }
            if (in.mmdfDelimiterAt(0)) {
                in.readLine(null);
                opened = true;
            } else if (in.lineEndAt(0) > 0) {
                in.readLine(null);
            } else {
                break; // text outside any message: a message of its own, up to the next delimiter
            }
        }
        if (opened) {
            in.ensureLine(0, EnvelopeLine.LOOKAHEAD);
            if (in.envelopeAt(0)) in.readLine(null);
        }
        while (true) {
            in.ensureLine(0, DELIMITER.length + 2);
            if (in.atEnd()) {
                ended = true;
                return finish(false);
            }
            if (in.mmdfDelimiterAt(0)) {
                in.readLine(null);
                return finish(true);
            }
            in.readLine(body);
        }
    }

    private RawMessage finish(boolean closed) {
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
    static boolean isDelimiter(byte[] a, int p, int lim) {
        if (!MboxReader.startsWith(a, p, lim, DELIMITER)) return false;
        int q = p + DELIMITER.length;
        return q == lim || a[q] == '\n' || a[q] == '\r' && q + 1 < lim && a[q + 1] == '\n';
    }
}
