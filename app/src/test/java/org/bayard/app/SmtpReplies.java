package org.bayard.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A raw SMTP client's two steps, for tests that drive many sessions by hand. */
final class SmtpReplies {
    private SmtpReplies() {}

    /** Sends {@code line} with CRLF; the last line of the reply. */
    static String command(BufferedReader in, OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply(in);
    }

    /** The last line of a reply (the continuation lines, "250-...", read past). */
    static String reply(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) throw new IOException("connection closed");
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }
}
