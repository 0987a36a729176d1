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

    /** The service's settings, HTTPS's certificate read from its files (a ConfigException saying what is wrong with them). */
    public static HttpSettings settings(HttpConfig c, InetSocketAddress listen) {
        HttpSettings plain = new HttpSettings(listen, c.users(), c.maxBodyBytes(), 32 * 1024, c.maxConcurrent(), 10, Duration.ofMinutes(5),
                Duration.ofHours(8), Set.copyOf(c.trustedProxies()), Duration.ofSeconds(c.bodyStallSeconds()),
                org.bayard.http.wire.Limits.DEFAULT_RESPONSE_TIME, org.bayard.http.DrainTimes.DEFAULT);
        return certificate(c).map(plain::withTls).orElse(plain);
    }

    /**
     * HTTPS's certificate and key as http.tls-cert-file and http.tls-key-file name them, read from
     * their files (a ConfigException saying what is wrong with them); empty for plain HTTP.
     */
    public static Optional<HttpSettings.Https> certificate(HttpConfig c) {
        return org.bayard.app.CertificateFiles.read(c.tlsCertFile(), c.tlsKeyFile(), "http.tls-cert-file", "http.tls-key-file")
                .map(id -> new HttpSettings.Https(id.context(), id.expires(), id.describe()));
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

    /** As below, {@code next}'s certificate read from its files here. */
    public static List<String> reload(HttpService web, Optional<HttpConfig> started, Optional<HttpConfig> next) {
        return reload(web, started, next, next.flatMap(Desk::certificate));
    }

    /**
     * Applies a reloaded {@code http:} section to the running service: the users, their roles,
     * scopes and passwords at once (sessions of changed or removed users end). Returns the keys
     * that keep the values {@code started} gave them until a restart: where and how the service
     * listens, and the section's appearing or going.
     *
     * <p>{@code started} is the section the service started with, not the last one loaded: the
     * users are replaced at every reload, because the list running may be neither (a section
     * taken out and put back, or users changed and changed back, must still apply). {@code https}
     * is {@code next}'s certificate as {@link #certificate} read it: served from now on.
     */
    public static List<String> reload(HttpService web, Optional<HttpConfig> started, Optional<HttpConfig> next,
                                      Optional<HttpSettings.Https> https) {
        if (web == null || started.isEmpty() || next.isEmpty()) return started.equals(next) ? List.of() : List.of("http");
        HttpConfig o = started.get(), n = next.get();
        List<String> restart = new ArrayList<>();
        if (!o.listen().equals(n.listen())) restart.add("http.listen");
        if (o.maxBodyBytes() != n.maxBodyBytes()) restart.add("http.max-body-bytes");
        if (o.maxConcurrent() != n.maxConcurrent()) restart.add("http.max-concurrent");
        if (!o.trustedProxies().equals(n.trustedProxies())) restart.add("http.trusted-proxies");
        if (!o.historyFile().equals(n.historyFile())) restart.add("http.history-file");
        if (o.bodyStallSeconds() != n.bodyStallSeconds()) restart.add("http.body-stall-seconds");
        // from plain HTTP to HTTPS or back changes the address moderators and proxies use: a restart;
        // a certificate renewed, or moved to other files, is read again and served from now on
        if (o.https() != n.https()) restart.add("http.tls-cert-file");
        else https.ifPresent(web::tls);
        web.accounts(n.users()); // sessions of accounts still listed as they are stay
        return restart;
    }
}
