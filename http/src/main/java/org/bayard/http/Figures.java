package org.bayard.http;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The figures {@code /api/stats} returns and the dashboard shows: the store's size, whether
 * Bayes is used, the principal's held count, learns, and the last day's messages. One place, so
 * that the page and the API never disagree.
 */
final class Figures {
    private final Backend backend;
    private final Metrics metrics;
    private final Moderation moderation;

    Figures(Backend backend, Metrics metrics, Moderation moderation) {
        this.backend = backend;
        this.metrics = metrics;
        this.moderation = moderation;
    }

    /** The store's figures and the message counts are store-wide; the held count is the principal's own queue. */
    Map<String, Object> of(Principal who) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        Backend.StoreSize s = backend.storeSize();
        m.put("store", s);
        Optional<String> notUsed = backend.bayesNotUsed();
        m.put("bayes_used", notUsed.isEmpty());
        notUsed.ifPresent(why -> m.put("bayes_not_used", why));
        m.put("held", moderation.queue(who).held().size());
        m.put("learns", metrics.learnCounts());
        List<long[]> day = metrics.history(Duration.ofHours(1), 24);
        Map<String, Long> last24 = new LinkedHashMap<>();
        long all = 0, unsure = 0;
        for (int i = 0; i < Metrics.ACTIONS.size(); i++) {
            long n = 0;
            for (long[] h : day) n += h[i];
            last24.put(Metrics.ACTIONS.get(i), n);
            all += n;
        }
        for (long[] h : day) unsure += h[Metrics.ACTIONS.size()];
        m.put("messages_last_24h", last24);
        m.put("unsure_rate_last_24h", all == 0 ? 0.0 : (double) unsure / all);
        return m;
    }
}
