package org.bayard.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Counters for {@code /metrics} and the dashboard: messages by action (from the SMTP gate and
 * from HTTP checks), scan time, learns by class and source, store and quarantine size. The
 * dashboard's per-hour history keeps the last 31 days; {@link #restore} takes back what an earlier
 * run saved (see {@link HistoryFile}), the rest starts at zero at each start.
 */
public final class Metrics {
    /**
     * The actions the dashboard's history counts, in its columns' order (then unsure). Discard is
     * what after the queue becomes of spam with smtp.after-queue-spam: discard: answered 250 and
     * kept nowhere, so the dashboard is where a postmaster sees how much went that way.
     */
    public static final List<String> ACTIONS = List.of("accept", "tag", "hold", "reject", "discard");
    private static final int HOURS_KEPT = 31 * 24;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer scanTime;
    private final Counter passwordHashes;
    private final Clock clock;
    /** hour (epoch hours) to counts per action. */
    private final TreeMap<Long, long[]> hours = new TreeMap<>();
    private final Map<String, Long> learns = new TreeMap<>();
    /** Messages counted into {@link #hours} so far: tells a saver whether there is anything new. */
    private long counted;

    public Metrics(Clock clock) {
        this.clock = clock;
        this.scanTime = Timer.builder("bayard_scan").description("Time to score a message and decide")
                .publishPercentileHistogram().register(registry);
        for (String a : ACTIONS) messages(a);
        this.passwordHashes = Counter.builder("bayard_http_password_hashes")
                .description("PBKDF2 runs to check HTTP credentials: what logins and wrong passwords cost in CPU").register(registry);
    }

    /**
     * The store's gauges, each NaN while the store cannot be read (Redis down): a scrape then
     * still has every other figure, {@code bayard_health} above all.
     */
    public void storeGauges(Supplier<Backend.StoreSize> size, Supplier<Integer> heldCount) {
        Gauge.builder("bayard_store_tokens", () -> orNaN(() -> size.get().tokens())).description("Distinct tokens in the store").register(registry);
        Gauge.builder("bayard_store_bytes", () -> orNaN(() -> size.get().bytesOnDisk())).description("Store size on disk").register(registry);
        // the file never shrinks (LMDB reuses its free pages), so growth shows in what of it holds data
        Gauge.builder("bayard_store_bytes_in_use", () -> orNaN(() -> size.get().bytesInUse()))
                .description("What of the store's size on disk holds data; the rest is free pages it reuses").register(registry);
        Gauge.builder("bayard_store_learned_messages", () -> orNaN(() -> size.get().hamMessages())).description(LEARNED_MESSAGES)
                .tag("class", "ham").register(registry);
        Gauge.builder("bayard_store_learned_messages", () -> orNaN(() -> size.get().spamMessages())).description(LEARNED_MESSAGES)
                .tag("class", "spam").register(registry);
        Gauge.builder("bayard_quarantine_messages", heldCount::get).description("Messages held for a moderator").register(registry);
    }

    /**
     * {@code bayard_bayes_used}: 1 while Bayes counts in the decisions, 0 while the store has
     * learned too few ham or spam for the policy to use it (a new site's first days).
     */
    public void bayesGauge(Supplier<Boolean> used) {
        Gauge.builder("bayard_bayes_used", () -> orNaN(() -> used.get() ? 1 : 0))
                .description("1 when the Bayes score counts in decisions, 0 while the store has learned fewer ham or spam than"
                        + " policy.bayes-min-ham and policy.bayes-min-spam").register(registry);
    }

    /**
     * {@code bayard_health}: 0 while {@code /health} says ok, 1 degraded (mail flows, some work
     * waits), 2 failing (mail is refused), so that one alert rule ({@code bayard_health > 0})
     * covers what the endpoint says.
     */
    public void healthGauge(Supplier<List<Backend.Trouble>> troubles) {
        Gauge.builder("bayard_health", () -> Health.level(troubles.get()))
                .description("0 while /health says ok, 1 degraded (some work waits, mail flows), 2 failing (mail is refused)")
                .register(registry);
    }

    /**
     * {@code bayard_tls_certificate_expiry_timestamp_seconds{service}}: when the certificate a
     * service presents expires, in Unix seconds (NaN when it speaks no TLS), for an alert on a
     * renewal that did not happen ({@code ... - time() < 14 * 86400}).
     */
    public void certificateGauge(String service, Supplier<java.util.Optional<java.time.Instant>> expires) {
        Gauge.builder("bayard_tls_certificate_expiry_timestamp_seconds", () -> expires.get().map(at -> (double) at.getEpochSecond()).orElse(Double.NaN))
                .tag("service", service)
                .description("When the certificate STARTTLS (smtp) or HTTPS (http) presents expires, Unix seconds; NaN without TLS")
                .register(registry);
    }

    /**
     * {@code bayard_http_body_budget_bytes} and {@code bayard_http_body_budget_held_bytes}: the
     * heap set aside for the messages HTTP checks and learns carry, and what of it they hold now,
     * so that a postmaster seeing 503 "busy" sees why (slow uploads of large messages holding it).
     */
    public void bodyBudgetGauges(long total, LongSupplier held) {
        Gauge.builder("bayard_http_body_budget_bytes", () -> total)
                .description("Heap set aside for the messages HTTP checks and learns carry; past it they get 503").register(registry);
        Gauge.builder("bayard_http_body_budget_held_bytes", () -> held.getAsLong())
                .description("What the messages arriving or being worked on hold of bayard_http_body_budget_bytes now").register(registry);
    }

    /**
     * {@code bayard_door_connections{door}} and {@code bayard_door_turned_away_total{door}} for a door
     * an MTA talks to ({@code spamd}, {@code milter}): its connections open now, and those it turned
     * away at its max-connections since the start (spamd answered 75, "try again later"; the milter
     * closed them, and the MTA applied milter_default_action), so that a limit set too low shows.
     */
    public void doorGauges(String door, IntSupplier open, LongSupplier turnedAway) {
        Gauge.builder("bayard_door_connections", open::getAsInt).tag("door", door)
                .description("Connections open now on a door the MTA talks to (spamd, milter)").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("bayard_door_turned_away", turnedAway, LongSupplier::getAsLong).tag("door", door)
                .description("Connections a door turned away at its max-connections since the start (spamd: 75, milter: closed)")
                .register(registry);
    }

    /** What {@code figure} gives, or NaN when the store it reads fails. */
    private static double orNaN(Supplier<Number> figure) {
        try {
            return figure.get().doubleValue();
        } catch (java.io.UncheckedIOException e) {
            return Double.NaN;
        }
    }

    /** One message decided (by the gate or an HTTP check) with its action label and scan time. */
    public void message(String action, boolean unsure, long nanos) {
        messages(action).increment();
        scanTime.record(nanos, TimeUnit.NANOSECONDS);
        int i = ACTIONS.indexOf(action);
        if (i < 0) return;
        long hour = clock.instant().getEpochSecond() / 3600;
        synchronized (hours) {
            long[] counts = hours.computeIfAbsent(hour, h -> new long[ACTIONS.size() + 1]);
            counts[i]++;
            if (unsure) counts[ACTIONS.size()]++;
            counted++;
            while (hours.size() > HOURS_KEPT) hours.pollFirstEntry();
        }
    }

    /** The hourly counts kept now (hours since 1970 UTC to counts per action, then unsure), a copy. */
    public SortedMap<Long, long[]> hourly() {
        synchronized (hours) {
            SortedMap<Long, long[]> copy = new TreeMap<>();
            for (var e : hours.entrySet()) copy.put(e.getKey(), e.getValue().clone());
            return copy;
        }
    }

    /** How many messages have been counted since this object was made; unchanged means nothing new to save. */
    public long counted() {
        synchronized (hours) {
            return counted;
        }
    }

    /**
     * Adds hourly counts an earlier run saved (as {@link #hourly} gave them) to those counted
     * since the start. Hours older than the 31 days kept, or from the future (a clock set back
     * since), are dropped: they would never be shown, and a future hour would stay forever.
     */
    public void restore(SortedMap<Long, long[]> saved) {
        long nowHour = clock.instant().getEpochSecond() / 3600;
        synchronized (hours) {
            for (var e : saved.entrySet()) {
                long hour = e.getKey();
                if (hour <= nowHour - HOURS_KEPT || hour > nowHour || e.getValue().length != ACTIONS.size() + 1) continue;
                long[] counts = hours.computeIfAbsent(hour, h -> new long[ACTIONS.size() + 1]);
                for (int i = 0; i < counts.length; i++) counts[i] += e.getValue()[i];
            }
            while (hours.size() > HOURS_KEPT) hours.pollFirstEntry();
        }
    }

    public void learned(String mailClass, String source) {
        Counter.builder("bayard_learns").description("Messages learned, by class and by where the verdict came from")
                .tags("class", mailClass, "source", source).register(registry).increment();
        synchronized (learns) {
            learns.merge(mailClass + "/" + source, 1L, Long::sum);
        }
    }

    /** One PBKDF2 derivation run to check a password sent to the HTTP service. */
    void passwordHashed() {
        passwordHashes.increment();
    }

    /** An article of the Usenet gateway handed to the gate or skipped, by its fate (passed, held, refused, skipped). */
    public void newsArticle(String fate) {
        Counter.builder("bayard_news_articles").description("Usenet gateway articles, by what became of them at the gate")
                .tag("fate", fate).register(registry).increment();
    }

    public void httpRequest(String outcome) {
        Counter.builder("bayard_http_requests").description("HTTP API requests, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    /**
     * The counter of messages decided with this action. Each metric has a description: without
     * one, /metrics printed an empty HELP line, which monitoring UIs show as a blank tooltip.
     */
    private Counter messages(String action) {
        return Counter.builder("bayard_messages").description("Messages decided, by action")
                .tag("action", action).register(registry);
    }

    private static final String LEARNED_MESSAGES = "Messages learned into the store, by class";

    public String scrape() {
        return registry.scrape();
    }

    public Map<String, Long> learnCounts() {
        synchronized (learns) {
            return new LinkedHashMap<>(learns);
        }
    }

    /** Counts per action (and last, unsure verdicts) in buckets of {@code bucket} (an hour or a day), the last {@code n}, oldest first. */
    public List<long[]> history(Duration bucket, int n) {
        long hoursPer = Math.max(1, bucket.toHours());
        long nowHour = clock.instant().getEpochSecond() / 3600;
        long lastBucket = nowHour / hoursPer;
        List<long[]> out = new ArrayList<>();
        for (int k = 0; k < n; k++) out.add(new long[ACTIONS.size() + 1]);
        synchronized (hours) {
            for (var e : hours.entrySet()) {
                long b = e.getKey() / hoursPer;
                int idx = (int) (n - 1 - (lastBucket - b));
                if (idx < 0 || idx >= n) continue;
                for (int i = 0; i <= ACTIONS.size(); i++) out.get(idx)[i] += e.getValue()[i];
            }
        }
        return out;
    }

    public Instant now() {
        return clock.instant();
    }
}
