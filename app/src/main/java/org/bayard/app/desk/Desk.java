package org.bayard.app.desk;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.bayard.app.Engine;
import org.bayard.app.config.HttpConfig;
import org.bayard.app.gate.GateService;
import org.bayard.http.HttpService;
import org.bayard.http.HttpSettings;
import org.bayard.http.Metrics;
import org.bayard.smtp.Envelope;
import org.bayard.smtp.FilterResult;
import org.bayard.smtp.MessageFilter;
import org.bayard.smtp.Reply;
import org.bayard.smtp.SpooledMessage;

/** Wiring for the moderator's desk: the HTTP service over the engine and the gate's quarantine. */
public final class Desk {
    private Desk() {}

    public static HttpSettings settings(HttpConfig c, InetSocketAddress listen) {
        return new HttpSettings(listen, c.users(), c.maxBodyBytes(), 32 * 1024, c.maxConcurrent(), 10, Duration.ofMinutes(5),
                Duration.ofHours(8), Set.copyOf(c.trustedProxies()));
    }

    public static HttpService start(HttpSettings settings, Engine engine, GateService gate, Metrics metrics, Clock clock,
                                    PrintStream log) throws IOException {
        return HttpService.start(settings, new DeskBackend(engine, gate), metrics, clock, log);
    }

    /** Counts the gate's decisions (action, unsure verdicts, scan time) for /metrics and the dashboard. */
    public static MessageFilter observed(MessageFilter inner, Metrics metrics) {
        return new MessageFilter() {
            @Override
            public FilterResult filter(Envelope env, SpooledMessage message) throws IOException {
                long t0 = System.nanoTime();
                FilterResult r = inner.filter(env, message);
                String note = switch (r) {
                    case FilterResult.Relay x -> x.note();
                    case FilterResult.Held x -> x.where();
                    case FilterResult.Consumed x -> x.note();
                    case FilterResult.Refuse x -> x.note();
                };
                String action = note == null ? "" : note.split(" ", 2)[0];
                metrics.message(action, note != null && note.contains("unsure"), System.nanoTime() - t0);
                return r;
            }

            @Override
            public void finished(Envelope env, FilterResult result, Reply reply, long nanos) {
                inner.finished(env, result, reply, nanos);
            }
        };
    }
}
