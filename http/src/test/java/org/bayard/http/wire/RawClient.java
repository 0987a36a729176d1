package org.bayard.http.wire;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A client that writes exactly the bytes a test gives it and reads responses the way HTTP frames them. */
final class RawClient implements AutoCloseable {
    record Response(int status, String reason, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean closes() {
            return "close".equalsIgnoreCase(header("Connection"));
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(InetSocketAddress server) throws IOException {
        socket = new Socket(server.getAddress(), server.getPort());
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * An HTTP/1.1 request head as real clients send it: {@code requestLine} (method and target)
     * with the version, the Host field every HTTP/1.1 request must carry, {@code fields} in order,
     * and the empty line that ends the head.
     */
    static String head(String requestLine, String... fields) {
        StringBuilder head = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: x\r\n");
        for (String f : fields) head.append(f).append("\r\n");
        return head.append("\r\n").toString();
    }

    /** How long a read waits for the server before the test fails (10 s unless set). */
    void socketTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads one response; {@code head} says whether it answers a HEAD request (and so has no body). */
    Response read(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) throw new IOException("connection closed before a response");
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        String reason = parts.length > 2 ? parts[2] : "";
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l; !(l = line()).isEmpty(); ) {
            int colon = l.indexOf(':');
            headers.merge(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        Response r = new Response(status, reason, headers, "");
        if (head || status / 100 == 1 || status == 204 || status == 304) return r;
        String body;
        if (r.header("Content-Length") != null) body = new String(in.readNBytes(Integer.parseInt(r.header("Content-Length"))), StandardCharsets.ISO_8859_1);
        else if ("chunked".equals(r.header("Transfer-Encoding"))) body = chunks();
        else body = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        return new Response(status, reason, headers, body);
    }

    Response read() throws IOException {
        return read(false);
    }

    private String chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size; (size = Integer.parseInt(line(), 16)) > 0; ) {
            body.write(in.readNBytes(size));
            line();
        }
        line();
        return body.toString(StandardCharsets.ISO_8859_1);
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) return b.isEmpty() ? null : b.toString();
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }

    /** Whether the server has closed the connection: end of stream or a reset, with nothing more to read. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException reset) {
            return true;
        }
    }

    /**
     * Whether the server has neither answered nor closed the connection yet: nothing arrives
     * within a moment. What did arrive is kept for the next read.
     */
    boolean stillOpen() throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(50);
        try {
            in.mark(1);
            in.read();
            in.reset();
            return false;
        } catch (SocketTimeoutException nothingYet) {
            return true;
        } catch (SocketException reset) {
            return false;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
