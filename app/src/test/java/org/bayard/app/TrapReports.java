package org.bayard.app;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Large trap reports for the gate's tests: a multipart/mixed of forwarded messages, each of many
 * lines, written as they are made (a report is tens of MB) so that tokenizing it takes a second or
 * more even on a quiet machine.
 */
final class TrapReports {
    private TrapReports() {}

    /** The text of line {@code line} of forwarded message {@code message}. */
    interface Lines {
        String text(String message, int line);
    }

    /**
     * Writes a report sent by {@code reporter@example.net} to {@code trap@example.org}: {@code attached}
     * forwarded messages of {@code linesEach} lines of {@code lines}. {@code reporter} also tells
     * reports apart: their forwarded messages' ids are prefixed by what follows "reporter" in it.
     */
    static void write(OutputStream out, String reporter, String subject, int attached, int linesEach, Lines lines) throws IOException {
        String tag = reporter.substring("reporter".length());
        String reportId = tag.isEmpty() ? "report" : "report-" + tag;
        ascii(out, "From: " + reporter + "@example.net\r\nTo: trap@example.org\r\nSubject: " + subject + "\r\nMessage-ID: <" + reportId
                + "@example.net>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"r\"\r\n\r\n");
        for (int i = 0; i < attached; i++) {
            String id = tag.isEmpty() ? String.valueOf(i) : tag + "-" + i;
            ascii(out, "--r\r\nContent-Type: message/rfc822\r\n\r\nFrom: seller" + id + "@example.com\r\nTo: someone@example.org\r\n"
                    + "Subject: offer " + id + "\r\nMessage-ID: <offer-" + id + "@example.com>\r\n\r\n");
            for (int line = 0; line < linesEach; line++) ascii(out, lines.text(id, line) + "\r\n");
        }
        ascii(out, "--r--\r\n");
    }

    /** Lines of words new in every line: a report of many distinct tokens. */
    static String offer(String message, int line) {
        return "cheap offer " + message + 'x' + line + " click here to claim the prize, act now, best price";
    }

    private static void ascii(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }
}
