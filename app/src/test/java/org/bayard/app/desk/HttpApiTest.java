package org.bayard.app.desk;

import org.bayard.app.Commands;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bayard.app.CliAccess;
import org.bayard.app.config.ConfigException;
import org.bayard.app.config.ConfigLoader;
import org.bayard.core.store.MailClass;
import org.bayard.http.HttpSettings;
import org.junit.jupiter.api.Test;

/** The HTTP API over real HTTP: RELIABILITY.md rows S1, S2 (without a browser), S4, S5, and rspamc-style use. */
class HttpApiTest extends TrainedDesk {
    DeskHarness start() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL);
        return d;
    }

    static byte[] sample(String name) throws Exception {
        return Files.readAllBytes(Path.of("../samples/held-out", name));
    }

    String admin() {
        return DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW);
    }

    String reader() {
        return DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW);
    }

    // ---------------------------------------------------------------- S1

    @Test
    void s1HealthIsOpenAndEverythingElseNeedsCredentials() throws Exception {
        start();
        assertThat(d.get("/health").statusCode()).isEqualTo(200);
        for (String p : List.of("/api/stats", "/api/quarantine", "/metrics", "/ui/dashboard")) {
            HttpResponse<String> r = d.get(p, "Accept", "application/json");
            assertThat(r.statusCode()).as(p).isIn(401, 303);
            assertThat(d.get(p, "Authorization", DeskHarness.basic(DeskHarness.ADMIN, "wrong")).statusCode()).as(p).isIn(401, 303);
        }
        assertThat(d.get("/api/stats").statusCode()).isEqualTo(401);
        assertThat(d.post("/api/learn?class=spam", sample("spam-1.eml")).statusCode()).isEqualTo(401);
        assertThat(d.post("/checkv2", sample("spam-1.eml"), "Password", "nope").statusCode()).isEqualTo(401);
        assertThat(d.get("/api/stats", "Authorization", admin()).statusCode()).isEqualTo(200);
        assertThat(d.get("/api/stats", "Authorization", reader()).statusCode()).isEqualTo(200);
        // no WWW-Authenticate challenge: browsers never cache Basic credentials for this site
        assertThat(d.get("/api/stats").headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void s1ReadOnlyAccountGets403OnLearnReleaseAndDiscard() throws Exception {
        start();
        String id = d.hold("QID1.1", "a@example.org", List.of("b@example.test"), sample("ham-1.eml"));
        assertThat(d.post("/api/learn?class=spam", sample("spam-1.eml"), "Authorization", reader()).statusCode()).isEqualTo(403);
        assertThat(d.post("/learnspam", sample("spam-1.eml"), "Authorization", reader()).statusCode()).isEqualTo(403);
        for (String verb : List.of("release", "discard", "learn-ham", "learn-spam")) {
            assertThat(d.post("/api/quarantine/" + id + "/" + verb, new byte[0], "Authorization", reader()).statusCode()).isEqualTo(403);
        }
        assertThat(d.heldIds()).containsExactly(id);
        assertThat(d.sink.delivered).isEmpty();
        assertThat(d.get("/api/quarantine/" + id, "Authorization", reader()).statusCode()).isEqualTo(200);
    }

    @Test
    void s1ThirtyWrongPasswordsGet429EvenWithAForgedForwardedFor() throws Exception {
        start();
        int first429 = -1;
        for (int i = 0; i < 30; i++) {
            int s = d.get("/api/stats", "Authorization", DeskHarness.basic(DeskHarness.ADMIN, "guess" + i),
                    "X-Forwarded-For", "127.0.0.1").statusCode();
            assertThat(s).isIn(401, 429);
            if (s == 429 && first429 < 0) first429 = i;
        }
        assertThat(first429).isBetween(10, 11);
        // locked out: even the right password waits, and the proxy header is not believed
        assertThat(d.get("/api/stats", "Authorization", admin(), "X-Forwarded-For", "10.9.9.9").statusCode()).isEqualTo(429);
        assertThat(d.get("/health").statusCode()).isEqualTo(200);
        assertThat(d.log.toString(StandardCharsets.UTF_8)).doesNotContain("guess", DeskHarness.ADMIN_PW);
    }

    /**
     * A client holding any account of its own (a read-only dashboard login, a list moderator's)
     * logged in with it after every ninth guess at the admin password, and the count began again:
     * 27 guesses in a row and never a 429.
     */
    @Test
    void s1TheRightPasswordOfAnotherAccountBetweenGuessesDoesNotResetTheCount() throws Exception {
        start();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 9; i++) d.get("/api/stats", "Authorization", DeskHarness.basic(DeskHarness.ADMIN, "guess" + round + i));
            d.get("/api/stats", "Authorization", reader());
        }
        assertThat(d.get("/api/stats", "Authorization", admin()).statusCode()).isEqualTo(429);
    }

    /**
     * Behind a trusted proxy the client is the last X-Forwarded-For hop, but only the first
     * X-Forwarded-For field was read: a proxy that adds a field of its own (HAProxy's
     * {@code option forwardfor}) leaves the client's forged one first, so a client sending a new
     * address with every guess was never locked out. Every field is read now, in order.
     */
    @Test
    void s1BehindATrustedProxyTheLastForwardedHopIsTheClientWhateverTheClientForged() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL, java.util.Set.of("127.0.0.1"));
        for (int i = 0; i < 30; i++) {
            d.get("/api/stats", "Authorization", DeskHarness.basic(DeskHarness.ADMIN, "guess" + i),
                    "X-Forwarded-For", "10.0.0." + i, "X-Forwarded-For", "192.0.2.50");
        }
        assertThat(d.get("/api/stats", "Authorization", admin(), "X-Forwarded-For", "10.0.0.99", "X-Forwarded-For", "192.0.2.50")
                .statusCode()).isEqualTo(429);
        assertThat(d.get("/api/stats", "Authorization", admin(), "X-Forwarded-For", "10.0.0.99, 192.0.2.50").statusCode()).isEqualTo(429);
        // another client behind the same proxy is not locked out: the proxy's header is believed
        assertThat(d.get("/api/stats", "Authorization", admin(), "X-Forwarded-For", "192.0.2.51").statusCode()).isEqualTo(200);
        // and a login through it over HTTPS gets a Secure cookie
        HttpResponse<String> login = d.post("/login", ("user=" + DeskHarness.ADMIN + "&password=" + DeskHarness.ADMIN_PW.replace(" ", "+")).getBytes(),
                "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", "192.0.2.52", "X-Forwarded-Proto", "https");
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure", "HttpOnly", "SameSite=Strict");
    }

    @Test
    void s1RefusesToStartOnAMalformedOrMissingHash() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.parse("http:\n  users:\n    - name: a\n      role: admin\n      password-hash: \"$1$abc$def\"\n", "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a password hash");
        assertThatThrownBy(() -> ConfigLoader.parse("http:\n  users:\n    - name: a\n      role: admin\n", "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a password hash");
        assertThatThrownBy(() -> ConfigLoader.parse("http:\n  listen: \"0.0.0.0:8080\"\n", "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no default password");
        assertThatThrownBy(() -> HttpSettings.of(new java.net.InetSocketAddress("0.0.0.0", 0), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        Path cfg = tmp.resolve("bad.yaml");
        Files.writeString(cfg, "http:\n  listen: \"0.0.0.0:0\"\n  users:\n    - name: a\n      role: admin\n      password-hash: \"$1$x$y\"\n");
        Path db = tmp.resolve("db");
        assertThat(CliAccess.run(db, "serve", "--config", cfg.toString(), "--listen", "127.0.0.1:0")).isNotZero();
        assertThat(CliAccess.err(db, "serve", "--config", cfg.toString(), "--listen", "127.0.0.1:0")).contains("not a password hash");
        assertThat(CliAccess.run(db, "serve", "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0")).isNotZero();
    }

    // ---------------------------------------------------------------- S2 (without a browser; the browser test does the rest)

    @Test
    void s2StateChangesNeedPostSameOriginAndTheCsrfToken() throws Exception {
        start();
        String id = d.hold("QID2.1", "a@example.org", List.of("b@example.test"), sample("ham-1.eml"));
        HttpResponse<String> login = d.post("/login", ("user=" + DeskHarness.ADMIN + "&password=" + DeskHarness.ADMIN_PW.replace(" ", "+")).getBytes(),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(login.statusCode()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/");
        String cookie = setCookie.split(";", 2)[0];
        String page = d.get("/ui/queue", "Cookie", cookie).body();
        String csrf = page.replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        assertThat(csrf).hasSize(43);

        byte[] noToken = ("action=learn-spam&id=" + id).getBytes();
        assertThat(d.post("/ui/action", noToken, "Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded").statusCode()).isEqualTo(403);
        byte[] withToken = ("csrf=" + csrf + "&action=learn-spam&id=" + id).getBytes();
        assertThat(d.post("/ui/action", withToken, "Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded",
                "Origin", "http://127.0.0.1:8081").statusCode()).isEqualTo(403);
        assertThat(d.post("/ui/action", withToken, "Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded",
                "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(d.post("/api/quarantine/" + id + "/discard", new byte[0], "Authorization", admin(), "Origin", "http://evil.test").statusCode())
                .isEqualTo(403);
        // GET never changes state
        assertThat(d.get("/ui/action?csrf=" + csrf + "&action=learn-spam&id=" + id, "Cookie", cookie).statusCode()).isEqualTo(405);
        assertThat(d.get("/api/quarantine/" + id + "/discard", "Authorization", admin()).statusCode()).isEqualTo(405);
        assertThat(d.heldIds()).containsExactly(id);
        // the real thing: same origin, with the token
        assertThat(d.post("/ui/action", withToken, "Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded",
                "Origin", d.base()).statusCode()).isEqualTo(303);
        assertThat(d.heldIds()).isEmpty();
        assertThat(d.ledger(sample("ham-1.eml"))).contains(MailClass.SPAM);
    }

    // ---------------------------------------------------------------- S3 (the headers; the browser test runs the payloads)

    /** Logs in on the form and returns the session cookie. */
    String sessionCookie() throws Exception {
        HttpResponse<String> login = d.post("/login", ("user=" + DeskHarness.ADMIN + "&password=" + DeskHarness.ADMIN_PW.replace(" ", "+")).getBytes(),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(login.statusCode()).isEqualTo(303);
        return login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    @Test
    void s3AMessageShowsAsTextUnlessAskedAndItsHtmlOnlyUnderASandboxThatAllowsNothing() throws Exception {
        start();
        String id = d.hold("QID3.1", "a@example.org", List.of("b@example.test"), ("From: a@example.org\r\nSubject: html\r\n"
                + "Content-Type: text/html\r\n\r\n<p>visible words</p><script>window.__pwned=1</script>\r\n").getBytes(StandardCharsets.US_ASCII));
        String cookie = sessionCookie();

        HttpResponse<String> page = d.get("/ui/message/" + id, "Cookie", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("visible words").doesNotContain("<iframe", "<script>window");
        String pagePolicy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(pagePolicy).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline");

        String html = d.get("/ui/message/" + id + "?view=html", "Cookie", cookie).body();
        assertThat(html).containsPattern("<iframe [^>]*sandbox=\"\"").doesNotContain("allow-");

        HttpResponse<String> body = d.get("/ui/message/" + id + "/body", "Cookie", cookie);
        assertThat(body.statusCode()).isEqualTo(200);
        String bodyPolicy = body.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(bodyPolicy).contains("default-src 'none'", "style-src 'unsafe-inline'", "img-src data:", "sandbox")
                .doesNotContain("script-src", "allow-");
        assertThat(bodyPolicy.replaceAll(".*sandbox", "")).isBlank(); // a bare sandbox: no allow-* after it
    }

    /**
     * The message page built a held message's whole MIME tree with mime4j: a message nested
     * 100,000 deep (6 MB) overflowed the stack (500 after 12 s), and a million tiny parts (9 MB)
     * filled the heap (OutOfMemoryError in the server). Such a message now shows its header and a
     * note instead of its body, in bounded time and memory; ordinary mail is shown as before.
     */
    @Test
    void c1c2AHeldMessageTooDeepOrWithTooManyPartsShowsItsHeaderNotItsBody() throws Exception {
        start();
        StringBuilder nested = new StringBuilder("Subject: nested\r\n");
        for (int i = 0; i < 100_000; i++) {
            nested.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
        }
        nested.append("Content-Type: text/plain\r\n\r\ndeepest\r\n");
        StringBuilder chain = new StringBuilder("Subject: chain\r\n");
        for (int i = 0; i < 100_000; i++) chain.append("Content-Type: message/rfc822\r\n\r\n");
        Map<String, String> hostile = Map.of(
                "NESTED.1", nested.toString(),
                "CHAIN.1", chain.toString(),
                "FLOOD.1", "Subject: flood\r\nContent-Type: multipart/mixed; boundary=a\n\n" + "--a\nx:y\n\n".repeat(1_000_000),
                "FIELDS.1", "Subject: fields\r\n" + "To: a@b.example\r\n".repeat(500_000) + "\r\nbody\r\n");
        for (Map.Entry<String, String> h : hostile.entrySet()) {
            d.hold(h.getKey(), "a@example.org", List.of("b@example.test"), h.getValue().getBytes(StandardCharsets.ISO_8859_1));
        }
        String cookie = sessionCookie();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (String id : hostile.keySet()) {
            String subject = hostile.get(id).substring("Subject: ".length(), hostile.get(id).indexOf('\r'));
            for (String p : List.of("/api/quarantine/" + id, "/ui/message/" + id, "/ui/message/" + id + "?view=html", "/ui/message/" + id + "/body")) {
                long allocated = threads.getTotalThreadAllocatedBytes();
                long t0 = System.nanoTime();
                HttpResponse<String> r = p.startsWith("/api") ? d.get(p, "Authorization", admin()) : d.get(p, "Cookie", cookie);
                assertThat(r.statusCode()).as(p).isEqualTo(200);
                assertThat((System.nanoTime() - t0) / 1_000_000).as(p + " milliseconds").isLessThan(5_000);
                assertThat(threads.getTotalThreadAllocatedBytes() - allocated).as(p + " bytes allocated").isLessThan(256L << 20);
                if (!p.endsWith("/body")) assertThat(r.body()).as(p).contains(subject);
            }
        }
        assertThat(d.get("/ui/message/NESTED.1", "Cookie", cookie).body()).contains("not shown");
        assertThat(d.get("/health").statusCode()).isEqualTo(200);
    }

    /**
     * The API and the page decoded a message's Subject and header fields whole with mime4j, which
     * spends some 15 us on every "=?" that starts no valid encoded word: a check of a message
     * whose Subject was 800 KB of them took 10 s or more, as did listing and showing it held.
     */
    @Test
    void c3AHugeFieldOfBrokenEncodedWordsIsCheckedListedAndShownQuickly() throws Exception {
        start();
        byte[] message = ("Subject: " + "=?".repeat(400_000) + "\r\nX-Other: " + "=?a?q?".repeat(20_000)
                + "\r\nContent-Type: text/plain\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        String cookie = sessionCookie();
        d.hold("EWORDS.1", "a@example.org", List.of("b@example.test"), message);
        for (String p : List.of("/api/check", "/checkv2", "/api/quarantine", "/ui/queue", "/api/quarantine/EWORDS.1", "/ui/message/EWORDS.1")) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = p.contains("check") ? d.post(p, message, "Authorization", admin()) : p.startsWith("/api")
                    ? d.get(p, "Authorization", admin()) : d.get(p, "Cookie", cookie);
            assertThat(r.statusCode()).as(p).isEqualTo(200);
            assertThat((System.nanoTime() - t0) / 1_000_000).as(p + " milliseconds").isLessThan(3_000);
        }
    }

    // ---------------------------------------------------------------- S4

    @Test
    void s4TraversalAndStrangeIdsNeverReachOutsideTheSpool() throws Exception {
        start();
        d.hold("QID4.1", "a@example.org", List.of("b@example.test"), sample("ham-1.eml"));
        // a symbolic link planted in the spool is not an item the API will open
        Files.createSymbolicLink(d.quarantine().resolve("PLANTED.1.eml"), Path.of("/etc/passwd"));
        Files.writeString(d.quarantine().resolve("PLANTED.1.json"), "{\"from\":\"x\",\"rcpt\":[\"y\"]}");
        List<String> ids = List.of("../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5c..%5cwindows",
                "%00", "QID4.1%00", "%c0%ae%c0%ae%2fetc%2fpasswd", "/etc/passwd", "%2fetc%2fpasswd", "..", ".", "PLANTED.1",
                "a".repeat(10_000), "QID4.1/../../PLANTED.1", "QID4.1;rm", "C:%5cwindows", "NOSUCH.1");
        for (String id : ids) {
            for (String p : List.of("/api/quarantine/" + id, "/api/quarantine/" + id + "/raw", "/ui/message/" + id,
                    "/ui/message/" + id + "/body")) {
                HttpResponse<String> r;
                try {
                    r = d.get(p, "Authorization", admin());
                } catch (IllegalArgumentException bad) {
                    continue; // the client itself refuses to send it
                }
                assertThat(r.statusCode()).as(p).isIn(400, 404);
                assertThat(r.body()).as(p).doesNotContain("root:");
            }
            HttpResponse<String> post = d.post("/api/quarantine/" + (id.length() > 100 ? id : id) + "/release", new byte[0], "Authorization", admin());
            assertThat(post.statusCode()).isIn(400, 404);
        }
        assertThat(d.get("/api/quarantine/QID4.1", "Authorization", admin()).statusCode()).isEqualTo(200);
        assertThat(d.get("/api/quarantine/export", "Authorization", admin()).body()).doesNotContain("root:");
    }

    // ---------------------------------------------------------------- S5

    /** Raw HTTP over a socket: the status line and how long it took. */
    record Raw(String statusLine, long millis, long bytesSent) {}

    Raw raw(String head, long bodyBytes) throws Exception {
        try (Socket s = new Socket("127.0.0.1", d.web.port())) {
            s.setSoTimeout(20_000);
            long t0 = System.nanoTime();
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long sent = 0;
            byte[] chunk = new byte[65536];
            InputStream in = s.getInputStream();
            try {
                while (sent < bodyBytes && in.available() == 0) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, bodyBytes - sent));
                    sent += Math.min(chunk.length, bodyBytes - sent);
                }
            } catch (java.io.IOException closed) {
                // the server answered and closed: what we wanted
            }
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\n'; ) line.append((char) c);
            return new Raw(line.toString().trim(), (System.nanoTime() - t0) / 1_000_000, sent);
        }
    }

    @Test
    void s5OversizedBodiesGet413BeforeTheyAreReadAndHugeHeadersGet431() throws Exception {
        start();
        String auth = "Authorization: " + admin() + "\r\n";
        // declares 100 MB and sends nothing: answered at once
        Raw declared = raw("POST /api/check HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 104857600\r\n\r\n", 0);
        assertThat(declared.statusLine()).startsWith("HTTP/1.1 413");
        assertThat(declared.millis()).isLessThan(5000);
        // chunked, no length: cut off at the limit (1 MB here), long before 100 MB
        Raw chunked = rawChunked(auth);
        assertThat(chunked.statusLine()).startsWith("HTTP/1.1 413");
        assertThat(chunked.bytesSent()).isLessThan(50L << 20);
        // a 1 MB header: the server stops reading at the 32 KB cap and answers 431 before any handler runs
        for (int size : new int[] {40_000, 1 << 20}) {
            String status = raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(size) + "\r\n\r\n", 0).statusLine();
            assertThat(status).startsWith("HTTP/1.1 431");
        }
        // a JSON-ish bomb to the learn endpoint is just a too-large body
        Raw learn = raw("POST /learnspam HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 2000000\r\n\r\n", 0);
        assertThat(learn.statusLine()).startsWith("HTTP/1.1 413");
        assertThat(d.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void s5BusyServerAnswers503AndAnUnauthenticatedUploadIsNotRead() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL, "  scan-timeout-ms: 3000\n", 1, DeskHarness.accounts(), java.util.Set.of());
        List<org.bayard.core.store.ReadView> taken = new java.util.ArrayList<>();
        Thread check;
        try {
            // a check waiting for a stalled store holds the only worker slot until the scan's time is up
            for (int i = 0; i < org.bayard.store.lmdb.LmdbTokenStore.MAX_VIEWS; i++) taken.add(d.engine.store().read());
            check = Thread.ofVirtual().start(() -> {
                try {
                    d.post("/api/check", sample("spam-1.eml"), "Authorization", reader());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the check is counted under way before it takes the slot, and gives it back while its body
            // arrives: a /health in that moment got the slot (CI, once). Asked again until the check holds
            // it, within the check's 3 s wait for the store
            org.bayard.app.Await.until(() -> d.web.requestsUnderWay() == 1);
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(2500);
            HttpResponse<String> busy = d.get("/health");
            while (busy.statusCode() == 200 && check.isAlive() && System.nanoTime() < until) {
                Thread.sleep(20);
                busy = d.get("/health");
            }
            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).isPresent();
        } finally {
            taken.forEach(org.bayard.core.store.ReadView::close);
        }
        check.join();
        // the slot comes back once the check is answered
        assertThat(d.get("/health").statusCode()).isEqualTo(200);
        // without credentials the body is never read: 401 at once, although the body never comes
        Raw anon = raw("POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n", 0);
        assertThat(anon.statusLine()).startsWith("HTTP/1.1 401");
    }

    /**
     * Authenticated clients sending their messages slowly held a worker slot each for up to the
     * 60 s a request may take, so http.max-concurrent of them (here 2) kept every other check out
     * with 503. A slot is held while a request is worked on, not while its
     * body arrives: others are served meanwhile, and the slow ones are answered once theirs are in.
     */
    @Test
    void s5SlowUploadsHoldNoWorkerSlot() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL, 2);
        byte[] message = sample("spam-1.eml");
        // the password is checked once and then remembered: the slow ones' checks of it hold their slots only for a moment
        assertThat(d.post("/checkv2", message, "Password", DeskHarness.READER_PW).statusCode()).isEqualTo(200);
        List<Socket> slow = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Socket s = new Socket("127.0.0.1", d.web.port());
                s.setSoTimeout(20_000);
                s.getOutputStream().write(("POST /checkv2 HTTP/1.1\r\nHost: x\r\nPassword: " + DeskHarness.READER_PW
                        + "\r\nContent-Length: " + message.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().write(message, 0, 10);
                s.getOutputStream().flush();
                slow.add(s);
            }
            Thread.sleep(1000); // their heads are read and their bodies awaited
            HttpResponse<String> other = d.post("/api/check", message, "Authorization", reader());
            assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
            assertThat(d.get("/health").statusCode()).isEqualTo(200);
            for (Socket s : slow) {
                s.getOutputStream().write(message, 10, message.length - 10);
                s.getOutputStream().flush();
            }
            for (Socket s : slow) assertThat(line(s.getInputStream())).isEqualTo("HTTP/1.1 200 OK");
        } finally {
            for (Socket s : slow) s.close();
        }
    }

    /**
     * A client slow to take a large answer (a held message's download, an export, over a slow
     * link, or a script that stopped reading) held its worker slot for the 120 s an answer may
     * take to send, so http.max-concurrent of them (here 1) kept every check out with 503. The
     * slot is given back once the answer is being sent.
     */
    @Test
    void s5AClientSlowToTakeALargeAnswerHoldsNoWorkerSlot() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL, 1);
        StringBuilder big = new StringBuilder("From: a@example.org\r\nSubject: large\r\n\r\n");
        while (big.length() < 24 << 20) big.append("the minutes of the meeting, and more of them\r\n");
        String id = d.hold("QIDBIG.1", "a@example.org", List.of("b@example.test"), big.toString().getBytes(StandardCharsets.US_ASCII));
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", d.web.port()));
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET /api/quarantine/" + id + "/raw HTTP/1.1\r\nHost: x\r\nAuthorization: " + admin() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            assertThat(line(s.getInputStream())).isEqualTo("HTTP/1.1 200 OK"); // and nothing more is read
            Thread.sleep(1000);
            HttpResponse<String> other = d.post("/api/check", sample("spam-1.eml"), "Authorization", reader());
            assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        }
    }

    @Test
    void s5HeadsOverTheCapsGet431Or414AndAreLoggedAndCounted() throws Exception {
        start();
        // just under the 32 KB header cap: answered as usual
        String under = "X-Pad: " + "p".repeat(32 * 1024 - 200) + "\r\n";
        assertThat(raw("GET /health HTTP/1.1\r\nHost: x\r\n" + under + "\r\n", 0).statusLine()).startsWith("HTTP/1.1 200");
        assertThat(raw("GET /health HTTP/1.1\r\nHost: x\r\n" + under + under + "\r\n", 0).statusLine()).startsWith("HTTP/1.1 431");
        assertThat(raw("GET /health?" + "q".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 0).statusLine()).startsWith("HTTP/1.1 414");
        String log = d.log.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("\"status\":431,\"client\":\"127.0.0.1\"", "\"status\":414,\"client\":\"127.0.0.1\"");
        assertThat(d.get("/metrics", "Authorization", reader()).body()).containsPattern("bayard_http_requests_total\\{[^}]*431[^}]*\\} 1\\.0");
    }

    @Test
    void s5CurlStyleExpectContinueGetsContinueOnlyWhenTheUploadIsWanted() throws Exception {
        start();
        byte[] message = sample("spam-1.eml");
        try (Socket s = new Socket("127.0.0.1", d.web.port())) {
            s.setSoTimeout(20_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/check HTTP/1.1\r\nHost: x\r\nAuthorization: " + reader() + "\r\nContent-Length: " + message.length
                    + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(line(in)).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(line(in)).isEmpty();
            out.write(message);
            out.flush();
            assertThat(line(in)).isEqualTo("HTTP/1.1 200 OK");
        }
        // no credentials: refused at once, the client is never invited to send the 100 MB
        Raw anon = raw("POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\nExpect: 100-continue\r\n\r\n", 0);
        assertThat(anon.statusLine()).startsWith("HTTP/1.1 401");
    }

    @Test
    void s5TheRequestLogHoldsNeitherBodiesNorPasswords() throws Exception {
        start();
        byte[] message = ("From: a@example.org\r\nSubject: secretsubjectmarker\r\n\r\nsecretbodymarker words\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(d.post("/api/check", message, "Authorization", reader()).statusCode()).isEqualTo(200);
        assertThat(d.post("/api/learn?class=spam", message, "Authorization", admin()).statusCode()).isEqualTo(200);
        assertThat(d.post("/checkv2", message, "Password", DeskHarness.ADMIN_PW).statusCode()).isEqualTo(200);
        assertThat(d.post("/checkv2", message, "Password", "wrongpasswordmarker").statusCode()).isEqualTo(401);
        assertThat(d.post("/login", "user=nobody&password=loginpasswordmarker".getBytes(StandardCharsets.US_ASCII),
                "Content-Type", "application/x-www-form-urlencoded").statusCode()).isIn(200, 303, 401, 403);
        String log = d.log.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("/api/check", "/api/learn", "/checkv2")
                .doesNotContain("secretsubjectmarker", "secretbodymarker", "wrongpasswordmarker", "loginpasswordmarker",
                        DeskHarness.ADMIN_PW, DeskHarness.READER_PW, admin().substring("Basic ".length()));
    }

    // ---------------------------------------------------------------- C12 (c)

    @Test
    void c12OneMessageLearnedManyTimesOverTheApiCountsOnce() throws Exception {
        start();
        byte[] message = ("From: a@example.org\r\nSubject: learned again and again\r\nMessage-ID: <again@example.org>\r\n\r\n"
                + "the same words every time\r\n").getBytes(StandardCharsets.US_ASCII);
        String before = learnedSpam();
        assertThat(d.json(d.post("/api/learn?class=spam", message, "Authorization", admin())).get("outcome")).isEqualTo("learned");
        String once = learnedSpam();
        assertThat(once).isNotEqualTo(before);
        for (int i = 0; i < 20; i++) {
            assertThat(d.json(d.post("/api/learn?class=spam", message, "Authorization", admin())).get("outcome")).isNotEqualTo("learned");
            assertThat(d.post("/learnspam", message, "Password", DeskHarness.ADMIN_PW).statusCode()).isEqualTo(208);
        }
        assertThat(learnedSpam()).isEqualTo(once);
    }

    /** The learned spam count from /metrics, as printed there. */
    String learnedSpam() throws Exception {
        String metrics = d.get("/metrics", "Authorization", reader()).body();
        return metrics.lines().filter(l -> l.startsWith("bayard_store_learned_messages{class=\"spam\"}")).findFirst().orElseThrow();
    }

    static String line(InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) line.append((char) c);
        return line.toString().trim();
    }

    Raw rawChunked(String auth) throws Exception {
        try (Socket s = new Socket("127.0.0.1", d.web.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("POST /api/check HTTP/1.1\r\nHost: x\r\n" + auth + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] data = new byte[65536];
            java.util.Arrays.fill(data, (byte) 'a');
            long sent = 0;
            try {
                while (sent < (100L << 20) && in.available() == 0) {
                    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(data);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    sent += data.length;
                }
            } catch (java.io.IOException closed) {
                // answered and closed
            }
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\n'; ) line.append((char) c);
            return new Raw(line.toString().trim(), 0, sent);
        }
    }

    // ---------------------------------------------------------------- rspamc-style use and the API

    @Test
    void checkv2WithRspamdHeadersGetsTheRspamdReplyAndLearnspamLearns() throws Exception {
        start();
        byte[] spam = sample("spam-2.eml");
        HttpResponse<String> r = d.post("/checkv2", spam, "Password", DeskHarness.READER_PW, "IP", "192.0.2.7", "Helo", "mx.example.net",
                "Hostname", "mx.example.net", "From", "spammer@example.net", "Rcpt", "list@example.test", "Queue-Id", "ABC123",
                "User", "someone", "Pass", "all");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> j = d.json(r);
        assertThat(j).containsKeys("is_skipped", "score", "required_score", "action", "symbols", "urls", "emails", "message-id", "messages");
        assertThat(j.get("is_skipped")).isEqualTo(false);
        assertThat((String) j.get("action")).isIn("no action", "greylist", "add header", "rewrite subject", "soft reject", "reject");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> symbols = (Map<String, Map<String, Object>>) j.get("symbols");
        assertThat(symbols).isNotEmpty();
        symbols.forEach((name, s) -> {
            assertThat(s.get("name")).isEqualTo(name);
            assertThat(s).containsKeys("score", "options");
        });
        assertThat(symbols.keySet()).anyMatch(n -> n.startsWith("BAYES_"));
        assertThat(j.get("queue-id")).isEqualTo("ABC123");

        byte[] fresh = sample("ham-3.eml");
        assertThat(d.ledger(fresh)).isEmpty();
        HttpResponse<String> learn = d.post("/learnspam", fresh, "Password", DeskHarness.ADMIN_PW);
        assertThat(learn.statusCode()).isEqualTo(200);
        assertThat(learn.body()).isEqualTo("{\"success\":true}");
        assertThat(d.ledger(fresh)).contains(MailClass.SPAM);
        assertThat(d.post("/learnspam", fresh, "Password", DeskHarness.ADMIN_PW).statusCode()).isEqualTo(208);
        assertThat(d.post("/learnham", fresh, "Password", DeskHarness.ADMIN_PW).statusCode()).isEqualTo(200);
        assertThat(d.ledger(fresh)).contains(MailClass.HAM);
        // our own check, learn, unlearn and forget
        Map<String, Object> check = d.json(d.post("/api/check", spam, "Authorization", reader()));
        assertThat(check).containsKeys("action", "score", "verdict", "symbols", "clues");
        assertThat(DeskHarness.list(check.get("clues"))).isNotEmpty();
        assertThat(d.json(d.post("/api/unlearn?class=spam", fresh, "Authorization", admin())).get("outcome")).isEqualTo("wrong_class");
        assertThat(d.json(d.post("/api/forget", fresh, "Authorization", admin())).get("outcome")).isEqualTo("unlearned");
        assertThat(d.ledger(fresh)).isEmpty();
        assertThat(d.json(d.post("/api/learn?class=ham", fresh, "Authorization", admin())).get("outcome")).isEqualTo("learned");

        String metrics = d.get("/metrics", "Authorization", reader()).body();
        assertThat(metrics).contains("bayard_messages_total{action=", "bayard_scan_seconds_bucket", "bayard_learns_total{class=\"spam\",source=\"api\"}",
                "bayard_store_tokens", "bayard_quarantine_messages", "bayard_store_bytes");
    }

    /**
     * /api/forget of a message whose ledger entry was pruned by age takes nothing out (nothing says
     * which class to take it out of) and says why, instead of a bare "not learned".
     */
    @Test
    void forgetOfAMessageWhoseLedgerEntryWasPrunedSaysSoAndTakesNothingOut() throws Exception {
        start();
        byte[] fresh = sample("ham-3.eml");
        assertThat(d.json(d.post("/api/learn?class=spam", fresh, "Authorization", admin())).get("outcome")).isEqualTo("learned");
        org.bayard.core.store.LedgerPruner.prune(d.engine.store(), java.time.Instant.now().plusSeconds(60)); // every entry
        org.bayard.core.store.Totals before = d.engine.store().stats().totals();

        Map<String, Object> forget = d.json(d.post("/api/forget", fresh, "Authorization", admin()));
        assertThat(forget.get("outcome")).isEqualTo("not_learned");
        assertThat(forget.get("changed")).isEqualTo(false);
        assertThat((String) forget.get("detail")).startsWith("not learned: not in the ledger, but " + before.messages()
                + " learned messages have no ledger entry (pruned by age)");
        assertThat(d.engine.store().stats().totals()).isEqualTo(before);
    }

    /**
     * The checks scored by the policy `serve` started with: a reload reached the gate (the README
     * says the next messages get the new policy) but /checkv2 and /api/check kept the old
     * thresholds, so the API and the gate disagreed about the same message until a restart.
     */
    @Test
    void aReloadedPolicyReachesTheChecksAsItReachesTheGate() throws Exception {
        start();
        byte[] spam = sample("spam-2.eml");
        assertThat(d.json(d.post("/api/check", spam, "Authorization", reader())).get("reject_score")).isEqualTo(1000.0);
        d.gate.reload(ConfigLoader.parse("policy:\n  reject-score: 7\n  hold-score: 3\n  tag-score: 3\nsmtp:\n  next-hop: \"127.0.0.1:"
                + d.sink.address().getPort() + "\"\n  quarantine: \"" + d.quarantine() + "\"\n", "reloaded"));
        Map<String, Object> check = d.json(d.post("/api/check", spam, "Authorization", reader()));
        assertThat(check.get("reject_score")).isEqualTo(7.0);
        assertThat(check.get("hold_score")).isEqualTo(3.0);
        Map<String, Object> rspamd = d.json(d.post("/checkv2", spam, "Password", DeskHarness.READER_PW));
        assertThat(rspamd.get("required_score")).isEqualTo(7.0);
        assertThat(rspamd.get("action")).isEqualTo("reject");
    }

    /**
     * Past the part limit (200) parts are not described, and the check for executable attachments
     * read names from the descriptions only: 200 empty parts before {@code invoice.exe} took its
     * 5 points away. A check names it after 200 or 10,000 empty parts as after one.
     */
    @Test
    @SuppressWarnings("unchecked")
    void anExecutableAfterTwoHundredEmptyPartsIsStillChecked() throws Exception {
        start();
        for (int empty : new int[] {1, 200, 10_000}) {
            String m = "From: Ann <ann@example.org>\r\nMessage-ID: <flood-" + empty + "@example.org>\r\nSubject: invoice\r\n"
                    + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" + "--b\r\n\r\n".repeat(empty)
                    + "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"invoice.exe\"\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAA\r\n--b--\r\n";
            Map<String, Object> check = d.json(d.post("/api/check", m.getBytes(StandardCharsets.US_ASCII), "Authorization", reader()));
            assertThat((List<Map<String, Object>>) check.get("symbols")).as(empty + " empty parts: " + check)
                    .anySatisfy(s -> assertThat(s).containsEntry("name", "EXECUTABLE_ATTACHMENT").containsEntry("detail", "invoice.exe"));
        }
    }

    /** A file name split into RFC 2231 segments, as mail clients write long names, is checked joined. */
    @SuppressWarnings("unchecked")
    @Test
    void anExecutableNameSplitIntoRfc2231SegmentsIsChecked() throws Exception {
        start();
        String m = "From: Ann <ann@example.org>\r\nMessage-ID: <split@example.org>\r\nSubject: invoice\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment;\r\n filename*0=\"invoice\";\r\n filename*1=\".exe\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAA\r\n--b--\r\n";
        Map<String, Object> check = d.json(d.post("/api/check", m.getBytes(StandardCharsets.US_ASCII), "Authorization", reader()));
        assertThat((List<Map<String, Object>>) check.get("symbols")).as(check.toString())
                .anySatisfy(s -> assertThat(s).containsEntry("name", "EXECUTABLE_ATTACHMENT").containsEntry("detail", "invoice.exe"));
    }

    /**
     * A check with no body (a client that lost its message, a wrong curl flag) was scored as an
     * empty message: "add header" with milter.reject "quarantine" and points for a missing
     * Message-ID and sender, a verdict about nothing. It is a 400, as it is for /learnspam.
     */
    @Test
    void aCheckWithoutAMessageIs400NotAVerdict() throws Exception {
        start();
        for (String p : List.of("/checkv2", "/api/check")) {
            HttpResponse<String> r = d.post(p, new byte[0], "Authorization", reader());
            assertThat(r.statusCode()).as(p).isEqualTo(400);
            assertThat(r.body()).as(p).contains("no message in the body");
        }
    }

    /** RFC 9110: a 405 names the methods that would do; /checkv2, /api/check and /login named none. */
    @Test
    void everyWrongMethodIsToldWhichMethodsWould() throws Exception {
        start();
        for (String p : List.of("/checkv2", "/api/check", "/learnspam", "/api/learn?class=spam", "/api/stats", "/login")) {
            HttpResponse<String> r = d.client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.base() + p))
                    .method("DELETE", java.net.http.HttpRequest.BodyPublishers.noBody()).header("Authorization", admin()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(p).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as(p).isPresent();
        }
    }

    /**
     * A mistyped decision (GET /api/quarantine/ID/relase) was told "state changes need POST", and
     * POSTed again it got "no such held message" for a missing id: neither said the action was
     * wrong. Now it is 404 naming the actions, whatever the method and the id.
     */
    @Test
    void anUnknownDecisionIs404NamingTheActionsWhateverTheMethod() throws Exception {
        start();
        String id = d.hold("QID2.1", "a@example.org", List.of("b@example.test"), sample("ham-1.eml"));
        for (String held : List.of(id, "MISSING-1.1")) {
            HttpResponse<String> asGet = d.get("/api/quarantine/" + held + "/relase", "Authorization", admin());
            HttpResponse<String> asPost = d.post("/api/quarantine/" + held + "/relase", new byte[0], "Authorization", admin());
            for (HttpResponse<String> r : List.of(asGet, asPost)) {
                assertThat(r.statusCode()).as(held).isEqualTo(404);
                assertThat(r.body()).as(held).contains("unknown action; one of release, learn-ham, discard, learn-spam");
            }
        }
        assertThat(d.heldIds()).containsExactly(id);
    }

    /**
     * A compressed upload (rspamc --compressed sends Compression: zstd; any HTTP client may send
     * Content-Encoding: gzip) was read as the message itself: a spam compressed got "add header"
     * from the score of its random bytes, and /learnspam learned those bytes. zstd is now made
     * whole and read as the message; what says zstd and is not is 400, any other coding 415, and
     * none of them is learned.
     */
    @Test
    void compressedBodiesAreReadAsTheMessageTheyHoldOrRefused() throws Exception {
        start();
        byte[] spam = sample("spam-1.eml");
        var gz = new java.io.ByteArrayOutputStream();
        try (var z = new java.util.zip.GZIPOutputStream(gz)) {
            z.write(spam);
        }
        byte[] gzipped = gz.toByteArray();
        var notZstd = d.post("/checkv2", gzipped, "Password", DeskHarness.READER_PW, "Compression", "zstd");
        assertThat(notZstd.statusCode()).isEqualTo(400);
        assertThat(notZstd.body()).contains("the body is not zstd (Compression: zstd)");
        assertThat(d.post("/checkv2", gzipped, "Password", DeskHarness.READER_PW, "Flags", "pass_all,zstd").statusCode()).isEqualTo(400);
        var gzip = d.post("/api/check", gzipped, "Authorization", reader(), "Content-Encoding", "gzip");
        assertThat(gzip.statusCode()).isEqualTo(415);
        assertThat(gzip.body()).contains("compressed request bodies are taken in zstd only (rspamc -z)");
        assertThat(d.post("/learnspam", gzipped, "Password", DeskHarness.ADMIN_PW, "Content-Encoding", "gzip").statusCode()).isEqualTo(415);
        assertThat(d.ledger(gzipped)).isEmpty();
        assertThat(d.ledger(spam)).isEmpty();
        // uncompressed, or saying so, it is read as before
        var plain = d.post("/checkv2", spam, "Password", DeskHarness.READER_PW, "Content-Encoding", "identity");
        assertThat(plain.statusCode()).isEqualTo(200);

        // zstd: the same answer as the message itself, sent back in zstd as Rspamd does, and learned as it
        byte[] zstd = zstd(spam);
        var packed = d.postForBytes("/checkv2", zstd, "Password", DeskHarness.READER_PW, "Compression", "zstd");
        assertThat(packed.statusCode()).isEqualTo(200);
        assertThat(packed.headers().firstValue("Compression")).hasValue("zstd");
        assertThat(packed.headers().firstValue("Content-Encoding")).hasValue("zstd");
        assertThat(new String(unzstd(packed.body()), StandardCharsets.UTF_8)).isEqualTo(plain.body());
        var ours = d.post("/api/check", zstd, "Authorization", reader(), "Content-Encoding", "zstd");
        assertThat(ours.statusCode()).isEqualTo(200);
        assertThat(ours.headers().firstValue("Content-Encoding")).as("our own API answers in JSON as it is").isEmpty();
        assertThat(d.post("/learnspam", zstd, "Password", DeskHarness.ADMIN_PW, "Compression", "zstd").statusCode()).isEqualTo(200);
        assertThat(d.ledger(spam)).contains(org.bayard.core.store.MailClass.SPAM);

        // cut short: 400, said; a frame that does not declare its size (here one raw block of "hello"): 415
        byte[] corrupt = java.util.Arrays.copyOf(zstd, zstd.length / 2);
        var broken = d.post("/checkv2", corrupt, "Password", DeskHarness.READER_PW, "Compression", "zstd");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("the zstd body is corrupt");
        byte[] undeclared = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x00, 0x00, (byte) ((5 << 3) | 1), 0, 0, 'h', 'e', 'l', 'l', 'o'};
        var unsized = d.post("/checkv2", undeclared, "Password", DeskHarness.READER_PW, "Compression", "zstd");
        assertThat(unsized.statusCode()).isEqualTo(415);
        assertThat(unsized.body()).contains("a zstd body must declare its size in its frame header");
    }

    /**
     * A few kilobytes of zstd that say they hold more than http.max-body-bytes (1 MB here): 413
     * before any of it is made, the way a message that large is refused.
     */
    @Test
    void aZstdBodyDeclaringMoreThanTheLimitIsRefusedBeforeItIsMade() throws Exception {
        start();
        byte[] bomb = zstd(new byte[64 << 20]);
        assertThat(bomb.length).as("64 MB of zeros, compressed").isLessThan(64 << 10);
        var refused = d.post("/checkv2", bomb, "Password", DeskHarness.READER_PW, "Compression", "zstd");
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).contains("message too large: the limit is 1048576 bytes (http.max-body-bytes)");
    }

    /**
     * Rspamd compresses a scan's answer for a client that accepts zstd, also when the message came
     * uncompressed; one that refuses it (q=0) or names only other codings gets it as it is.
     */
    @Test
    void aScanAnswerGoesBackInZstdToAClientThatAcceptsIt() throws Exception {
        start();
        byte[] spam = sample("spam-1.eml");
        var plain = d.post("/checkv2", spam, "Password", DeskHarness.READER_PW);
        assertThat(plain.headers().firstValue("Compression")).isEmpty();
        var accepted = d.postForBytes("/checkv2", spam, "Password", DeskHarness.READER_PW, "Accept-Encoding", "gzip, zstd;q=0.5");
        assertThat(accepted.headers().firstValue("Compression")).hasValue("zstd");
        assertThat(new String(unzstd(accepted.body()), StandardCharsets.UTF_8)).isEqualTo(plain.body());
        for (String refusing : List.of("zstd;q=0", "gzip, br", "zstdx")) {
            var asItIs = d.post("/checkv2", spam, "Password", DeskHarness.READER_PW, "Accept-Encoding", refusing);
            assertThat(asItIs.headers().firstValue("Compression")).as(refusing).isEmpty();
            assertThat(asItIs.body()).as(refusing).isEqualTo(plain.body());
        }
        var refused = d.postForBytes("/checkv2", spam, "Password", "wrong", "Accept-Encoding", "zstd");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).as("a refusal stays readable as it is").contains("wrong password");
    }

    private static byte[] unzstd(byte[] frame) {
        long size = io.airlift.compress.zstd.ZstdDecompressor.getDecompressedSize(frame, 0, frame.length);
        assertThat(size).as("the frame declares its size").isNotNegative();
        byte[] out = new byte[(int) size];
        int n = new io.airlift.compress.zstd.ZstdDecompressor().decompress(frame, 0, frame.length, out, 0, out.length);
        assertThat(n).isEqualTo(size);
        return out;
    }

    private static byte[] zstd(byte[] message) {
        io.airlift.compress.zstd.ZstdCompressor compressor = new io.airlift.compress.zstd.ZstdCompressor();
        byte[] out = new byte[compressor.maxCompressedLength(message.length)];
        int n = compressor.compress(message, 0, message.length, out, 0, out.length);
        return java.util.Arrays.copyOf(out, n);
    }

    /** Sends {@code request} whole, half-closes, and returns the status line. */
    String statusOf(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", d.web.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
            return line(s.getInputStream());
        }
    }

    /**
     * A body that breaks its own framing is the client's fault: it got 500 "internal error" (and
     * a body cut short before its declared length, no answer at all), as if the server had failed.
     */
    @Test
    void aMalformedOrCutShortBodyIs400() throws Exception {
        start();
        String head = "POST /checkv2 HTTP/1.1\r\nHost: x\r\nPassword: " + DeskHarness.READER_PW + "\r\n";
        assertThat(statusOf(head + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(statusOf(head + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello!!\r\n0\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(statusOf(head + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")).startsWith("HTTP/1.1 400");
        assertThat(statusOf(head + "Content-Length: 100\r\n\r\nFrom: a@b.test\r\n\r\nhi")).startsWith("HTTP/1.1 400");
        assertThat(statusOf(head + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    /**
     * Several releases of one held message at once (a double click, two moderators): each read
     * the message before any removed it, and it was delivered as many times. Now one decision
     * takes the item and the others are refused; it is delivered once.
     */
    @Test
    void concurrentReleasesOfOneItemDeliverItOnce() throws Exception {
        start();
        d.swaks(Path.of("../samples/held-out/ham-1.eml"), "friend@example.org", "list@example.test");
        String id = d.gate.quarantine().ids().get(0);
        d.sink.endDelayMillis = 500; // every release is under way at once
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return d.post("/api/quarantine/" + id + "/release", new byte[0], "Authorization", admin());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<Integer> statuses = calls.stream().map(c -> c.join().statusCode()).toList();
        assertThat(statuses).containsOnlyOnce(200);
        assertThat(d.sink.delivered).hasSize(1);
        assertThat(d.gate.quarantine().ids()).isEmpty();
    }

    /**
     * Two moderators deciding one item at once, one releasing it as ham and one discarding it as
     * spam: each learned the message before either took the item, so the release delivered it
     * and the ledger said spam (or the discard removed it and the ledger said ham). The store
     * must learn only the decision that was carried out.
     */
    @Test
    void aReleaseAndADiscardAtOnceLearnOnlyTheDecisionThatWasCarriedOut() throws Exception {
        start();
        byte[] message = sample("ham-2.eml");
        String id = d.hold("QID7.1", "friend@example.org", List.of("list@example.test"), message);
        d.sink.endDelayMillis = 1500; // the release is still under way when the discard comes
        var release = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return d.post("/api/quarantine/" + id + "/learn-ham", new byte[0], "Authorization", admin());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        HttpResponse<String> discard = d.post("/api/quarantine/" + id + "/learn-spam", new byte[0], "Authorization", admin());
        HttpResponse<String> released = release.join();
        assertThat(List.of(released.statusCode(), discard.statusCode())).containsExactlyInAnyOrder(200, 409);
        // the loser is told that another decision took it, not that "the message stays held"
        HttpResponse<String> lost = released.statusCode() == 200 ? discard : released;
        assertThat(lost.body()).contains("another decision").doesNotContain("stays held", d.quarantine().toString());
        assertThat(d.heldIds()).isEmpty();
        MailClass carriedOut = released.statusCode() == 200 ? MailClass.HAM : MailClass.SPAM;
        assertThat(d.sink.delivered).hasSize(carriedOut == MailClass.HAM ? 1 : 0);
        assertThat(d.ledger(message)).contains(carriedOut);
    }

    /**
     * A spam run that leaves ten thousand messages held: each item of a listing listed the whole
     * spool directory again to check its id, so the time grew with the square of the queue, and
     * {@code /api/quarantine?limit=10} (and the page, and /metrics) ran past the request
     * deadline: the moderator got no answer at all while the server went on working.
     */
    @Test
    void aQueueOfTenThousandHeldItemsIsListed() throws Exception {
        start();
        Path spool = d.quarantine();
        for (int i = 0; i < 10_000; i++) {
            String id = String.format("BULK%05d.1", i);
            Files.writeString(spool.resolve(id + ".eml"), "From: a@example.org\r\nSubject: bulk " + i + "\r\n\r\nbody\r\n");
            Files.writeString(spool.resolve(id + ".json"), "{\"from\":\"a@example.org\",\"rcpt\":[\"list@example.test\"],"
                    + "\"received\":\"2026-11-23T06:00:00Z\",\"score\":" + (i % 100) / 10.0 + ",\"reason\":\"bayes unsure\"}");
        }
        HttpResponse<String> r = d.client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.base() + "/api/quarantine?limit=10"))
                .header("Authorization", admin()).timeout(java.time.Duration.ofSeconds(50)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(d.json(r).get("total")).isEqualTo(10_000);
    }

    /**
     * One sidecar that is not the JSON the gate writes (a disk error, a hand edit) made the whole
     * listing, and with it the queue page, answer 500 "internal error": no held message could be
     * seen or decided from the desk. `bayard quarantine list` shows such an item with a warning;
     * the desk now shows it too, with the damage as its reason.
     */
    @Test
    void aDamagedSidecarDoesNotHideTheRestOfTheQueue() throws Exception {
        start();
        String good = d.hold("GOOD1.1", "a@example.org", List.of("list@example.test"), sample("ham-1.eml"));
        String bad = d.hold("BAD1.1", "b@example.org", List.of("list@example.test"), sample("ham-2.eml"));
        Files.writeString(d.quarantine().resolve(bad + ".json"), "{broken");
        HttpResponse<String> list = d.get("/api/quarantine", "Authorization", admin());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(good, bad, "damaged");
        assertThat(d.get("/ui/queue", "Authorization", admin()).statusCode()).isEqualTo(200);
        assertThat(d.get("/api/quarantine/" + bad, "Authorization", admin()).statusCode()).isEqualTo(200);
        assertThat(d.post("/api/quarantine/" + bad + "/discard", new byte[0], "Authorization", admin()).statusCode()).isEqualTo(200);
        assertThat(d.heldIds()).containsExactly(good);
    }

    /**
     * A file in the spool whose name ends in .eml but is no item's (Emacs' lock file {@code .#ID.eml}
     * while the postmaster edits a held message, a copy saved as "my copy.eml") made the whole
     * listing, the queue page and /metrics answer 500 "internal error": no held message could be
     * seen or decided from the desk. Such a file is not an item and is left alone.
     */
    @Test
    void aFileInTheSpoolThatIsNoItemDoesNotHideTheQueue() throws Exception {
        start();
        String good = d.hold("GOOD2.1", "a@example.org", List.of("list@example.test"), sample("ham-1.eml"));
        Files.createSymbolicLink(d.quarantine().resolve(".#" + good + ".eml"), Path.of("postmaster@mx.example.org.4242:1763900000"));
        Files.write(d.quarantine().resolve("my copy.eml"), sample("ham-2.eml"));
        HttpResponse<String> list = d.get("/api/quarantine", "Authorization", admin());
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(d.json(list).get("total")).isEqualTo(1);
        assertThat(list.body()).contains(good);
        assertThat(d.get("/ui/queue", "Authorization", admin()).statusCode()).isEqualTo(200);
        assertThat(d.get("/metrics", "Authorization", admin()).body()).contains("bayard_quarantine_messages 1");
        assertThat(d.post("/api/quarantine/" + good + "/release", new byte[0], "Authorization", admin()).statusCode()).isEqualTo(200);
        assertThat(d.sink.delivered).hasSize(1);
        assertThat(d.quarantine().resolve("my copy.eml")).exists(); // not an item, and not ours to remove
    }

    /**
     * Paging far past the end ({@code offset=2147483647}, or 1e10, which became the same) made
     * the listing and the queue page answer 500 "internal error" (the page's end overflowed); an
     * {@code order} that is neither asc nor desc, and a fractional offset, were taken silently as
     * something else. Past the end is an empty page with the total; a bad value is a 400 naming it.
     */
    @Test
    void pagingFarPastTheEndIsAnEmptyPageAndBadPagingIsNamed() throws Exception {
        start();
        d.hold("PAGED1.1", "a@example.org", List.of("list@example.test"), sample("ham-1.eml"));
        d.hold("PAGED2.1", "b@example.org", List.of("list@example.test"), sample("ham-2.eml"));
        for (String offset : List.of("2147483647", "2147483600", "10000000000")) {
            HttpResponse<String> r = d.get("/api/quarantine?offset=" + offset, "Authorization", admin());
            assertThat(r.statusCode()).as(offset + ": " + r.body()).isEqualTo(200);
            assertThat((List<?>) d.json(r).get("items")).isEmpty();
            assertThat(d.json(r).get("total")).isEqualTo(2);
            HttpResponse<String> page = d.get("/ui/queue?offset=" + offset, "Authorization", admin());
            assertThat(page.statusCode()).as(offset).isEqualTo(200);
            assertThat(page.body()).contains("Previous").doesNotContain("<tr data-id=");
        }
        for (String[] bad : List.of(new String[] {"order=sideways", "order"}, new String[] {"offset=1.5", "offset"},
                new String[] {"limit=2.5", "limit"}, new String[] {"offset=-1", "offset"})) {
            HttpResponse<String> r = d.get("/api/quarantine?" + bad[0], "Authorization", admin());
            assertThat(r.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(r.body()).as(bad[0]).contains(bad[1]);
            if (!bad[1].equals("limit")) { // the page's limit is its own, one bulk decision's worth
                assertThat(d.get("/ui/queue?" + bad[0], "Authorization", admin()).statusCode()).as(bad[0]).isEqualTo(400);
            }
        }
        assertThat(d.heldIds()).hasSize(2);
    }

    /**
     * A page of the queue past its end (a Next link followed after other moderators had decided
     * much of the queue) said "Nothing is held." while mail was held: the moderator took the
     * queue for empty. It says that this page is empty, how many are held, and links to the first page.
     */
    @Test
    void aQueuePagePastTheEndDoesNotSayNothingIsHeld() throws Exception {
        start();
        d.hold("PAST1.1", "a@example.org", List.of("list@example.test"), sample("ham-1.eml"));
        d.hold("PAST2.1", "b@example.org", List.of("list@example.test"), sample("ham-2.eml"));
        String page = d.get("/ui/queue?offset=500&sort=score", "Authorization", admin()).body();
        assertThat(page).doesNotContain("Nothing is held").contains("No held message on this page; 2 held in all")
                .contains("href=\"/ui/queue?offset=0&amp;sort=score\"");
        d.post("/api/quarantine/PAST1.1/discard", new byte[0], "Authorization", admin());
        d.post("/api/quarantine/PAST2.1/discard", new byte[0], "Authorization", admin());
        assertThat(d.get("/ui/queue?offset=500", "Authorization", admin()).body()).contains("Nothing is held.");
        assertThat(d.get("/ui/queue", "Authorization", admin()).body()).contains("Nothing is held.");
    }

    /**
     * The queue page showed every held message on one page, and its "select all" (key a) then
     * selected more than one bulk decision takes: with 607 held, a then d gave "400 at most 500
     * messages at once" and nothing was done (and past about 4,000 a 413). The page now shows
     * at most one bulk decision's worth, with links to the rest.
     */
    @Test
    void theQueuePageShowsAtMostOneBulkDecisionsWorthPerPage() throws Exception {
        start();
        Path spool = d.quarantine();
        for (int i = 0; i < 607; i++) {
            String id = String.format("PAGE%05d.1", i);
            Files.writeString(spool.resolve(id + ".eml"), "From: a@example.org\r\nSubject: page " + i + "\r\n\r\nbody\r\n");
            Files.writeString(spool.resolve(id + ".json"), "{\"from\":\"a@example.org\",\"rcpt\":[\"list@example.test\"],"
                    + "\"received\":\"2026-11-23T06:00:00Z\",\"score\":" + i % 10 + ",\"reason\":\"bayes unsure\"}");
        }
        HttpResponse<String> first = d.get("/ui/queue?sort=score&order=asc", "Authorization", admin());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body().split("<tr data-id=", -1)).hasSize(500 + 1);
        assertThat(first.body()).contains("607").contains("offset=500").contains("sort=score");
        HttpResponse<String> second = d.get("/ui/queue?sort=score&order=asc&offset=500", "Authorization", admin());
        assertThat(second.body().split("<tr data-id=", -1)).hasSize(107 + 1);
    }

    /** A message with {@code n} attachments, file000.txt and on, the last one {@code last}, then a closing text part. */
    static byte[] withAttachments(int n, String last) {
        StringBuilder m = new StringBuilder("From: a@example.org\r\nSubject: many files\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nsee the files\r\n");
        for (int i = 0; i < n; i++) {
            String name = i == n - 1 ? last : String.format("file%03d.txt", i);
            m.append("--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"")
                    .append(name).append("\"\r\n\r\nAAAA\r\n");
        }
        m.append("--B\r\nContent-Type: text/plain\r\n\r\nwords after the files\r\n--B--\r\n");
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A release into a quarantine whose directory cannot be written (made immutable, a read-only
     * mount of it, the wrong owner): the next hop took the message, the item could not be removed,
     * the answer was "not done, the message stays held", and the moderator's second try delivered
     * it again. A release now checks first that it can remove the item, and delivers nothing when not.
     */
    @Test
    void aReleaseThatCouldNotRemoveTheItemDeliversNothingRatherThanTwice() throws Exception {
        org.assertj.core.api.Assumptions.assumeThat(System.getProperty("user.name")).as("chattr needs root").isEqualTo("root");
        start();
        byte[] message = sample("ham-1.eml");
        String id = d.hold("STUCK1.1", "a@example.org", List.of("list@example.test"), message);
        Commands.succeeds("chattr", "+i", d.quarantine().toString());
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                HttpResponse<String> r = d.post("/api/quarantine/" + id + "/learn-ham", new byte[0], "Authorization", admin());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
                assertThat(String.valueOf(d.json(r).get("error"))).contains("stays held", "cannot be written", "nothing was delivered")
                        .doesNotContain("learned as ham");
            }
            assertThat(d.sink.delivered).isEmpty();
            assertThat(d.ledger(message)).isEmpty();
        } finally {
            Commands.run("chattr", "-i", d.quarantine().toString()).exit();
        }
        assertThat(d.post("/api/quarantine/" + id + "/learn-ham", new byte[0], "Authorization", admin()).statusCode()).isEqualTo(200);
        assertThat(d.sink.delivered).hasSize(1);
        assertThat(d.heldIds()).isEmpty();
    }

    /**
     * A learn-ham whose release the next hop refused answered "not done, the message stays held",
     * while the message had been learned as ham (learning comes first, once the decision holds the
     * item): the moderator took the store as untouched. The answer says it was learned.
     */
    @Test
    void aLearnHamTheNextHopRefusesSaysTheMessageWasLearnedAllTheSame() throws Exception {
        start();
        byte[] message = sample("ham-1.eml");
        String id = d.hold("REFUSED1.1", "a@example.org", List.of("list@example.test"), message);
        d.sink.endReply = "554 5.7.1 content refused";
        HttpResponse<String> r = d.post("/api/quarantine/" + id + "/learn-ham", new byte[0], "Authorization", admin());
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(String.valueOf(d.json(r).get("error"))).contains("stays held", "554 5.7.1 content refused")
                .endsWith("; it was learned as ham all the same (learn-spam would learn it as spam instead)");
        assertThat(d.heldIds()).containsExactly(id);
        assertThat(d.ledger(message)).contains(MailClass.HAM);
        // a plain release learns nothing, and says nothing of learning
        HttpResponse<String> plain = d.post("/api/quarantine/" + id + "/release", new byte[0], "Authorization", admin());
        assertThat(plain.statusCode()).isEqualTo(502);
        assertThat(plain.body()).doesNotContain("learned");
    }

    /**
     * An attachment named only by its Content-Type's name parameter (no Content-Disposition, as
     * Outlook and much spam send them) was not in the view's attachment list at all: a held
     * message carrying "invoice.exe" so showed the moderator no attachment.
     */
    @Test
    void anAttachmentNamedOnlyInItsContentTypeIsListed() throws Exception {
        start();
        String m = "From: a@example.org\r\nSubject: your invoice\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n"
                + "--B\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
                + "--B\r\nContent-Type: application/x-msdownload; name=\"invoice.exe\"\r\nContent-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n"
                + "--B\r\nContent-Type: application/pdf; name=\"=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString("Rechnung März.pdf".getBytes(StandardCharsets.UTF_8))
                + "?=\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--B--\r\n";
        String id = d.hold("CTNAME1.1", "a@example.org", List.of("list@example.test"), m.getBytes(StandardCharsets.UTF_8));
        Map<String, Object> view = d.json(d.get("/api/quarantine/" + id, "Authorization", admin()));
        assertThat(DeskHarness.list(view.get("attachments"))).containsExactly("invoice.exe", "Rechnung März.pdf");
        assertThat(String.valueOf(view.get("text"))).contains("see attached");
    }

    /**
     * The view walked a message's parts 20 levels deep and silently no further, while it builds
     * the tree of any message up to 40 levels: an executable attachment and a text part nested
     * 25 levels down were neither listed nor shown, and nothing said so.
     */
    @Test
    void anAttachmentNestedDeeperThanTwentyLevelsIsListed() throws Exception {
        start();
        StringBuilder m = new StringBuilder("From: a@example.org\r\nSubject: nested\r\nMIME-Version: 1.0\r\n");
        for (int i = 0; i < 25; i++) m.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i).append("\r\n");
        m.append("Content-Type: text/plain\r\n\r\nwords deep down\r\n--b24\r\n")
                .append("Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"deep.exe\"\r\n\r\nTVqQ\r\n");
        for (int i = 24; i >= 0; i--) m.append("--b").append(i).append("--\r\n");
        String id = d.hold("DEEP1.1", "a@example.org", List.of("list@example.test"), m.toString().getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> view = d.json(d.get("/api/quarantine/" + id, "Authorization", admin()));
        assertThat(DeskHarness.list(view.get("attachments"))).containsExactly("deep.exe");
        assertThat(String.valueOf(view.get("text"))).contains("words deep down");
    }

    /**
     * The view showed the first 512 K characters of a long text part and the first 200 header
     * fields (a message relayed through 300 hops), with nothing to say there was more: the
     * moderator read the end of what was shown as the end of the message. It says what it leaves out.
     */
    @Test
    void aViewThatLeavesOutTextOrHeaderFieldsSaysSo() throws Exception {
        start();
        StringBuilder long_ = new StringBuilder("From: a@example.org\r\nSubject: long\r\n");
        for (int i = 0; i < 300; i++) long_.append("Received: from hop").append(i).append(".example.net by mx.example.org\r\n");
        long_.append("Content-Type: text/plain\r\n\r\n");
        for (int i = 0; i < 12_000; i++) long_.append("line ").append(i).append(" of a very long newsletter body text\r\n");
        long_.append("the last line with the unsubscribe link\r\n");
        String id = d.hold("LONG2.1", "a@example.org", List.of("list@example.test"), long_.toString().getBytes(StandardCharsets.US_ASCII));
        String shortId = d.hold("SHORT2.1", "a@example.org", List.of("list@example.test"), sample("ham-1.eml"));

        Map<String, Object> view = d.json(d.get("/api/quarantine/" + id, "Authorization", admin()));
        assertThat(String.valueOf(view.get("text"))).doesNotContain("the last line")
                .endsWith("\n[the rest is not shown: the view shows the first 524288 characters of the message's text; the raw message has it all]\n");
        assertThat((List<?>) view.get("headers")).hasSize(200);
        assertThat(view.get("headersNotListed")).isEqualTo(303 - 200);
        String page = d.get("/ui/message/" + id, "Authorization", admin()).body();
        assertThat(page).contains("and 103 more header fields not listed", "the rest is not shown");

        Map<String, Object> whole = d.json(d.get("/api/quarantine/" + shortId, "Authorization", admin()));
        assertThat(whole.get("headersNotListed")).isEqualTo(0);
        assertThat(String.valueOf(whole.get("text"))).doesNotContain("not shown");
        assertThat(d.get("/ui/message/" + shortId, "Authorization", admin()).body()).doesNotContain("more header fields");
    }

    /**
     * A held message with a header field of 10 MB (within the default message size limit) was
     * shown whole, and unfolded, decoded and written out in copies of its own: 10 MB of JSON or
     * page per view, and some 40 MB of heap, so that a few moderators opening it at once could run
     * a small gate's heap out. The view shows the first 16,384 characters of a field and says so.
     */
    @Test
    void aViewShowsTheStartOfAHugeHeaderFieldAndSaysSo() throws Exception {
        start();
        String huge = "x".repeat(1_000_000);
        String id = d.hold("HUGEH.1", "a@example.org", List.of("list@example.test"),
                ("From: a@example.org\r\nSubject: short\r\nX-Filler: " + huge + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));

        Map<String, Object> view = d.json(d.get("/api/quarantine/" + id, "Authorization", admin()));
        String shown = ((List<?>) view.get("headers")).stream().map(String::valueOf).filter(h -> h.contains("X-Filler"))
                .findFirst().orElseThrow();
        assertThat(shown).contains("x".repeat(16_384)).doesNotContain("x".repeat(16_385))
                .endsWith("[the rest is not shown: 983616 more characters of this field; the raw message has it all]}");
        assertThat(d.get("/ui/message/" + id, "Authorization", admin()).body()).contains("983616 more characters of this field")
                .doesNotContain("x".repeat(16_385));
        assertThat(d.get("/api/quarantine/" + id + "/raw", "Authorization", admin()).body()).contains(huge);
    }

    /**
     * The view listed the names of a held message's first 101 attachments and nothing more: with
     * 150 the moderator read the list as complete, and the executable 150th went unseen, as did
     * any text part after them. The view lists the first 100 and says how many more there are.
     */
    @Test
    void aMessageWithMoreAttachmentsThanTheViewListsSaysHowManyMore() throws Exception {
        start();
        String many = d.hold("MANY1.1", "a@example.org", List.of("list@example.test"), withAttachments(150, "invoice.exe"));
        String hundred = d.hold("MANY2.1", "a@example.org", List.of("list@example.test"), withAttachments(100, "last.txt"));

        Map<String, Object> view = d.json(d.get("/api/quarantine/" + many, "Authorization", admin()));
        List<String> names = DeskHarness.list(view.get("attachments"));
        assertThat(names).hasSize(100).startsWith("file000.txt").endsWith("file099.txt");
        assertThat(view.get("attachmentsNotListed")).isEqualTo(50);
        assertThat(String.valueOf(view.get("text"))).contains("see the files", "words after the files");

        Map<String, Object> complete = d.json(d.get("/api/quarantine/" + hundred, "Authorization", admin()));
        assertThat(DeskHarness.list(complete.get("attachments"))).hasSize(100).endsWith("last.txt");
        assertThat(complete.get("attachmentsNotListed")).isEqualTo(0);

        String page = d.get("/ui/message/" + many, "Authorization", admin()).body();
        assertThat(page).contains("and 50 more");
        assertThat(d.get("/ui/message/" + hundred, "Authorization", admin()).body()).doesNotContain("more not listed");
    }

    /**
     * Header fields in raw 8-bit Latin-1 (no encoded words, as older mailers and much spam send
     * them) were read as UTF-8: the queue and the message view showed "Gr\uFFFD\uFFFDe" for
     * "Gr\u00FC\u00DFe". Like the tokenizer, the desk reads a head that is not UTF-8 as windows-1252.
     */
    @Test
    void rawLatin1HeaderFieldsAreShownAsLatin1() throws Exception {
        start();
        byte[] m = Files.readAllBytes(Path.of("src/test/resources/desk/raw-latin1-header.eml"));
        String id = d.hold("LATIN1.1", "j@example.com", List.of("list@example.test"), m);
        String subject = "Gr\u00FC\u00DFe raw latin1 \u00E9t\u00E9";
        assertThat(d.get("/api/quarantine", "Authorization", admin()).body()).contains(subject).doesNotContain("\uFFFD");
        String view = d.get("/api/quarantine/" + id, "Authorization", admin()).body();
        assertThat(view).contains(subject).contains("Sch\u00F6ne Gr\u00FC\u00DFe aus K\u00F6ln").doesNotContain("\uFFFD");
    }

    /**
     * The mbox export was built whole in memory before the first byte went out: exporting 230
     * held messages of 10 MB drove `bayard serve` (the SMTP gate's process) to 5 GB and past the
     * request deadline without an answer, and past 2 GB no array can hold it. It is now written
     * message by message as the client reads it (chunked).
     */
    @Test
    void theMboxExportIsStreamedNotBuiltInMemory() throws Exception {
        start();
        for (int i = 0; i < 3; i++) d.hold("EXP" + i + ".1", "a@example.org", List.of("list@example.test"), sample("ham-" + (i + 1) + ".eml"));
        HttpResponse<String> r = d.get("/api/quarantine/export", "Authorization", admin());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).isEmpty();
        assertThat(r.headers().firstValue("Transfer-Encoding")).contains("chunked");
        assertThat(r.body().split("\n")).filteredOn(l -> l.startsWith("From ")).hasSize(3);
    }

    @Test
    void quarantineListFiltersPagesShowsExportsAndDecides() throws Exception {
        start();
        d.swaks(Path.of("../samples/held-out/ham-1.eml"), "friend@example.org", "list@example.test");
        d.swaks(Path.of("../samples/held-out/spam-1.eml"), "spammer@example.net", "list@example.test");
        d.swaks(Path.of("../samples/held-out/ham-2.eml"), "other@example.org", "boss@example.test");
        Map<String, Object> all = d.json(d.get("/api/quarantine?sort=score&order=desc", "Authorization", reader()));
        assertThat(all.get("total")).isEqualTo(3);
        Map<String, Object> page = d.json(d.get("/api/quarantine?limit=1&offset=1", "Authorization", reader()));
        assertThat((List<?>) page.get("items")).hasSize(1);
        Map<String, Object> from = d.json(d.get("/api/quarantine?from=spammer", "Authorization", reader()));
        assertThat(from.get("total")).isEqualTo(1);
        @SuppressWarnings("unchecked")
        String spamId = (String) ((List<Map<String, Object>>) from.get("items")).get(0).get("id");
        assertThat(d.json(d.get("/api/quarantine?rcpt=boss", "Authorization", reader())).get("total")).isEqualTo(1);
        assertThat(d.get("/api/quarantine?limit=100000", "Authorization", reader()).statusCode()).isEqualTo(400);
        Map<String, Object> show = d.json(d.get("/api/quarantine/" + spamId, "Authorization", reader()));
        assertThat(show).containsKeys("summary", "headers", "clues", "text");
        String mbox = d.get("/api/quarantine/export", "Authorization", reader()).body();
        assertThat(mbox.split("\n")).filteredOn(l -> l.startsWith("From ")).hasSize(3);
        assertThat(d.post("/api/quarantine/" + spamId + "/learn-spam", new byte[0], "Authorization", admin()).statusCode()).isEqualTo(200);
        assertThat(d.ledger(sample("spam-1.eml"))).isEqualTo(Optional.of(MailClass.SPAM));
        assertThat(d.json(d.get("/api/stats", "Authorization", reader())).get("held")).isEqualTo(2);
        assertThat(d.get("/metrics", "Authorization", reader()).body()).contains("bayard_messages_total{action=\"hold\"} 3.0");
    }

    /**
     * The mbox export escaped a body line starting "From " only when the rest of the line held no
     * char the expression's "." refuses: a held message with "From x" followed by byte 0x85 (NEL in
     * Latin-1) or a bare CR went out unescaped, and read back the export held a message more, made
     * by the sender (learning an export would learn it).
     */
    @Test
    void s4AHeldMessageCannotSmuggleAMessageIntoTheExport() throws Exception {
        start();
        for (String odd : List.of("\u0085", "\r", "\u2028")) {
            d.hold("SMUGGLE" + (int) odd.charAt(0) + ".1", "a@example.org", List.of("b@example.test"),
                    ("From: a@example.org\r\nSubject: carrier\r\n\r\nfirst\r\n\r\nFrom evil" + odd + "x Mon Jan  1 00:00:00 2024\r\n"
                            + "Subject: smuggled\r\n\r\nlearn me\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        HttpResponse<byte[]> export = d.client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.base() + "/api/quarantine/export"))
                .header("Authorization", admin()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(export.statusCode()).isEqualTo(200);
        int messages = 0;
        try (org.bayard.core.mailbox.MboxReader read = org.bayard.core.mailbox.MboxReader.mbox(
                new java.io.ByteArrayInputStream(export.body()), "export", 1 << 20)) {
            while (read.hasNext()) {
                assertThat(new String(read.next().bytes(), StandardCharsets.ISO_8859_1)).contains("Subject: carrier");
                messages++;
            }
        }
        assertThat(messages).isEqualTo(3);
    }

    @Test
    void theSenderBlocklistIsListedAddedToAndRemovedFromOverHttpAndTheGateObeysIt() throws Exception {
        start();
        Path spam = Path.of("../samples/held-out/spam-1.eml");
        String add = "/api/blocklist/add?client=127.0.0.1&sender=%3Cspammer@example.net%3E&hours=2";
        assertThat(d.post(add, new byte[0], "Authorization", reader()).statusCode()).isEqualTo(403);
        assertThat(d.get(add, "Authorization", admin()).statusCode()).isEqualTo(405);
        HttpResponse<String> added = d.post(add, new byte[0], "Authorization", admin());
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(d.json(added)).containsEntry("client", "127.0.0.1").containsEntry("sender", "spammer@example.net");

        Map<String, Object> listed = d.json(d.get("/api/blocklist", "Authorization", reader()));
        assertThat(listed.get("total")).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = ((List<Map<String, Object>>) listed.get("entries")).get(0);
        assertThat(java.time.Instant.parse(String.valueOf(entry.get("expires"))))
                .isBetween(java.time.Instant.now().plusSeconds(7000), java.time.Instant.now().plusSeconds(7300));
        // the running gate refuses that sender from this client at RCPT, and only that one
        assertThat(d.swaksTranscript(spam, "spammer@example.net", "list@example.test")).contains("550 5.7.1");
        d.swaks(spam, "someone-else@example.net", "list@example.test");

        String remove = "/api/blocklist/remove?client=127.0.0.1&sender=spammer@example.net";
        assertThat(d.json(d.post(remove, new byte[0], "Authorization", admin()))).containsEntry("removed", true);
        assertThat(d.post(remove, new byte[0], "Authorization", admin()).statusCode()).isEqualTo(404);
        assertThat(d.json(d.get("/api/blocklist", "Authorization", reader())).get("total")).isEqualTo(0);
        d.swaks(spam, "spammer@example.net", "list@example.test");
    }

    @Test
    void badBlocklistInputGets400WithTheReasonAndChangesNothing() throws Exception {
        start();
        Map<String, String> bad = Map.of(
                "/api/blocklist/add?client=mail.example.net&sender=a@b.c", "not an IP address",
                "/api/blocklist/add?client=192.0.2.7&sender=a%09b@c.d", "not an envelope sender",
                "/api/blocklist/add?client=192.0.2.7&sender=a@b.c&hours=0", "hours must be over 0",
                "/api/blocklist/add?client=192.0.2.7&sender=a@b.c&hours=1e300", "hours must be over 0",
                "/api/blocklist/add?client=192.0.2.7&sender=a@b.c&hours=soon", "hours must be a number, got 'soon'",
                "/api/blocklist/add?sender=a@b.c", "missing ?client=",
                "/api/blocklist/remove?client=192.0.2.7", "missing ?sender=");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            HttpResponse<String> r = d.post(b.getKey(), new byte[0], "Authorization", admin());
            assertThat(r.statusCode()).as(b.getKey()).isEqualTo(400);
            assertThat(String.valueOf(d.json(r).get("error"))).as(b.getKey()).contains(b.getValue());
        }
        assertThat(d.json(d.get("/api/blocklist", "Authorization", reader())).get("total")).isEqualTo(0);
    }
}
