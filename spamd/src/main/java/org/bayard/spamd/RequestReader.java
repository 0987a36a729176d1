package org.bayard.spamd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a request's head: the request line and the header lines up to the blank line, each line
 * at most {@link #MAX_LINE} octets and at most {@link #MAX_HEADERS} of them, as spamd caps them, so
 * that no client can make the door hold more than a few kilobytes before its message.
 */
final class RequestReader {
    static final int MAX_LINE = 8192;
    /** spamd's own cap on header lines. */
    static final int MAX_HEADERS = 255;
    private static final Pattern REQUEST_LINE = Pattern.compile("([A-Z_]+) SPAMC/(\\d{1,3})\\.(\\d)\\s*");

    private final InputStream in;

    RequestReader(InputStream in) {
        this.in = in;
    }

    /** The request, or empty when the client closed before sending a line. */
    Optional<Request> read() throws IOException, BadRequest {
        String first = line();
        if (first == null) return Optional.empty();
        Matcher m = REQUEST_LINE.matcher(first);
        if (!m.matches()) throw BadRequest.protocol("(not a spamc request line: " + printable(first) + ")");
        Command command = Command.named(m.group(1))
                .orElseThrow(() -> BadRequest.protocol("(unknown command " + printable(m.group(1)) + ")"));
        int version = Math.min(99, Integer.parseInt(m.group(2))) * 10 + Integer.parseInt(m.group(3));
        Head head = new Head();
        // protocol 1.0 has no header lines; the message follows the request line
        if (version > 10 && command.carriesMessage()) readHeaders(head);
        if (head.zlib && head.length.isEmpty()) {
            throw new BadRequest(Status.EX_UNAVAILABLE, "Service Unavailable: Compress requires Content-length header");
        }
        if (command == Command.TELL) head.checkTell();
        return Optional.of(new Request(command, version, head.length, head.zlib, head.mailClass, head.set, head.remove));
    }

    /** The header lines as read so far. */
    private static final class Head {
        OptionalLong length = OptionalLong.empty();
        boolean zlib;
        String mailClass;
        boolean set, remove, setRemote, removeRemote;

        void checkTell() throws BadRequest {
            if (set && remove) throw BadRequest.protocol("(Unable to set local and remove local in the same operation.)");
            if (setRemote && removeRemote) throw BadRequest.protocol("(Unable to set remote and remove remote in the same operation.)");
            if (set && mailClass == null) throw BadRequest.protocol("(TELL with Set needs a Message-class header: spam or ham)");
        }
    }

    private void readHeaders(Head head) throws IOException, BadRequest {
        for (int count = 0; count <= MAX_HEADERS; count++) {
            String line = line();
            if (line == null) throw BadRequest.protocol("(EOF during headers)");
            if (line.isEmpty()) return;
            int colon = line.indexOf(':');
            if (colon <= 0) throw BadRequest.protocol("(header not in 'Name: value' format)");
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (name) {
                case "content-length" -> head.length = OptionalLong.of(length(value));
                case "compress" -> {
                    if (!value.equalsIgnoreCase("zlib")) throw BadRequest.protocol("(unknown compression " + printable(value) + ": only zlib)");
                    head.zlib = true;
                }
                case "message-class" -> {
                    String c = value.toLowerCase(Locale.ROOT);
                    if (!c.equals("spam") && !c.equals("ham")) {
                        throw BadRequest.protocol("(Message-class header contains invalid class: " + printable(value) + ")");
                    }
                    head.mailClass = c;
                }
                case "set" -> {
                    head.set = names(value, "local");
                    head.setRemote = names(value, "remote");
                }
                case "remove" -> {
                    head.remove = names(value, "local");
                    head.removeRemote = names(value, "remote");
                }
                default -> { } // User, and any header this door does not know: ignored, as spamd does
            }
        }
        throw BadRequest.protocol("(too many headers)");
    }

    private static boolean names(String value, String place) {
        return value.toLowerCase(Locale.ROOT).contains(place);
    }

    private static long length(String value) throws BadRequest {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw BadRequest.protocol("(Content-Length contains non-numeric bytes)");
        }
        return Long.parseLong(value);
    }

    /** A line without its line end (CRLF or a bare LF), or null at the end of the input before any octet. */
    private String line() throws IOException, BadRequest {
        byte[] buf = new byte[128];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (n == 0) return null;
                throw BadRequest.protocol("(EOF in the middle of a line)");
            }
            if (b == '\n') break;
            if (n == MAX_LINE) throw BadRequest.protocol("(a line longer than " + MAX_LINE + " octets)");
            if (n == buf.length) buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
            buf[n++] = (byte) b;
        }
        if (n > 0 && buf[n - 1] == '\r') n--;
        return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** A client's words put into an answer: printable ASCII only, and not too many of them. */
    static String printable(String s) {
        return printable(s, 80);
    }

    /** As {@link #printable(String)}, at most {@code max} chars. */
    static String printable(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
