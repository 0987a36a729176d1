package org.bayard.http;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The message a check or learn call carries as its body, read within http.max-body-bytes and
 * the heap budget, and the check of it with Rspamd's envelope headers. Shared by our API and the
 * Rspamd-compatible endpoints, so that both refuse and score a message the same way.
 */
final class MessageIntake {
    /** Heap a check takes for each byte it keeps, about: the message, the tokenizer's text and features, the parsed header. */
    private static final long CHECK_COST = 4;

    private final HttpSettings settings;
    private final Backend backend;
    private final Metrics metrics;
    private final BodyBudget wholeBodies;

    MessageIntake(HttpSettings settings, Backend backend, Metrics metrics) {
        this.settings = settings;
        this.backend = backend;
        this.metrics = metrics;
        this.wholeBodies = BodyBudget.forHeap(Runtime.getRuntime().maxMemory(), settings.maxBodyBytes());
        metrics.bodyBudgetGauges(wholeBodies.total(), wholeBodies::held);
    }

    /**
     * The message a check or learn call carries as its body. None is a 400: scored, an empty
     * body got a verdict about nothing (a hold, for a missing Message-ID and sender).
     */
    byte[] message(Request r) throws IOException {
        return message(r, Long.MAX_VALUE, 1);
    }

    /**
     * As {@link #message(Request)}, keeping only the first {@code kept} bytes: a check keeps what
     * it scores, so that checks side by side hold a few MB each whatever http.max-body-bytes
     * allows (kept whole, 16 checks of 10 MB at once ran a 128 MB heap out and ended the gate).
     * What is kept comes from the budget of {@link #wholeBodies} as it arrives, and once it is all
     * in, {@code costPerByte} times it (the work on it): 64 checks of 3 MB at once
     * (http.max-concurrent) ran the same heap out. Past the budget: 503.
     */
    private byte[] message(Request r, long kept, long costPerByte) throws IOException {
        ArrivingBody body = new ArrivingBody(wholeBodies);
        r.kept = body;
        try {
            r.receive(body, settings.maxBodyBytes(), kept, "message too large: the limit is " + settings.maxBodyBytes() + " bytes (http.max-body-bytes)");
            if (body.size() == 0) throw new Stop(400, "no message in the body");
            return body.whole(costPerByte);
        } catch (Stop s) {
            if (s.status == 503) r.ex.getResponseHeaders().set("Retry-After", "1");
            throw s;
        }
    }

    /** Scores the request's message with the envelope its headers give; a bad envelope value is a 400. */
    Backend.CheckResult scan(Request r) throws IOException {
        Backend.Envelope envelope = envelope(r);
        byte[] message = message(r, backend.checkedBytes(), CHECK_COST);
        long t0 = System.nanoTime();
        Backend.CheckResult c;
        try {
            c = backend.check(message, envelope);
        } catch (Backend.BadEnvelope e) {
            throw new Stop(400, e.getMessage());
        }
        metrics.message(c.action(), c.byBayesUnsure(), System.nanoTime() - t0);
        return c;
    }

    /** Rspamd's envelope headers: one {@code IP}, one {@code From}, and a {@code Rcpt} per recipient. */
    private static Backend.Envelope envelope(Request r) {
        return new Backend.Envelope(single(r, "IP"), single(r, "From"), r.ex.getRequestHeaders().getOrDefault("Rcpt", List.of()));
    }

    private static Optional<String> single(Request r, String name) {
        List<String> values = r.ex.getRequestHeaders().getOrDefault(name, List.of());
        if (values.size() > 1) throw new Stop(400, name + ": one header only, got " + values.size());
        return values.stream().findFirst();
    }
}
