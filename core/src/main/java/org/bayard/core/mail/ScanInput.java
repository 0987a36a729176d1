package org.bayard.core.mail;

import java.io.IOException;
import java.io.InputStream;

/**
 * The raw message as the parser may see it: without a leading mbox {@code From } envelope line,
 * and cut after {@link MailLimits#maxScanBytes()} bytes.
 *
 * <p>The envelope line is written by the mailbox, not by the sender, so it must never become a
 * feature: a corpus stored as mbox would otherwise score differently from the same mail over SMTP.
 * Its bytes count against the scan budget, so a megabyte-long "envelope" cannot stall us.
 */
final class ScanInput extends InputStream {

    private static final byte[] ENVELOPE = {'F', 'r', 'o', 'm', ' '};

    private final InputStream in;
    private long budget;
    private boolean truncated;

    /** Bytes read ahead while looking for the envelope line, replayed if there is none. */
    private byte[] lookahead;
    private int lookaheadPos;
    private int lookaheadLen;
    private boolean started;
    private final byte[] one = new byte[1];

    ScanInput(InputStream in, long maxScanBytes) {
        this.in = in;
        this.budget = Math.max(0, maxScanBytes);
    }

    /** True once the input was found to be longer than the scan budget. */
    boolean truncated() {
        return truncated;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!started) {
            started = true;
            skipEnvelope();
        }
        if (lookaheadPos < lookaheadLen) {
            int n = Math.min(len, lookaheadLen - lookaheadPos);
            System.arraycopy(lookahead, lookaheadPos, b, off, n);
            lookaheadPos += n;
            return n;
        }
        if (budget == 0) {
            noteTruncation();
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, budget));
        if (n > 0) {
            budget -= n;
        }
        return n;
    }

    /**
     * Reads past whatever the parser left unread, up to the budget, so that {@link #truncated()}
     * means "longer than the budget" however much of the message the parser needed. Without this,
     * a message held in memory and the same message on a stream could differ in that anomaly.
     */
    void finish() throws IOException {
        if (read() < 0) {
            return; // the usual case: the parser read to the end, and there is no need for a scratch array
        }
        byte[] scratch = new byte[8192];
        while (read(scratch, 0, scratch.length) >= 0) {
            // discard
        }
    }

    private void noteTruncation() throws IOException {
        if (!truncated && in.read() >= 0) {
            truncated = true;
        }
    }

    private void skipEnvelope() throws IOException {
        lookahead = new byte[ENVELOPE.length];
        while (lookaheadLen < ENVELOPE.length && budget > 0) {
            int n = in.read(lookahead, lookaheadLen, ENVELOPE.length - lookaheadLen);
            if (n < 0) {
                break;
            }
            lookaheadLen += n;
            budget -= n;
        }
        if (lookaheadLen < ENVELOPE.length || !java.util.Arrays.equals(lookahead, ENVELOPE)) {
            return;
        }
        lookaheadLen = 0;
        while (budget > 0) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            budget--;
            if (c == '\n') {
                return;
            }
        }
    }
}
