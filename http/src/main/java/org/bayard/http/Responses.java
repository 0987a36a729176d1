package org.bayard.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bayard.http.wire.Reason;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writing replies and reading forms: every response goes out with the same security headers,
 * HEAD gets no body, and a refused request closes the connection. No state, no routing.
 */
final class Responses {
    /** The one JSON mapper: replies, and the request log's lines. */
    static final JsonMapper JSON = JsonMapper.builder().build();

    private Responses() {}

    static Map<String, List<String>> parseForm(String raw) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return m;
        String[] parts = raw.split("&");
        if (parts.length > 1000) throw new Stop(400, "too many parameters");
        for (String p : parts) {
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
                m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            } catch (IllegalArgumentException e) {
                throw new Stop(400, "bad encoding in parameters");
            }
        }
        return m;
    }

    static byte[] json(Object o) {
        return JSON.writeValueAsBytes(o);
    }

    static void securityHeaders(Headers h) {
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "same-origin"); // not no-referrer: with it Chromium sends "Origin: null" on our own form posts
        h.set("Cache-Control", "no-store");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
        if (!h.containsKey("X-Frame-Options")) h.set("X-Frame-Options", "DENY");
        if (!h.containsKey("Content-Security-Policy")) {
            h.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        }
    }

    /**
     * A refusal or failure as JSON {@code {"error": message}}, with the same words as the status
     * line's reason: a client that shows only the status line (rspamc) still says why.
     */
    static int error(HttpExchange ex, int status, String message) throws IOException {
        Reason.set(ex, message);
        return send(ex, status, "application/json", json(Map.of("error", message)));
    }

    static int send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        securityHeaders(h);
        if (status == 413 || status == 400 || status == 408) h.set("Connection", "close");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        return status;
    }

    /** What writes a streamed response's body. */
    @FunctionalInterface
    interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A response whose body is written as it is made (chunked), for bodies that grow with the
     * quarantine. A failure after the start cuts the response short (the connection closes),
     * so the client sees an incomplete transfer, never a complete-looking one.
     */
    static int stream(HttpExchange ex, int status, String type, BodyWriter body) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        securityHeaders(h);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : 0);
        if (!head) {
            try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), 64 * 1024)) {
                body.writeTo(out);
            }
        }
        return status;
    }

    static int html(HttpExchange ex, int status, String page) throws IOException {
        ex.getResponseHeaders().set("Content-Security-Policy", Pages.PAGE_CSP);
        return send(ex, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    /** A 405 with the Allow header RFC 9110 asks for. */
    static Stop wrongMethod(HttpExchange ex, String allowed) {
        ex.getResponseHeaders().set("Allow", allowed);
        return new Stop(405, "use " + allowed.replace(", HEAD", "").replace(", ", " or "));
    }

    static int ok(HttpExchange ex, Object body) throws IOException {
        return send(ex, 200, "application/json", json(body));
    }

    /**
     * A 200 with a JSON body, compressed with zstd when {@code compressed}, said by both the
     * field Rspamd's clients look for ({@code Compression}) and HTTP's ({@code Content-Encoding}).
     */
    static int ok(HttpExchange ex, Object body, boolean compressed) throws IOException {
        if (!compressed) return ok(ex, body);
        ex.getResponseHeaders().set("Compression", "zstd");
        ex.getResponseHeaders().set("Content-Encoding", "zstd");
        return send(ex, 200, "application/json", ZstdReply.compress(json(body)));
    }

    static int redirect(HttpExchange ex, String where) throws IOException {
        ex.getResponseHeaders().set("Location", where);
        return send(ex, 303, "text/plain; charset=utf-8", new byte[0]);
    }
}
