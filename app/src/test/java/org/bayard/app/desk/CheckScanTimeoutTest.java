package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bayard.core.store.ReadView;
import org.bayard.store.lmdb.LmdbTokenStore;
import org.junit.jupiter.api.Test;

/**
 * smtp.scan-timeout-ms bounds the API's checks as it bounds the gate's: past it, Bayes counts as
 * neutral and the other checks decide. /checkv2 and /api/check waited for the store however long
 * it took, so a stalled store hung the caller (an Rspamd proxy, a milter) instead of answering.
 */
class CheckScanTimeoutTest extends TrainedDesk {
    @Test
    void aCheckOverTheScanBudgetCountsBayesAsNeutral() throws Exception {
        d = new DeskHarness(trained, tmp, "", "  scan-timeout-ms: 100\n");
        byte[] message = Files.readAllBytes(Path.of("../samples/held-out", "spam-1.eml"));
        String auth = DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW);
        List<ReadView> taken = new ArrayList<>();
        try {
            for (int i = 0; i < LmdbTokenStore.MAX_VIEWS; i++) taken.add(d.engine.store().read()); // the store stalls every read
            for (String path : List.of("/api/check", "/checkv2")) {
                long start = System.nanoTime();
                HttpResponse<String> r = d.post(path, message, "Authorization", auth);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).as(path).contains("BAYES_UNAVAILABLE");
                assertThat(System.nanoTime() - start).as(path).isLessThan(10_000_000_000L);
            }
            // no made-up Bayes result (it said unsure, 0.5): none, and why
            Map<String, Object> check = d.json(d.post("/api/check", message, "Authorization", auth));
            assertThat(check).containsEntry("verdict", null).containsEntry("probability", null).containsEntry("bayes_used", false);
            assertThat((String) check.get("bayes_not_used")).startsWith("store unavailable or scan over its time budget");
        } finally {
            taken.forEach(ReadView::close);
        }
        // with the store back, the same check is scored
        assertThat(d.post("/api/check", message, "Authorization", auth).body()).doesNotContain("BAYES_UNAVAILABLE").contains("BAYES_");
    }
}
