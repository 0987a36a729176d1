package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bayard.app.config.ConfigLoader;
import org.bayard.smtp.RecordingSink;
import org.junit.jupiter.api.Test;

/**
 * A reload moves the next hop for everything serve delivers: the moderation page's release
 * went on to the next hop serve had started with, after the gate itself had moved on.
 */
class ReleaseAfterReloadTest extends TrainedDesk {
    @Test
    void aReleaseGoesToTheNextHopAsReloaded() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL);
        String id = d.hold("QID7.1", "a@example.org", List.of("b@example.test"),
                Files.readAllBytes(Path.of("../samples/held-out", "ham-1.eml")));
        try (RecordingSink moved = new RecordingSink()) {
            d.gate.reload(ConfigLoader.parse(DeskHarness.HOLD_ALL + "\nsmtp:\n  next-hop: \"127.0.0.1:" + moved.address().getPort()
                    + "\"\n  quarantine: \"" + d.quarantine() + "\"\n", "reloaded"));
            HttpResponse<String> r = d.post("/api/quarantine/" + id + "/release", new byte[0], "Authorization",
                    DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(moved.delivered).hasSize(1);
            assertThat(d.sink.delivered).isEmpty();
        }
    }
}
