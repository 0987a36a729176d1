package org.bayard.http.wire;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;

/**
 * The JSON error the server answers on its own, before any handler runs (a refused connection, a
 * request it cannot read): always the same body shape and headers, and the connection closes.
 */
final class ErrorAnswer {
    private ErrorAnswer() {}

    /** {@code {"error":"message"}}; the message is the server's own ASCII text, never the client's. */
    static byte[] body(String message) {
        return ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The headers for {@code body}: JSON, not to be cached or sniffed, and the connection closes after it. */
    static Headers headers(byte[] body) {
        Headers h = new Headers();
        h.set("Content-Type", "application/json");
        h.set("Content-Length", String.valueOf(body.length));
        h.set("Connection", "close");
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Date", ResponseHead.date());
        return h;
    }
}
