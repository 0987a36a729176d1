package org.bayard.http.wire;

import com.sun.net.httpserver.Headers;
import java.net.URI;

/**
 * A parsed and checked request head: everything before the body.
 *
 * @param protocol {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param bodyLength the declared body length, or {@link #CHUNKED}; 0 when the request has no body
 */
record RequestHead(String method, URI uri, String protocol, Headers headers, long bodyLength) {
    static final long CHUNKED = -1;

    boolean http11() {
        return protocol.equals("HTTP/1.1");
    }

    boolean hasBody() {
        return bodyLength != 0;
    }

    /** Whether the client waits for "100 Continue" before it sends the body (curl does for big uploads). */
    boolean expectsContinue() {
        return http11() && hasBody() && "100-continue".equalsIgnoreCase(trimmed(headers.getFirst("Expect")));
    }

    /** Whether the client lets the connection carry another request after this one. */
    boolean keepAlive() {
        return http11() && !hasToken(headers, "Connection", "close");
    }

    static boolean hasToken(Headers headers, String name, String token) {
        for (String value : headers.getOrDefault(name, java.util.List.of())) {
            for (String t : value.split(",")) {
                if (t.trim().equalsIgnoreCase(token)) return true;
            }
        }
        return false;
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }
}
