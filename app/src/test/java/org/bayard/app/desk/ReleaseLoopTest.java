package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bayard.app.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/**
 * A release from the moderation page whose next hop leads back to the gate itself (smtp.next-hop
 * reloaded to the gate's own address): the message went to the gate to be judged again, and a
 * learn-ham had already learned it before the next hop's answer. The release now sees the gate's
 * loop mark in the next hop's greeting, before anything is learned or sent, and says so.
 */
class ReleaseLoopTest extends TrainedDesk {
    @Test
    void aReleaseToTheGateItselfIsRefusedAndTheMessageStaysHeldUnlearned() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL);
        byte[] message = Files.readAllBytes(Path.of("../samples/held-out", "ham-1.eml"));
        String id = d.hold("QID9.1", "a@example.org", List.of("b@example.test"), message);
        d.gate.reload(ConfigLoader.parse(DeskHarness.HOLD_ALL + "\nsmtp:\n  next-hop: \"127.0.0.1:" + d.gate.port()
                + "\"\n  quarantine: \"" + d.quarantine() + "\"\n", "looped"));
        HttpResponse<String> r = d.post("/api/quarantine/" + id + "/learn-ham", new byte[0], "Authorization",
                DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        assertThat(r.body()).contains("stays held").contains("mail loop").contains("127.0.0.1:" + d.gate.port());
        assertThat(d.heldIds()).containsExactly(id);
        assertThat(d.gate.quarantine().message(id)).isEqualTo(message);
        assertThat(d.ledger(message)).isEmpty();
        assertThat(d.sink.delivered).isEmpty();
    }
}
