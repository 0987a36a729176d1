package org.bayard.app.desk;

import org.bayard.app.Commands;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A release from the page whose delivery succeeded but whose removal of the held files failed
 * afterwards (here the message file made immutable): it was "not done, the message stays held",
 * the item stayed on the page, and the moderator's second click delivered it again. Now the
 * first says it was released and its files are left over; the second is refused as released
 * already, and nothing is delivered twice.
 */
class ReleasedLeftOverPageTest extends TrainedDesk {
    Path immutable;

    @AfterEach
    void mutable() throws Exception {
        if (immutable != null) Commands.run("chattr", "-i", immutable.toString()).exit();
    }

    @Test
    void aReleaseThatCouldNotRemoveItsFilesIsNotDeliveredAgainFromThePage() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL);
        d.swaks(Path.of("../samples/held-out/ham-1.eml"), "a@example.org", "list@example.test");
        String id = d.gate.quarantine().ids().get(0);
        immutable = d.quarantine().resolve(id + ".eml");
        assertThat(Commands.run("chattr", "+i", immutable.toString()).exit()).isZero();
        String admin = DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW);

        HttpResponse<String> first = d.post("/api/quarantine/" + id + "/release", new byte[0], "Authorization", admin);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("released").contains("will not be delivered again");
        assertThat(d.sink.delivered).hasSize(1);

        HttpResponse<String> again = d.post("/api/quarantine/" + id + "/release", new byte[0], "Authorization", admin);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(again.body()).contains("released already");
        assertThat(d.sink.delivered).hasSize(1);
        assertThat(d.get("/api/quarantine", "Authorization", admin).body()).doesNotContain(id);
    }
}
