package org.bayard.app.desk;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bayard.app.Engine;
import org.bayard.app.config.HttpConfig;
import org.bayard.app.gate.GateService;
import org.bayard.http.HttpService;
import org.bayard.http.HttpSettings;
import org.bayard.http.Metrics;

/** Wiring for the moderator's desk: the HTTP service over the engine and the gate's quarantine. */
public final class Desk {
    private Desk() {}

    public static HttpSettings settings(HttpConfig c, InetSocketAddress listen) {
        return new HttpSettings(listen, c.users(), c.maxBodyBytes(), 32 * 1024, c.maxConcurrent(), 10, Duration.ofMinutes(5),
                Duration.ofHours(8), Set.copyOf(c.trustedProxies()), Duration.ofSeconds(c.bodyStallSeconds()),
                org.bayard.http.wire.Limits.DEFAULT_RESPONSE_TIME, org.bayard.http.DrainTimes.DEFAULT);
    }

    public static HttpService start(HttpSettings settings, Engine engine, GateService gate, Metrics metrics, Clock clock,
                                    PrintStream log) throws IOException {
        return start(settings, engine, gate, metrics, clock, log, new LateWrites(System.err));
    }

    /** As above, the writes of requests answered 503 as they outlasted their budget kept in {@code late}, for serve's stop. */
    public static HttpService start(HttpSettings settings, Engine engine, GateService gate, Metrics metrics, Clock clock,
                                    PrintStream log, LateWrites late) throws IOException {
        return HttpService.start(settings, new DeskBackend(engine, gate, clock, late), metrics, clock, log);
    }

    /**
     * Applies a reloaded {@code http:} section to the running service: the users, their roles,
     * scopes and passwords at once (sessions of changed or removed users end). Returns the keys
     * that keep the values {@code started} gave them until a restart: where and how the service
     * listens, and the section's appearing or going.
     *
     * <p>{@code started} is the section the service started with, not the last one loaded: the
     * users are replaced at every reload, because the list running may be neither (a section
     * taken out and put back, or users changed and changed back, must still apply).
     */
    public static List<String> reload(HttpService web, Optional<HttpConfig> started, Optional<HttpConfig> next) {
        if (web == null || started.isEmpty() || next.isEmpty()) return started.equals(next) ? List.of() : List.of("http");
        HttpConfig o = started.get(), n = next.get();
        List<String> restart = new ArrayList<>();
        if (!o.listen().equals(n.listen())) restart.add("http.listen");
        if (o.maxBodyBytes() != n.maxBodyBytes()) restart.add("http.max-body-bytes");
        if (o.maxConcurrent() != n.maxConcurrent()) restart.add("http.max-concurrent");
        if (!o.trustedProxies().equals(n.trustedProxies())) restart.add("http.trusted-proxies");
        if (!o.historyFile().equals(n.historyFile())) restart.add("http.history-file");
        if (o.bodyStallSeconds() != n.bodyStallSeconds()) restart.add("http.body-stall-seconds");
        web.accounts(n.users()); // sessions of accounts still listed as they are stay
        return restart;
    }
}
