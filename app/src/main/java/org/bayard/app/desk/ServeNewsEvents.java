package org.bayard.app.desk;

import java.util.List;
import org.bayard.app.gate.GateService;
import org.bayard.app.news.NewsEvents;
import org.bayard.http.Metrics;

/**
 * serve's Usenet gateway as /metrics and /health see it: each article's fate counted
 * ({@code bayard_news_articles}), and what stopped its last pass a trouble of /health (degraded:
 * no mail is refused for it) until a pass runs clean.
 */
public final class ServeNewsEvents implements NewsEvents {
    private final Metrics metrics;
    private final GateService gate;

    public ServeNewsEvents(Metrics metrics, GateService gate) {
        this.metrics = metrics;
        this.gate = gate;
    }

    @Override
    public void article(String fate) {
        metrics.newsArticle(fate);
    }

    @Override
    public void passEnded(List<String> troubles) {
        gate.newsTroubles(troubles);
    }
}
