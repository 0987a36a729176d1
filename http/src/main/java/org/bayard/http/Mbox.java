package org.bayard.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Held messages as one mboxrd file (">From " quoting, CRLF turned into LF), written one message
 * at a time and each message as it is read from its file: a whole export held in memory grew with
 * the quarantine (gigabytes) in the gate's own process, and a message read whole, then copied as
 * text, with its line ends changed and split into lines, cost five times its size per export.
 */
final class Mbox {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Mbox() {}

    static void write(List<Backend.Held> items, VisibleQueue queue, OutputStream out) throws IOException {
        for (Backend.Held h : items) {
            Optional<InputStream> raw = queue.openRaw(h.id());
            if (raw.isEmpty()) continue; // decided since the listing
            try (InputStream message = raw.get()) {
                String from = h.from().isEmpty() ? "MAILER-DAEMON" : h.from().replaceAll("\\s", "_");
                out.write(("From " + from + " " + DATE.format(h.received()) + "\n").getBytes(StandardCharsets.UTF_8));
                new Quoting(out).copy(message);
            }
            out.write('\n');
        }
    }

    /**
     * One message's bytes, CR LF written as LF (a bare CR stays), and each line that is
     * {@code From } after any {@code >}s given one {@code >} more, as mboxrd reads it back. Byte
     * by byte, so that a line of any length costs nothing: the {@code >}s are counted, not kept.
     * A line is bytes up to LF, never a NEL or a Unicode line separator, which split the message
     * on reading when a quoting by text rules missed them.
     */
    static final class Quoting {
        private static final byte[] FROM = "From ".getBytes(StandardCharsets.US_ASCII);

        private final OutputStream out;
        private final byte[] buf = new byte[8192];
        private int used;
        /** Still at the start of a line: the {@code >}s and the part of "From " seen so far are not written yet. */
        private boolean inPrefix = true;
        private long quotes;
        private int fromSeen;
        private boolean pendingCr;

        Quoting(OutputStream out) {
            this.out = out;
        }

        /** Copies the message, then ends its last line (as the export always has), and flushes what it holds. */
        void copy(InputStream message) throws IOException {
            byte[] in = new byte[8192];
            for (int n; (n = message.read(in)) > 0; ) {
                for (int i = 0; i < n; i++) take(in[i]);
            }
            if (pendingCr) content((byte) '\r');
            endPrefix();
            emit((byte) '\n');
            if (used > 0) out.write(buf, 0, used);
            used = 0;
        }

        private void take(byte b) throws IOException {
            if (pendingCr) {
                pendingCr = false;
                if (b == '\n') {
                    content((byte) '\n');
                    return;
                }
                content((byte) '\r');
            }
            if (b == '\r') {
                pendingCr = true;
                return;
            }
            content(b);
        }

        private void content(byte b) throws IOException {
            if (inPrefix) {
                if (fromSeen == 0 && b == '>') {
                    quotes++;
                    return;
                }
                if (b == FROM[fromSeen]) {
                    if (++fromSeen < FROM.length) return;
                    emit((byte) '>'); // a From line: one > more
                    endPrefix();
                    return;
                }
                endPrefix();
            }
            emit(b);
            if (b == '\n') inPrefix = true;
        }

        /** Writes the >s and the part of "From " held back, and leaves the line's start. */
        private void endPrefix() throws IOException {
            if (!inPrefix) return;
            for (; quotes > 0; quotes--) emit((byte) '>');
            for (int i = 0; i < fromSeen; i++) emit(FROM[i]);
            fromSeen = 0;
            inPrefix = false;
        }

        private void emit(byte b) throws IOException {
            if (used == buf.length) {
                out.write(buf, 0, used);
                used = 0;
            }
            buf[used++] = b;
        }
    }
}
