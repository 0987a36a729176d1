package org.bayard.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Held messages as one mboxrd file (">From " quoting, CRLF turned into LF), written one message
 * at a time: a whole export held in memory grew with the quarantine (gigabytes) in the gate's own
 * process.
 */
final class Mbox {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Mbox() {}

    /**
     * Whether the line is {@code From } after any {@code >}s (mboxrd escapes these with one more).
     * Not an expression with {@code .*}: its dot refuses a CR, NEL (byte 0x85 in Latin-1) and the
     * Unicode line separators, so such a line went out unescaped and split the message on reading.
     */
    static boolean quotedFrom(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == '>') i++;
        return line.startsWith("From ", i);
    }

    static void write(List<Backend.Held> items, VisibleQueue queue, OutputStream out) throws IOException {
        for (Backend.Held h : items) {
            byte[] raw = queue.raw(h.id()).orElse(null);
            if (raw == null) continue; // decided since the listing
            String from = h.from().isEmpty() ? "MAILER-DAEMON" : h.from().replaceAll("\\s", "_");
            out.write(("From " + from + " " + DATE.format(h.received()) + "\n").getBytes(StandardCharsets.UTF_8));
            String text = new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
            for (String line : text.split("\n", -1)) {
                if (quotedFrom(line)) out.write('>');
                out.write(line.getBytes(StandardCharsets.ISO_8859_1));
                out.write('\n');
            }
            out.write('\n');
        }
    }
}
