package org.bayard.smtp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads the next hop's replies off its connection: one reply, of one or more lines, each line
 * within a wait and a deadline, and anything malformed, too long or cut off an {@link
 * IOException}, since then nobody can tell what the next hop did. It exists so that {@link
 * NextHop} reads as the commands of a transaction, and the framing of replies and the bounds on
 * them are in one place.
 */
final class HopReplyReader {
    private static final int MAX_REPLY_LINE = 4096;
    private static final int MAX_REPLY_LINES = 100;
    private static final int REPLY_BUFFER = 1024;

    private final Socket socket;
    private final InputStream in;

    HopReplyReader(Socket socket) throws IOException {
        this.socket = socket;
        // 8 KB to read replies, taken at once for each session's kept connection, cost a few
        // hundred sessions in the command phase much of a small heap; replies are short lines
        this.in = new BufferedInputStream(socket.getInputStream(), REPLY_BUFFER);
    }

    /**
     * How long the next wait may be: {@code timeout}, or less when {@code deadline} ({@link
     * System#nanoTime}, 0 for none) comes first; at least 1 ms.
     */
    static int waitMillis(Duration timeout, long deadline) throws SocketTimeoutException {
        long ms = timeout.toMillis();
        if (deadline != 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) throw new SocketTimeoutException("next hop: out of time for this step");
            ms = Math.min(ms, left);
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }

    /** The next reply, each of its lines within {@code wait} (and the {@code deadline}). */
    Reply read(Duration wait, long deadline) throws IOException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (true) {
            socket.setSoTimeout(waitMillis(wait, deadline));
            String line = readLine();
            if (line.length() < 3) throw new IOException("malformed reply line from next hop");
            int c;
            try {
                c = Integer.parseInt(line.substring(0, 3));
            } catch (NumberFormatException e) {
                throw new IOException("malformed reply code from next hop");
            }
            if (c < 200 || c > 599 || (code >= 0 && c != code)) throw new IOException("inconsistent reply from next hop");
            code = c;
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') return new Reply(code, lines);
            if (line.charAt(3) != '-' || lines.size() >= MAX_REPLY_LINES) throw new IOException("malformed reply from next hop");
        }
    }

    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) throw new IOException("next hop closed the connection");
            if (c == '\n') {
                int n = b.length();
                if (n > 0 && b.charAt(n - 1) == '\r') b.setLength(n - 1);
                return b.toString();
            }
            if (b.length() >= MAX_REPLY_LINE) throw new IOException("reply line too long from next hop");
            b.append((char) c);
        }
    }
}
