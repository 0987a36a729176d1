package org.bayard.spamd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.StringJoiner;
import org.bayard.spamd.SpamdBackend.Rule;
import org.bayard.spamd.SpamdBackend.Scan;

/**
 * The answers, laid out as SpamAssassin's spamd lays them out for each protocol version, since
 * clients parse them by position as much as by name: Exim's {@code spam =} condition sends
 * {@code REPORT SPAMC/1.2} and reads {@code Spam:} as the line right after the status line.
 */
final class Answers {
    private static final String OK = "SPAMD/1.1 0 EX_OK\r\n";

    private Answers() {}

    static byte[] pong() {
        return ascii("SPAMD/1.5 0 PONG\r\n\r\n");
    }

    /** A refusal or failure: {@code SPAMD/1.0 76 Bad header line: (...)}. */
    static byte[] error(Status status, String words) {
        return ascii("SPAMD/1.0 " + status.code() + " " + RequestReader.printable(words, 500) + "\r\n");
    }

    /** {@code Spam: True ; 12.3 / 5.0}, with Yes and No for REPORT_IFSPAM. */
    static String spamLine(Command command, Scan scan) {
        String verdict = command == Command.REPORT_IFSPAM ? (scan.spam() ? "Yes" : "No") : (scan.spam() ? "True" : "False");
        return String.format(Locale.ROOT, "Spam: %s ; %.1f / %.1f", verdict, scan.score(), scan.required());
    }

    /** The answer to CHECK, SYMBOLS, REPORT and REPORT_IFSPAM. */
    static byte[] scanned(Request request, Scan scan) {
        String spam = spamLine(request.command(), scan);
        if (request.command() == Command.CHECK) return ascii(OK + spam + "\r\n\r\n");
        String body = switch (request.command()) {
            case SYMBOLS -> symbols(scan) + (request.takesHeaders() ? "" : "\r\n");
            case REPORT -> report(scan);
            case REPORT_IFSPAM -> scan.spam() ? report(scan) : "";
            default -> throw new IllegalArgumentException("not a scan without the message: " + request.command());
        };
        byte[] b = ascii(body);
        String head = request.takesHeaders() ? "Content-length: " + b.length + "\r\n" + spam + "\r\n\r\n" : spam + "\r\n\r\n";
        return join(ascii(OK + head), b);
    }

    /** The answer to PROCESS (the marked message) and HEADERS (its header block). */
    static byte[] withMessage(Request request, Scan scan, byte[] message) {
        String head;
        if (request.takesHeaders()) head = OK + "Content-length: " + message.length + "\r\n" + spamLine(request.command(), scan) + "\r\n\r\n";
        else if (request.takesLength()) head = OK + "Content-length: " + message.length + "\r\n\r\n";
        else head = "SPAMD/1.0 0 EX_OK\r\n";
        return join(ascii(head), message);
    }

    /** The answer to TELL: what was done, by {@code DidSet} and {@code DidRemove}. */
    static byte[] told(SpamdBackend.Told told) {
        return ascii(OK + (told.set() ? "DidSet: local\r\n" : "") + (told.removed() ? "DidRemove: local\r\n" : "") + "\r\n");
    }

    /** The names of the rules that fired, comma-separated, as SYMBOLS gives them. */
    static String symbols(Scan scan) {
        StringJoiner names = new StringJoiner(",");
        for (Rule r : scan.rules()) names.add(RequestReader.printable(r.name()));
        return names.toString();
    }

    /** The points table of SpamAssassin's report: score and threshold, then a line per rule. */
    static String report(Scan scan) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Content analysis details:   (%.1f points, %.1f required)\n\n",
                scan.score(), scan.required()));
        b.append(" pts rule name              description\n");
        b.append("---- ---------------------- --------------------------------------------------\n");
        for (Rule r : scan.rules()) {
            b.append(String.format(Locale.ROOT, "%4.1f %-22s %s", r.points(), RequestReader.printable(r.name()),
                    RequestReader.printable(r.description(), 200))).append('\n');
        }
        return b.toString();
    }

    /** The header block of a message: up to and with the blank line that ends it (all of it when there is none). */
    static byte[] headerBlock(byte[] message) {
        for (int i = 0; i < message.length; i++) {
            if (message[i] != '\n') continue;
            if (i + 1 < message.length && message[i + 1] == '\n') return java.util.Arrays.copyOf(message, i + 2);
            if (i + 2 < message.length && message[i + 1] == '\r' && message[i + 2] == '\n') return java.util.Arrays.copyOf(message, i + 3);
        }
        return message;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] join(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
