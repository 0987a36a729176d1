package org.bayard.core.mail;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The bytes of a message the reader may look at: at most {@link MailLimits#maxScanBytes()} of it,
 * without a leading mbox {@code From } envelope line.
 *
 * <p>The envelope line is written by the mailbox, not by the sender, so it must never become a
 * feature: a corpus stored as mbox would otherwise score differently from the same mail over SMTP.
 * Its bytes count against the scan budget, so a megabyte-long "envelope" cannot stall us.
 *
 * @param bytes the array holding the message
 * @param from where the message starts, after any envelope line
 * @param to where the budget or the message ends
 * @param truncated whether the message was longer than the budget
 * @param ioError whether reading the stream failed (what was read before still counts)
 */
record ScanWindow(byte[] bytes, int from, int to, boolean truncated, boolean ioError) {

    private static final byte[] ENVELOPE = {'F', 'r', 'o', 'm', ' '};

    /** The window over a message held in memory: no copy. */
    static ScanWindow of(byte[] message, long maxScanBytes) {
        int to = (int) Math.min(message.length, Math.max(0, maxScanBytes));
        return new ScanWindow(message, afterEnvelope(message, to), to, message.length > to, false);
    }

    /**
     * Reads up to the budget from a stream, and one byte more to learn whether there is more; the
     * rest is left unread, and the stream is not closed.
     */
    static ScanWindow read(InputStream in, long maxScanBytes) {
        int budget = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(0, maxScanBytes));
        byte[] bytes = new byte[Math.min(budget, 8192)];
        int len = 0;
        boolean truncated = false;
        try {
            while (len < budget) {
                if (len == bytes.length) {
                    bytes = Arrays.copyOf(bytes, (int) Math.min(budget, 2L * bytes.length));
                }
                int n = in.read(bytes, len, bytes.length - len);
                if (n < 0) {
                    break;
                }
                len += n;
            }
            truncated = len == budget && in.read() >= 0;
        } catch (IOException e) {
            return new ScanWindow(bytes, afterEnvelope(bytes, len), len, false, true);
        }
        return new ScanWindow(bytes, afterEnvelope(bytes, len), len, truncated, false);
    }

    private static int afterEnvelope(byte[] bytes, int to) {
        if (to < ENVELOPE.length || !Arrays.equals(bytes, 0, ENVELOPE.length, ENVELOPE, 0, ENVELOPE.length)) {
            return 0;
        }
        for (int i = ENVELOPE.length; i < to; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return to;
    }
}
