package org.bayard.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bayard.http.wire.CutAnswers;
import org.bayard.http.wire.Http1Server;
import org.bayard.http.wire.Limits;
import org.bayard.http.wire.Reason;
import org.bayard.http.wire.Seconds;

/**
 * The HTTP API and the moderation page, on {@link Http1Server} (the JDK's HttpServer API with our
 * own connection handling, which answers over-long heads with 414 and 431 and times out slow clients).
 * This class owns the server, the accounts and the dispatch: it takes a worker slot, reads the
 * {@link Request}, hands it to {@link ApiRoutes}, {@link PageRoutes}, {@link LoginRoutes} or
 * {@link RspamdEndpoints}, turns a refusal into its answer, and logs every request.
 *
 * <p>Order of checks for every request: a head within its limits (else 414 or 431, from the server
 * before this class sees it), a free worker slot (else 503; see {@link WorkerSlots}), the request line and
 * declared body size (413 before any byte of the body is read; chunked bodies are cut off at the
 * same limit), then credentials (everything but {@code /health} needs them: a session cookie,
 * HTTP Basic, or Rspamd's {@code Password:} header), the throttle (429), the role (403), and for
 * state changes POST only with a same-origin check and, for cookie sessions, the CSRF token.
 */
public final class HttpService implements AutoCloseable {
    /**
     * Connections open at once, in all and from one address (a trusted proxy's count only in all),
     * or http.max-concurrent if more. Each costs 20 KB of heap waiting for a request and up to
     * 75 KB while its head is read (the input buffer, the fields read so far), and 3000 from one
     * address ran a 128 MB heap out; 512 cost 10 to 40 MB. Per address, so that one client cannot take every connection from the MTA's checks.
     */
    static final int MAX_CONNECTIONS = 512;
    static final int MAX_CONNECTIONS_PER_CLIENT = 64;
    /**
     * Once the condition a stop waited on longer stops holding, what it waited for is over and
     * its request only has its answer left to make: awaited this much more (within the longer
     * drain, {@link DrainTimes#longer}) before it is interrupted. Without it, a release that had just ended
     * was interrupted now and then in those last moments on a busy machine. Fixed, not a share of
     * the stop timeout: it bounds this process's own last steps (a short answer, a log line), not a
     * client's or a next hop's pace, and those take no longer in a stop of an hour than in one of 6 s.
     */
    static final java.time.Duration FINISHING = java.time.Duration.ofSeconds(2);
    /**
     * How long the threads a stop interrupted (requests the drain ran out on, connections left
     * waiting for a request) have to end. Fixed, not a share of the stop timeout: the interrupt
     * closes their sockets, so it bounds their own last steps (a release's note), not a client's pace.
     */
    static final java.time.Duration INTERRUPTED_EXIT = java.time.Duration.ofSeconds(2);

    private final HttpSettings settings;
    private final Backend backend;
    /** When the certificate HTTPS presents expires; empty for plain HTTP. */
    /** The certificate HTTPS presents now; empty for plain HTTP. */
    private volatile Optional<HttpSettings.Https> https = Optional.empty();
    /** What an expired certificate is judged by. */
    private final Clock clock;
    private final Metrics metrics;
    private final PrintStream log;
    private final Guard guard;
    private final Gatekeeper gatekeeper;
    private final Http1Server server;
    private final ExecutorService workers;
    private final WorkerSlots slots;
    private final RspamdEndpoints rspamd;
    private final ApiRoutes api;
    private final PageRoutes ui;
    private final LoginRoutes sessions;
    private final Pages pages;
    /** Requests being worked on now: those a stop waits for, up to {@link DrainTimes#drain}. */
    private final java.util.concurrent.atomic.AtomicInteger underWay = new java.util.concurrent.atomic.AtomicInteger();
    /** Requests still being worked on when the stop's drain ran out, and so interrupted. */
    private volatile int cutAtStop;
    /** Of {@link #cutAtStop}, those whose answer had begun: their clients got part of it. */
    private volatile int cutPartWayAtStop;
    /** Of {@link #cutAtStop}, those whose handler failed as it was interrupted, and were answered 503 to send them again. */
    private final java.util.concurrent.atomic.AtomicInteger answeredAfterTheDrain = new java.util.concurrent.atomic.AtomicInteger();
    /** The stop's drain ran out and the requests left are interrupted: an answer failing now was cut by it. */
    private volatile boolean drainRanOut;
    /** While true at the end of the drain, a stop waits on, up to {@link DrainTimes#longer} in all (see {@link #drainLongerWhile}). */
    private volatile java.util.function.BooleanSupplier drainLonger = () -> false;

    private HttpService(HttpSettings settings, Backend backend, Metrics metrics, Clock clock, PrintStream log) throws IOException {
        this.settings = settings;
        this.backend = backend;
        this.clock = clock;
        this.metrics = metrics;
        this.log = log;
        this.guard = new Guard(clock, settings.sessionIdle(), settings.failuresBeforeLockout(), settings.lockout());
        this.gatekeeper = new Gatekeeper(settings, guard, metrics, clock);
        this.slots = new WorkerSlots(settings.maxConcurrent());
        MessageIntake intake = new MessageIntake(settings, backend, metrics);
        this.rspamd = new RspamdEndpoints(gatekeeper, intake, backend, metrics);
        Moderation moderation = new Moderation(backend, metrics);
        Figures figures = new Figures(backend, metrics, moderation);
        this.api = new ApiRoutes(gatekeeper, intake, backend, metrics, moderation, figures);
        this.pages = new Pages();
        this.ui = new PageRoutes(gatekeeper, new DashboardPage(metrics), backend, moderation, figures);
        this.sessions = new LoginRoutes(gatekeeper, guard, pages);
        this.server = Http1Server.bind(settings.listen(), 128, Limits.withHeaderCap(settings.maxHeaderBytes())
                .withBodyStall(settings.bodyStall()).withResponseTime(settings.responseTime()).withAtStop(settings.drainTimes().atStop()));
        this.workers = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(workers);
        server.limitConnections(Math.max(MAX_CONNECTIONS, settings.maxConcurrent()), Math.max(MAX_CONNECTIONS_PER_CLIENT, settings.maxConcurrent()),
                settings.trustedProxies());
        server.onRefusal(this::refused);
        server.createContext("/", this::handle);
        settings.tls().ifPresent(this::tls);
    }

    /** Speaks HTTPS with {@code https}'s certificate to the connections from now on (a renewed certificate, at a reload). */
    public void tls(HttpSettings.Https next) {
        server.tls(next.context());
        https = Optional.of(next);
    }

    /** The certificate the service's HTTPS presents now; empty for plain HTTP. */
    public Optional<HttpSettings.Https> https() {
        return https;
    }

    /**
     * Replaces the logins (a reloaded configuration): new users can log in at once, and the
     * sessions of users removed, or given another role, scope or password, end.
     *
     * @throws IllegalArgumentException for a list no service may run with (see {@link HttpSettings#checkAccounts})
     */
    public void accounts(List<Account> next) {
        HttpSettings.checkAccounts(next);
        gatekeeper.accounts(next);
        guard.keepOnly(next);
    }

    /** Starts listening; the settings were checked when they were made (no account: no service). */
    public static HttpService start(HttpSettings settings, Backend backend, Metrics metrics, Clock clock, PrintStream log)
            throws IOException {
        HttpService s = new HttpService(settings, backend, metrics, clock, log);
        metrics.storeGauges(backend::storeSize, () -> {
            try {
                return backend.held().size();
            } catch (IOException e) {
                return -1;
            }
        });
        metrics.bayesGauge(() -> backend.bayesNotUsed().isEmpty());
        metrics.healthGauge(s::troubles);
        metrics.certificateGauge("smtp", backend::startTlsExpires);
        metrics.certificateGauge("http", () -> s.https.map(HttpSettings.Https::expires));
        s.server.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Stops listening; then lets the requests already under way finish and be answered, for up to
     * {@link DrainTimes#drain}: interrupted, a moderator's release waiting for the next hop's answer to its
     * final dot was left in doubt (held, with its note that it may have been delivered) though the
     * next hop took the message. A request still arriving gets {@link DrainTimes#atStop} to
     * arrive whole, and one that begins meanwhile on a connection already open gets 503; an
     * answer whose client has read none of it for as long is cut part-way (a stalled download
     * held the whole drain), one being read goes on; the connections still open when the drain
     * is over are closed. Within serve's stop timeout, beside the SMTP gate's drain.
     */
    @Override
    public void close() {
        try {
            drain();
        } finally {
            server.stop(0); // after the drain: an interrupted request has had its INTERRUPTED_EXIT to answer
            workers.shutdownNow(); // the connections left were waiting for a request: closed, their threads end at once
            try {
                workers.awaitTermination(INTERRUPTED_EXIT.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void drain() {
        server.stopAccepting();
        workers.shutdown();
        try {
            long from = System.nanoTime();
            DrainTimes times = settings.drainTimes();
            boolean done = quietWithin(from, times.drain().toNanos());
            if (!done && drainLonger.getAsBoolean()) {
                while (!done && drainLonger.getAsBoolean() && System.nanoTime() - from < times.longer().toNanos()) {
                    done = quietWithin(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100));
                }
                long left = times.longer().toNanos() - (System.nanoTime() - from);
                if (!done && left > 0) done = quietWithin(System.nanoTime(), Math.min(FINISHING.toNanos(), left));
            }
            if (!done) {
                cutAtStop = underWay.get();
                cutPartWayAtStop = Math.min(server.answersUnderWay(), cutAtStop);
                drainRanOut = true;
                workers.shutdownNow();
                // interrupted, they end at once: awaited, so that what they leave (a release's note) is there when serve says so
                quietWithin(System.nanoTime(), INTERRUPTED_EXIT.toNanos());
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether every request under way is over within {@code nanos} from {@code from}: the server's
     * (from a request's first byte to its answer, the 503s of the stop included) and this class's
     * handlers (whose log line comes after the answer).
     */
    private boolean quietWithin(long from, long nanos) throws InterruptedException {
        while (server.requestsUnderWay() > 0 || underWay.get() > 0) {
            if (System.nanoTime() - from >= nanos) return false;
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * A stop whose {@link DrainTimes#drain} runs out while {@code condition} holds waits on while it
     * holds, up to {@link DrainTimes#longer} in all, before it interrupts what is left: serve's for a release that
     * sent its message's end and awaits the next hop's answer, which interrupted leaves its item in
     * doubt (the next hop may have delivered it) where a few more seconds let it finish.
     */
    public void drainLongerWhile(java.util.function.BooleanSupplier condition) {
        drainLonger = condition;
    }

    /** Requests being worked on now (serve's stop line says what a stop waits for). */
    public int requestsUnderWay() {
        return underWay.get();
    }

    /** After {@link #close}: the requests still being worked on when the drain ran out, interrupted. */
    public int cutAtStop() {
        return cutAtStop;
    }

    /** After {@link #close}: of {@link #cutAtStop}, those whose answer had begun, so that their clients got part of one. */
    public int cutPartWayAtStop() {
        return cutPartWayAtStop;
    }

    /**
     * After {@link #close}: of {@link #cutAtStop}, those whose handler failed as it was interrupted
     * and that were answered {@code 503} {@code the server is stopping; send the request again}.
     */
    public int answeredRetryAtStop() {
        return answeredAfterTheDrain.get();
    }

    /**
     * After {@link #close}: the answers cut part-way during the drain because their clients took
     * nothing of them for {@link DrainTimes#atStop} (a download the client stopped reading).
     */
    public int stalledAtStop() {
        return server.stalledAtStop();
    }

    // ---------------------------------------------------------------- plumbing

    private void handle(HttpExchange ex) throws IOException {
        underWay.incrementAndGet();
        try {
            handleCounted(ex);
        } finally {
            underWay.decrementAndGet();
        }
    }

    private void handleCounted(HttpExchange ex) throws IOException {
        int status = 500;
        String user = "-";
        IOException cutShort = null;
        try {
            WorkerSlots.Slot slot = slots.tryTake();
            if (slot == null) {
                ex.getResponseHeaders().set("Retry-After", "1");
                status = Responses.error(ex, 503, "busy; try again");
                return;
            }
            try (slot) {
                ex.setStreams(null, slot.givenBackOnAnswer(ex.getResponseBody()));
                Request r;
                try {
                    r = new Request(ex, slot, settings.trustedProxies());
                } catch (Stop s) {
                    status = Responses.error(ex, s.status, s.getMessage());
                    return;
                }
                try {
                    status = route(r);
                } catch (Stop s) {
                    status = fail(r, s.status, s.getMessage());
                } catch (java.io.UncheckedIOException e) {
                    // the environment (the store, the disk) failed, not our code: say what, as the CLI does
                    status = 503;
                    if (ex.getResponseCode() >= 0) {
                        cutShort = new IOException("response cut short", e);
                    } else if (drainRanOut) {
                        status = answerInterruptedByTheStop(ex);
                    } else {
                        Responses.error(ex, 503, String.valueOf(e.getMessage()));
                    }
                } catch (IOException | RuntimeException e) {
                    status = 500;
                    if (ex.getResponseCode() >= 0) {
                        // a streamed body failed part way: ending it normally would pass it off as whole
                        cutShort = new IOException("response cut short", e);
                    } else if (drainRanOut) {
                        status = answerInterruptedByTheStop(ex);
                    } else {
                        Responses.error(ex, 500, "internal error");
                    }
                } finally {
                    // who asked, also for a failed answer: a download cut part-way was someone's
                    user = r.principal == null ? "-" : r.principal.user();
                    if (r.kept != null) r.kept.release();
                }
            }
        } finally {
            if (cutShort == null) ex.close();
            String path = ex.getRequestURI().getRawPath();
            path = path.length() > 200 ? path.substring(0, 200) + "..." : path;
            // what failed its answer: as the handler wrote it, or once it was written whole, its last part (all of it, for an
            // answer without a body) going out after the handler ended; none when the response time limit cut it unseen
            Throwable failure = cutShort != null ? cutShort.getCause() : CutAnswers.failedAtItsEnd(ex);
            if (drainRanOut && CutAnswers.nothingSent(ex)) {
                // still being worked on when the stop closed its connection: whatever the handler meant to send, none of it went out
                logRequest(ex.getRequestMethod(), path, 0, "before its answer began, by the stop, when the drain ran out", "cut",
                        ex.getRemoteAddress(), user);
            } else if (failure == null && !CutAnswers.ranOutOfResponseTime(ex)) {
                logRequest(ex.getRequestMethod(), path, status, null, outcome(status), ex.getRemoteAddress(), user);
            } else {
                // the answer began with its own status and was cut: its line says so and by what, not a bare server error;
                // status 0 when the socket took none of it (a small answer whose client reset the connection first)
                boolean none = CutAnswers.noneTaken(ex);
                Cut cut = cut(ex, failure, none ? "before its answer began" : "part-way");
                int failedAs = cutShort != null ? status : 500; // a server error after the handler ended counts as one
                logRequest(ex.getRequestMethod(), path, none ? 0 : ex.getResponseCode(), cut.how(), cut.byServer() ? outcome(failedAs) : "cut",
                        ex.getRemoteAddress(), user);
            }
        }
        if (cutShort != null) throw cutShort; // the server then closes the connection without ending the body
    }

    /**
     * The answer to a request whose handler failed once the stop's drain ran out: interrupted (a
     * read closed by the interrupt, a wait cut short, the store closing), it failed because of the
     * stop, not as a server error, and its client may send it again, as one arriving during the
     * stop is told. Counted for serve's stop line, as its client did get an answer.
     */
    private int answerInterruptedByTheStop(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Retry-After", "1");
        ex.getResponseHeaders().set("Connection", "close");
        int status = Responses.error(ex, 503, "the server is stopping; send the request again");
        answeredAfterTheDrain.incrementAndGet();
        return status;
    }

    /** How an answer was cut, as its log line says; {@code byServer} when a server error cut it. */
    private record Cut(String how, boolean byServer) {}

    /**
     * How the answer begun on {@code ex} was cut {@code where} (part-way, or before any of it went
     * out) when sending it failed with {@code failure}: by the response time limit, its client
     * reading too slowly (then {@code failure} may be null: the handler saw the closed connection
     * as a failed write, if at all); by its client, which went away; by the stop, worded as serve's
     * stop line counts it; else by the failure itself, a server error (a held message's file that
     * could not be read to its end), which counts as one.
     */
    private Cut cut(HttpExchange ex, Throwable failure, String where) {
        if (CutAnswers.ranOutOfResponseTime(ex)) {
            return new Cut(where + " by the response time limit, as its client had not read it all within "
                    + Seconds.of(settings.responseTime()), false);
        }
        if (CutAnswers.cutAtStop(ex)) {
            return new Cut(where + " by the stop, as its client read none of it for " + Seconds.of(settings.drainTimes().atStop())
                    + " during the drain", false);
        }
        // asked first: the stop fails writes only on a socket closed here, so a failed write on an open one is the client's doing
        if (CutAnswers.clientWentAway(ex)) return new Cut(where + " by its client, which closed the connection", false);
        if (drainRanOut) return new Cut(where + " by the stop, when the drain ran out", false);
        Throwable f = failure instanceof java.io.UncheckedIOException u ? u.getCause() : failure;
        return new Cut(where + " by a server error (" + (f.getMessage() == null ? f.getClass().getSimpleName() : f.getMessage()) + ")",
                true);
    }

    /** The outcome {@code /metrics} counts an answer under: {@code ok} below 400, else its status. */
    private static String outcome(int status) {
        return status < 400 ? "ok" : String.valueOf(status);
    }

    /** A request the server answered itself (its head was over a limit or unreadable): logged and counted like any other. */
    private void refused(int status, InetSocketAddress client) {
        logRequest("-", "-", status, null, outcome(status), client, "-");
    }

    /**
     * One request's line in the log, counted under {@code outcome}; {@code cut} says how its
     * answer was cut, when it was.
     */
    private void logRequest(String method, String path, int status, String cut, String outcome, InetSocketAddress client,
                            String user) {
        metrics.httpRequest(outcome);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "http");
        line.put("method", method);
        line.put("path", path);
        line.put("status", status);
        if (cut != null) line.put("cut", cut);
        line.put("client", client.getAddress().getHostAddress());
        line.put("user", user);
        synchronized (log) {
            log.println(Responses.JSON.writeValueAsString(line));
        }
    }

    private int fail(Request r, int status, String message) throws IOException {
        if (status == 401 && r.wantsHtml() && r.ex.getRequestMethod().equals("GET")) {
            r.ex.getResponseHeaders().set("Location", AfterLogin.login(r.path, r.ex.getRequestURI().getRawQuery()));
            return Responses.send(r.ex, 303, "text/plain; charset=utf-8", new byte[0]);
        }
        if (status == 429) r.ex.getResponseHeaders().set("Retry-After", String.valueOf(settings.lockout().toSeconds()));
        if (r.wantsHtml()) {
            Reason.set(r.ex, message);
            return Responses.html(r.ex, status, pages.error(status, message));
        }
        return Responses.error(r.ex, status, message);
    }

    // ---------------------------------------------------------------- routes

    private int route(Request r) throws IOException {
        String p = r.path;
        if (p.equals("/health")) return health(r);
        if (p.equals("/static/app.js")) return asset(r, "app.js", "text/javascript; charset=utf-8");
        if (p.equals("/static/app.css")) return asset(r, "app.css", "text/css; charset=utf-8");
        if (p.equals("/login")) return sessions.login(r);
        if (p.equals("/logout")) return sessions.logout(r);
        if (p.equals("/")) {
            gatekeeper.read(r);
            return Responses.redirect(r.ex, "/ui/queue");
        }
        if (p.equals("/metrics")) {
            gatekeeper.read(r);
            return Responses.send(r.ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape().getBytes(StandardCharsets.UTF_8));
        }
        if (p.equals("/checkv2")) return rspamd.checkv2(r);
        if (p.equals("/learnspam") || p.equals("/learnham")) return rspamd.learn(r, p.equals("/learnspam") ? "spam" : "ham");
        if (p.startsWith("/api/")) return api.route(r, p.substring(5));
        if (p.startsWith("/ui/")) return ui.route(r, p.substring(4));
        // the path is named: rspamc shows only this line, and for its commands Bayard lacks (stat, counters) the path says which
        throw new Stop(404, "not found: " + p);
    }

    /**
     * The backend's troubles, and a certificate that has expired (STARTTLS's or this service's own):
     * degraded, as mail still flows, and said so that a monitor polling /health sees a renewal that failed.
     */
    private List<Backend.Trouble> troubles() {
        List<Backend.Trouble> troubles = new java.util.ArrayList<>(backend.troubles());
        java.time.Instant now = clock.instant();
        backend.startTlsExpires().filter(at -> at.isBefore(now)).ifPresent(at ->
                troubles.add(new Backend.Trouble("STARTTLS's certificate expired at " + at + "; renew it, then reload", false)));
        https.map(HttpSettings.Https::expires).filter(at -> at.isBefore(now)).ifPresent(at ->
                troubles.add(new Backend.Trouble("HTTPS's certificate expired at " + at + "; renew it, then reload", false)));
        return troubles;
    }

    /** The service's {@link Health}, with the troubles in words when there are any. */
    private int health(Request r) throws IOException {
        List<Backend.Trouble> troubles = troubles();
        Health health = Health.of(troubles);
        if (health == Health.OK) return Responses.ok(r.ex, Map.of("status", health.word()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", health.word());
        body.put("troubles", troubles.stream().map(Backend.Trouble::what).toList());
        return Responses.send(r.ex, health.status, "application/json", Responses.json(body));
    }

    private int asset(Request r, String name, String type) throws IOException {
        try (InputStream in = HttpService.class.getResourceAsStream(name)) {
            if (in == null) throw new Stop(404, "not found");
            return Responses.send(r.ex, 200, type, in.readAllBytes());
        }
    }
}
