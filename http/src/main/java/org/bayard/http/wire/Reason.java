package org.bayard.http.wire;

import com.sun.net.httpserver.HttpExchange;

/**
 * A handler's own reason phrase for a response's status line. Some clients show the status line
 * and nothing else: rspamc prints a refusal as "HTTP error: 413, REASON" and reads no body, so
 * "Content Too Large" would leave its user guessing where "message too large: the limit is ..."
 * says what to do. Rspamd's own controller puts its error text there too.
 */
public final class Reason {
    static final String ATTRIBUTE = Reason.class.getName();
    /** Long enough for a sentence; a status line is no place for more. */
    static final int MAX_LENGTH = 200;

    private Reason() {}

    /** The reason phrase of the response {@code exchange} is about to send; set it before the response headers. */
    public static void set(HttpExchange exchange, String text) {
        exchange.setAttribute(ATTRIBUTE, text);
    }

    /**
     * The phrase to send: {@code custom} made safe for a status line, or the usual phrase when there
     * is none. Only printable ASCII goes out: a line break would end the status line early (and let
     * text that came from the request forge header fields), and clients read bytes past ASCII
     * in different charsets.
     */
    static String phrase(int status, Object custom) {
        if (!(custom instanceof String text)) return ResponseHead.reason(status);
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        for (int i = 0; i < text.length() && b.length() < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : c == '\t' ? ' ' : '?');
        }
        String s = b.toString().strip();
        if (s.isEmpty()) return ResponseHead.reason(status);
        return text.length() > MAX_LENGTH ? s + "..." : s;
    }
}
