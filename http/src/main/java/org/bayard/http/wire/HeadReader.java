package org.bayard.http.wire;

import com.sun.net.httpserver.Headers;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a request head within its {@link Limits}: the request line (414 past its cap), the header
 * fields (431 past the byte or field cap), and how the body is framed. It stops at the first byte
 * over a cap, so a 1 MB header costs the server no more than the cap.
 *
 * <p>Strict where leniency would let two parsers disagree about where a request ends (request
 * smuggling): no space before a colon, no folded lines, one Content-Length made of digits, no
 * Content-Length next to Transfer-Encoding, no transfer coding but chunked, and one Host at most
 * (exactly one in HTTP/1.1), which is a host and port.
 */
final class HeadReader {
    /** RFC 3986's host (an IP literal in brackets, or a name or IPv4 address) and an optional port; empty is allowed. */
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Za-z:.]+]|[A-Za-z0-9._~%!$&'()*+,;=-]*)(:[0-9]*)?");

    private final Limits limits;

    HeadReader(Limits limits) {
        this.limits = limits;
    }

    /** The next request's head, or null when the client closed the connection between requests. */
    RequestHead read(LineReader lines) throws IOException, Refusal {
        String requestLine = requestLine(lines);
        if (requestLine == null) return null;
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || !isVisible(parts[1])) throw new Refusal(400, "bad request line");
        String protocol = protocol(parts[2]);
        URI uri = target(parts[1]);
        Headers headers = fields(lines);
        List<String> hosts = headers.get("Host");
        // RFC 9112 3.2: a proxy may take one and the page's same-origin check the other
        if (hosts != null && hosts.size() > 1) throw new Refusal(400, "more than one Host field");
        // RFC 9112 3.2 again: every HTTP/1.1 client sends Host, so one without is broken or hostile;
        // HTTP/1.0 predates it, and rspamc and Rspamd's own clients speak 1.0 without it
        if (hosts == null && protocol.equals("HTTP/1.1")) throw new Refusal(400, "no Host field");
        // and 3.2 once more: a proxy may route by a part of "good@evil" while the same-origin check compares the whole
        if (hosts != null && !HOST.matcher(hosts.get(0)).matches()) throw new Refusal(400, "bad Host field");
        // 3.2.2: with an absolute-form target the host is the target's, as a proxy in front takes it
        if (uri.isAbsolute()) headers.set("Host", uri.getRawAuthority());
        return new RequestHead(parts[0], uri, protocol, headers, bodyLength(headers, protocol));
    }

    private String requestLine(LineReader lines) throws IOException, Refusal {
        long start = lines.consumed();
        try {
            for (;;) { // empty lines before a request are skipped (some clients send CRLF after a body), within the same cap
                String line = lines.read(limits.maxRequestLineBytes() - (lines.consumed() - start));
                if (line == null || !line.isEmpty()) return line;
            }
        } catch (LineTooLong e) {
            throw new Refusal(414, "request line too long");
        }
    }

    private static String protocol(String version) throws Refusal {
        if (version.equals("HTTP/1.1") || version.equals("HTTP/1.0")) return version;
        if (version.matches("HTTP/[0-9](\\.[0-9])?")) throw new Refusal(505, "HTTP version not supported");
        throw new Refusal(400, "bad request line");
    }

    /**
     * The request target: origin-form, absolute-form (see {@link #isAbsoluteForm}) or "*". An
     * origin-form one ("/path?query") must not start with "//" nor hold a '#': Java's URI reads
     * those as a host and a fragment, so the path routed on would not be the path a proxy in front
     * matched its rules on.
     */
    private static URI target(String target) throws Refusal {
        if (target.indexOf('#') >= 0 || target.startsWith("//")) throw new Refusal(400, "bad request target");
        try {
            URI uri = new URI(target);
            if (target.startsWith("/") || target.equals("*") || isAbsoluteForm(uri)) return uri;
        } catch (URISyntaxException e) {
            // refused below
        }
        throw new Refusal(400, "bad request target");
    }

    /** An http or https URI with a host (and port) and no user name, which RFC 9110 4.2.4 asks us to refuse. */
    private static boolean isAbsoluteForm(URI uri) {
        String scheme = uri.getScheme();
        return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) && !uri.isOpaque()
                && uri.getRawAuthority() != null && uri.getRawUserInfo() == null && HOST.matcher(uri.getRawAuthority()).matches();
    }

    private Headers fields(LineReader lines) throws IOException, Refusal {
        Headers headers = new Headers();
        long start = lines.consumed();
        for (int count = 0; ; count++) {
            String line;
            try {
                line = lines.read(limits.maxHeaderBytes() - (lines.consumed() - start));
            } catch (LineTooLong e) {
                throw new Refusal(431, "request header fields too large");
            }
            if (line == null) throw new EOFException("connection closed inside the request head");
            if (line.isEmpty()) return headers;
            if (count == limits.maxHeaderFields()) throw new Refusal(431, "too many request header fields");
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) throw new Refusal(400, "bad header field");
            String value = trimBlanks(line.substring(colon + 1));
            if (!isFieldValue(value)) throw new Refusal(400, "bad header field");
            headers.add(line.substring(0, colon), value);
        }
    }

    private static long bodyLength(Headers headers, String protocol) throws Refusal {
        List<String> codings = headers.get("Transfer-Encoding");
        List<String> lengths = headers.get("Content-Length");
        if (codings != null) {
            if (lengths != null) throw new Refusal(400, "both Content-Length and Transfer-Encoding");
            if (!protocol.equals("HTTP/1.1")) throw new Refusal(400, "Transfer-Encoding in an HTTP/1.0 request");
            if (codings.size() != 1 || !codings.get(0).equalsIgnoreCase("chunked")) {
                throw new Refusal(501, "only the chunked transfer coding is supported");
            }
            return RequestHead.CHUNKED;
        }
        if (lengths == null) return 0;
        // 18 digits always fit a long; no real body comes near that
        if (lengths.size() != 1 || !lengths.get(0).matches("[0-9]{1,18}")) throw new Refusal(400, "bad Content-Length");
        return Long.parseLong(lengths.get(0));
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && "!#$%&'*+-.^_`|~".indexOf(c) < 0) return false;
        }
        return true;
    }

    private static boolean isVisible(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) <= ' ' || s.charAt(i) >= 0x7f) return false;
        }
        return true;
    }

    /** Visible characters, spaces, tabs and bytes 0x80-0xFF; no control characters (no NUL, no bare CR). */
    private static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7f) return false;
        }
        return true;
    }

    private static String trimBlanks(String s) {
        int from = 0, to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) from++;
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) to--;
        return s.substring(from, to);
    }
}
