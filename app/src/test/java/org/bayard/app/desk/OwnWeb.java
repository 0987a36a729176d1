package org.bayard.app.desk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.bayard.app.Await;
import org.bayard.http.HttpService;
import org.bayard.http.HttpSettings;
import org.bayard.http.Metrics;

/**
 * An HTTP service of a test's own over a desk's engine and quarantine: settings the harness's
 * service does not have (a short response time or drain), and a backend the test can hold up
 * ({@link DeskBackend#beforeOpening}), with its log and metrics at hand.
 */
final class OwnWeb implements AutoCloseable {
    final DeskBackend backend;
    final Metrics metrics = new Metrics(Clock.systemUTC());
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final HttpService web;

    /** Serves {@code d}'s desk with its accounts, on a free loopback port, the default settings changed by {@code settings}. */
    OwnWeb(DeskHarness d, UnaryOperator<HttpSettings> settings) throws IOException {
        backend = new DeskBackend(d.engine, d.gate, Clock.systemUTC());
        HttpSettings defaults = HttpSettings.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), DeskHarness.accounts());
        web = HttpService.start(settings.apply(defaults), backend, metrics, Clock.systemUTC(),
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    int port() {
        return web.port();
    }

    /** The line of the request for held item {@code id}'s raw message in this service's log, once it is there. */
    String rawDownloadLine(String id) throws Exception {
        return rawDownloadLine(log, id);
    }

    /** The line of the request for held item {@code id}'s raw message in {@code log}, once it is there. */
    static String rawDownloadLine(ByteArrayOutputStream log, String id) throws Exception {
        return lineOf(log, "/api/quarantine/" + id + "/raw");
    }

    /** The line of the request for {@code requestPath} in {@code log}, once it is there. */
    static String lineOf(ByteArrayOutputStream log, String requestPath) throws Exception {
        String path = "\"path\":\"" + requestPath + "\"";
        Await.until(() -> log.toString(StandardCharsets.UTF_8).contains(path));
        return log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(path)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        web.close();
    }
}
