package org.bayard.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One request as the routes read it: its checked path and query, the client behind the trusted
 * proxies, and its body read within a limit (with the worker slot given back while it arrives).
 * Apart from the dispatcher so that every route class reads requests the same way.
 */
final class Request {
    private static final long FORM_LIMIT = 64 * 1024;

    final HttpExchange ex;
    final String method;
    final String path;
    final Map<String, List<String>> query;
    /** Given back while the body arrives, so that a client slow with it keeps no one else out. */
    private final WorkerSlots.Slot slot;
    /** The proxies whose Forwarded and X-Forwarded-* fields are believed (http.trusted-proxies). */
    private final Set<String> trustedProxies;
    Principal principal;
    private Map<String, List<String>> form;
    /** The message body kept, whose share of the heap budget for whole bodies is given back when the request has been answered. */
    ArrivingBody kept;

    Request(HttpExchange ex, WorkerSlots.Slot slot, Set<String> trustedProxies) {
        this.ex = ex;
        this.slot = slot;
        this.trustedProxies = trustedProxies;
        this.method = ex.getRequestMethod();
        URI uri = ex.getRequestURI();
        String raw = uri.getRawPath();
        // paths are matched on the raw form: no decoding, so %2e%2e and %2f never become separators
        if (raw == null || raw.length() > 512 || !raw.matches("[A-Za-z0-9/._~-]*") || raw.contains("/.") || raw.contains("//")) {
            throw new Stop(400, "bad path");
        }
        this.path = raw;
        this.query = Responses.parseForm(uri.getRawQuery());
    }

    /** The client, as the trusted proxies in front of us name it (Forwarded, X-Forwarded-For), else the peer. */
    String client() {
        return proxyChain().client();
    }

    /** The browser came over https: to the service's own HTTPS, or as the trusted proxy it reached says (Forwarded's proto=, X-Forwarded-Proto). */
    boolean cameOverHttps() {
        if (ex.getAttribute(org.bayard.http.wire.Http1Server.OVER_TLS) != null) return true; // the service's own HTTPS
        return proxyChain().proto().filter(p -> p.equalsIgnoreCase("https")).isPresent();
    }

    private ProxyChain proxyChain() {
        return new ProxyChain(ex.getRemoteAddress().getAddress().getHostAddress(), trustedProxies, ex.getRequestHeaders().get("Forwarded"),
                ex.getRequestHeaders().get("X-Forwarded-For"), ex.getRequestHeaders().get("X-Forwarded-Proto"));
    }

    boolean wantsHtml() {
        return path.equals("/") || path.startsWith("/ui/") || path.equals("/login") || path.equals("/logout");
    }

    String header(String name) {
        return ex.getRequestHeaders().getFirst(name);
    }

    String q(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /**
     * The body, read only up to the limit; declared sizes over it are refused before reading.
     * {@code tooLarge} is the refusal's words. For small bodies (forms): no budget is taken.
     */
    byte[] body(long limit, String tooLarge) throws IOException {
        ArrivingBody into = new ArrivingBody(null);
        receive(into, limit, limit, tooLarge);
        return into.whole(1);
    }

    /**
     * Reads the body into {@code into}, keeping its first {@code kept} bytes and reading the
     * rest, up to {@code limit}, off unkept. A declared length over the limit is refused before
     * any byte is read, a chunked body once it passes it.
     */
    void receive(ArrivingBody into, long limit, long kept, String tooLarge) throws IOException {
        boolean zstd = zstd();
        String te = header("Transfer-Encoding");
        String cl = header("Content-Length");
        if (cl != null) {
            long n;
            try {
                n = Long.parseLong(cl.trim());
            } catch (NumberFormatException e) {
                throw new Stop(400, "bad Content-Length");
            }
            if (n > limit) throw new Stop(413, tooLarge);
        } else if (te == null) {
            return;
        }
        // the worker slot is given back while the body arrives, and taken again for the work on it (else 503)
        ArrivingBody arriving = zstd ? into.another() : into;
        if (!slot.givenBackWhile(() -> readInto(arriving, limit, zstd ? limit : kept, tooLarge))) {
            ex.getResponseHeaders().set("Retry-After", "1");
            throw new Stop(503, "busy; try again");
        }
        if (!zstd) return;
        try {
            byte[] message = ZstdMessage.decompress(arriving.whole(1), arriving, limit, tooLarge);
            into.write(message, 0, (int) Math.min(message.length, kept));
        } finally {
            arriving.release(); // the compressed bytes' share, and the message's: into holds what is kept of it
        }
    }

    /**
     * Whether the body is a message compressed with zstd: Rspamd's {@code Compression: zstd} (rspamc
     * -z) or {@code zstd} flag, or HTTP's {@code Content-Encoding: zstd}. Any other coding is 415:
     * read as it is, it would be scored, or learned, as a message of random bytes.
     */
    private boolean zstd() {
        String encoding = Optional.ofNullable(header("Content-Encoding")).orElse("").strip().toLowerCase(Locale.ROOT);
        String compression = Optional.ofNullable(header("Compression")).orElse("").strip().toLowerCase(Locale.ROOT);
        boolean flagged = Optional.ofNullable(header("Flags")).orElse("").toLowerCase(Locale.ROOT).contains("zstd");
        if (!encoding.isEmpty() && !encoding.equals("identity") && !encoding.equals("zstd")
                || !compression.isEmpty() && !compression.equals("none") && !compression.equals("zstd")) {
            throw new Stop(415, "compressed request bodies are taken in zstd only (rspamc -z); send the message uncompressed or in zstd");
        }
        return encoding.equals("zstd") || compression.equals("zstd") || flagged;
    }

    /**
     * Whether a scan's answer goes back compressed with zstd: when the message came so, or the
     * client accepts zstd, the two cases in which Rspamd compresses its answer.
     */
    boolean answerInZstd() {
        return zstd() || ZstdReply.accepted(header("Accept-Encoding"));
    }

    private void readInto(ArrivingBody into, long limit, long kept, String tooLarge) throws IOException {
        byte[] buf = new byte[16384];
        InputStream in = ex.getRequestBody();
        long total = 0;
        try {
            for (int k; (k = in.read(buf)) > 0; ) {
                long room = kept - into.size();
                total += k;
                if (total > limit) throw new Stop(413, tooLarge);
                if (room > 0) into.write(buf, 0, (int) Math.min(k, room));
            }
        } catch (org.bayard.http.wire.MalformedBody e) {
            throw new Stop(400, e.getMessage());
        } catch (org.bayard.http.wire.BodyStalled e) {
            throw new Stop(408, e.getMessage()); // what the body held of the budget goes back once this is answered
        } catch (org.bayard.http.wire.BodyCutAtStop e) {
            ex.getResponseHeaders().set("Retry-After", "1");
            throw new Stop(503, e.getMessage());
        }
    }

    Map<String, List<String>> form() throws IOException {
        if (form == null) {
            String ct = Optional.ofNullable(header("Content-Type")).orElse("");
            if (!ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) throw new Stop(415, "expected a form");
            form = Responses.parseForm(new String(body(FORM_LIMIT, "form too large: the limit is " + FORM_LIMIT + " bytes"), StandardCharsets.UTF_8));
        }
        return form;
    }

    String field(String name) throws IOException {
        List<String> v = form().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
