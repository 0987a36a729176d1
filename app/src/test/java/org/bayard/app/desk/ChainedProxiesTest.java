package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two trusted proxies in a row (a TLS proxy in front of a load balancer, both in
 * http.trusted-proxies). The client was the last X-Forwarded-For hop, which is then the first
 * proxy: every client counted as that proxy, so one client's wrong passwords locked every
 * moderator out. The client is now the last hop that is not a trusted proxy.
 */
class ChainedProxiesTest extends TrainedDesk {
    @Test
    void behindTwoTrustedProxiesOneClientsGuessesLockOutThatClientOnly() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL, Set.of("127.0.0.1", "10.0.0.1", "0:0:0:0:0:0:0:1"));
        for (int i = 0; i < 12; i++) {
            d.get("/api/stats", "Authorization", DeskHarness.basic(DeskHarness.ADMIN, "guess" + i), "X-Forwarded-For", "192.0.2.50, 10.0.0.1");
        }
        String right = DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW);
        assertThat(d.get("/api/stats", "Authorization", right, "X-Forwarded-For", "192.0.2.50, 10.0.0.1").statusCode()).isEqualTo(429);
        assertThat(d.get("/api/stats", "Authorization", right, "X-Forwarded-For", "192.0.2.51, 10.0.0.1").statusCode()).isEqualTo(200);
        // an IPv6 proxy in the chain, written short
        assertThat(d.get("/api/stats", "Authorization", right, "X-Forwarded-For", "192.0.2.52, ::1").statusCode()).isEqualTo(200);
        // a forged hop before the real client changes nothing: the client is still the last untrusted hop
        assertThat(d.get("/api/stats", "Authorization", right, "X-Forwarded-For", "192.0.2.99, 192.0.2.50, 10.0.0.1").statusCode())
                .isEqualTo(429);
    }
}
