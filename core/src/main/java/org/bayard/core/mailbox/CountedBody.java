package org.bayard.core.mailbox;

import java.io.IOException;

/**
 * The Content-Length rule of {@link MboxReader}: a message whose own header (never a MIME
 * part's) has a {@code Content-Length} ends where that length, counted from the end of its
 * header, says, when that point is the end of the stream or a separator line (by the reader's
 * separator rule), directly or after one blank line (the framing, dropped). This is how mboxcl2
 * mailboxes, which leave {@code From } lines in bodies unescaped, are read as their writers
 * meant; mutt and Dovecot check a length the same way. A length that points anywhere else (into
 * a line, past the end, at anything but a separator), or would make the message longer than the
 * limit, is ignored and the message ends at the next separator: a wrong length does not swallow
 * the messages after it (unless it ends exactly at one of their separators).
 */
final class CountedBody {

    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};

    /** The reader's separator rule: whether a separator line starts {@code skip} bytes on. */
    interface Separator {
        boolean at(int skip) throws IOException;
    }

    private final LookaheadStream in;
    private final CappedBuffer body;
    private final int limit;
    private final Separator separator;

    /**
     * Set once a message's Content-Length could not be checked for the limit (longer than it):
     * read with a larger limit, the message might end elsewhere.
     */
    private boolean unchecked;

    CountedBody(LookaheadStream in, CappedBuffer body, int limit, Separator separator) {
        this.in = in;
        this.body = body;
        this.limit = limit;
        this.separator = separator;
    }

    /** Whether some length was too long for the limit to check. */
    boolean unchecked() {
        return unchecked;
    }

    /**
     * Right after the header: reads the {@code length} bytes the header declares into the body
     * and keeps them if the next message (or the end) begins there; the one blank line between
     * is read too, as framing. Otherwise gives them back to be read line by line, and the state
     * is as it was at the end of the header.
     */
    boolean read(long length) throws IOException {
        long start = body.offered();
        if (start + length > limit) { // then they could not all be given back
            unchecked = true;
            return false;
        }
        long left = in.readBytes(length, body);
        if (left == 0 && nextMessageBeginsHere(length)) {
            in.forgetLastLine();
            if (!in.atEnd() && !in.startsWith(0, FROM)) in.readLine(body);
            return true;
        }
        int read = (int) (body.offered() - start);
        in.unread(body.array(), (int) start, read);
        body.dropLast(read);
        return false;
    }

    /** At the end of a counted body: a line start followed by the end, or a separator, or a blank line and one of those. */
    private boolean nextMessageBeginsHere(long length) throws IOException {
        if (length > 0 && body.array()[body.stored() - 1] != '\n') return false;
        in.ensure(2 + FROM.length);
        int skip = in.lineEndAt(0);
        if (in.visibleIs(skip)) return true; // the end of the stream, as fewer bytes than asked for are there
        return separator.at(skip);
    }
}
