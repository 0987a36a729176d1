package org.bayard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class MetricsTest {
    /** Every metric on /metrics says what it counts: empty HELP lines were served for four of them. */
    @Test
    void everyMetricHasADescription() {
        Metrics m = new Metrics(Clock.systemUTC());
        m.storeGauges(() -> new Backend.StoreSize(3, 4, 10, 7, 8192, 2048), () -> 1);
        m.message("accept", false, 1_000_000);
        m.learned("spam", "api");
        m.httpRequest("ok");
        m.bodyBudgetGauges(32 << 20, () -> 4096);
        m.doorGauges("spamd", () -> 3, () -> 7L);
        String text = m.scrape();
        assertThat(text).contains("bayard_messages_total", "bayard_learns_total", "bayard_http_requests_total",
                "bayard_store_learned_messages");
        // the file never shrinks, so growth is watched by what of it is in use
        assertThat(text).contains("bayard_store_bytes 8192.0").contains("bayard_store_bytes_in_use 2048.0");
        // what request bodies hold of the heap set aside for them, for a postmaster seeing 503 "busy"
        assertThat(text).contains("bayard_door_connections{door=\"spamd\"} 3.0", "bayard_door_turned_away_total{door=\"spamd\"} 7.0");
        assertThat(text).contains("bayard_http_body_budget_bytes 3.3554432E7").contains("bayard_http_body_budget_held_bytes 4096.0");
        assertThat(text.lines().filter(l -> l.startsWith("# HELP ")))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).matches("# HELP \\S+ .*\\S.*")); // a name, then some text
    }
}
