package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The page and the API over a held message whose earlier release was cut off after it sent the
 * message and before the next hop's answer (here the next hop hangs up after the final dot): the
 * next hop may have taken it, so a release or learn-ham again is refused with the reason (502, as
 * for a release the next hop refused: the message stays held),
 * with nothing delivered or learned, instead of a second delivery nobody knew of.
 */
class CutOffReleaseApiTest extends TrainedDesk {
    @Test
    void aReleaseOfAnItemAnEarlierReleaseMayHaveDeliveredIsRefusedSayingWhy() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL);
        String admin = DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW);
        byte[] message = Files.readAllBytes(Path.of("../samples/held-out", "ham-1.eml"));
        String id = d.hold("CUT1.1", "a@example.org", List.of("list@example.test"), message);
        d.sink.endReply = null; // takes the whole message, then hangs up without an answer

        HttpResponse<String> first = d.post("/api/quarantine/" + id + "/release", new byte[0], "Authorization", admin);
        assertThat(first.statusCode()).isEqualTo(502);
        assertThat(String.valueOf(d.json(first).get("error"))).contains("may have taken it");

        d.sink.endReply = "250 2.0.0 Ok";
        for (String verb : List.of("release", "learn-ham")) {
            HttpResponse<String> again = d.post("/api/quarantine/" + id + "/" + verb, new byte[0], "Authorization", admin);
            assertThat(again.statusCode()).as(verb + ": " + again.body()).isEqualTo(502);
            assertThat(String.valueOf(d.json(again).get("error"))).contains("may have delivered it")
                    .contains("bayard quarantine release --force " + id);
        }
        assertThat(d.sink.delivered).isEmpty();
        assertThat(d.ledger(message)).as("learn-ham learned nothing").isEmpty();
        assertThat(d.heldIds()).containsExactly(id);
    }

    /**
     * The queue's listing marks such an item as its view does: a moderator deciding from the list
     * (bulk actions) learned of it only when the release was refused.
     */
    @Test
    void theQueueListingMarksAnItemAnEarlierReleaseMayHaveDelivered() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL);
        String admin = DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW);
        String reader = DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW);
        byte[] message = Files.readAllBytes(Path.of("../samples/held-out", "ham-1.eml"));
        String id = d.hold("CUT4.1", "a@example.org", List.of("list@example.test"), message);
        String other = d.hold("CUT5.1", "b@example.org", List.of("list@example.test"), message);
        d.sink.endReply = null;
        assertThat(d.post("/api/quarantine/" + id + "/release", new byte[0], "Authorization", admin).statusCode()).isEqualTo(502);
        d.sink.endReply = "250 2.0.0 Ok";

        java.util.Map<String, Object> listing = d.json(d.get("/api/quarantine", "Authorization", reader));
        assertThat(listing.get("total")).isEqualTo(2);
        java.util.Map<String, java.util.Map<String, Object>> byId = new java.util.HashMap<>();
        for (Object item : (List<?>) listing.get("items")) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> m = (java.util.Map<String, Object>) item;
            byId.put(String.valueOf(m.get("id")), m);
        }
        assertThat(byId.keySet()).containsExactlyInAnyOrder(id, other);
        assertThat(String.valueOf(byId.get(id).get("releaseInDoubt"))).contains("by mod via the HTTP API");
        assertThat(byId.get(id)).containsKeys("from", "score", "subject");
        assertThat(byId.get(id).get("received")).as("written as the others are").hasSameClassAs(byId.get(other).get("received"));
        assertThat(byId.get(other)).containsKey("from").doesNotContainKey("releaseInDoubt");
    }

    /**
     * Only the command had --force: a moderator on the API had the reason and no way to deliver it
     * once checked. {@code ?force=1} on release (or learn-ham) delivers it regardless, for the admin
     * role only, and means nothing else: with a discard, or another value, it is refused and nothing done.
     */
    @Test
    void anAdminReleasesSuchAnItemWithForce() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL);
        String admin = DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW);
        String reader = DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW);
        byte[] message = Files.readAllBytes(Path.of("../samples/held-out", "ham-1.eml"));
        String id = d.hold("CUT2.1", "a@example.org", List.of("list@example.test"), message);
        d.sink.endReply = null;
        assertThat(d.post("/api/quarantine/" + id + "/release", new byte[0], "Authorization", admin).statusCode()).isEqualTo(502);
        d.sink.endReply = "250 2.0.0 Ok";
        // the view says so before anyone tries: who released it, and when
        assertThat(String.valueOf(d.json(d.get("/api/quarantine/" + id, "Authorization", reader)).get("releaseInDoubt")))
                .contains("by mod via the HTTP API");
        String other = d.hold("CUT3.1", "a@example.org", List.of("list@example.test"), message);
        assertThat(d.json(d.get("/api/quarantine/" + other, "Authorization", reader))).containsKey("summary")
                .doesNotContainKey("releaseInDoubt");

        HttpResponse<String> plain = d.post("/api/quarantine/" + id + "/release", new byte[0], "Authorization", admin);
        assertThat(plain.statusCode()).isEqualTo(502);
        assertThat(String.valueOf(d.json(plain).get("error"))).as("the way on, for the API").contains("?force=1");

        assertThat(d.post("/api/quarantine/" + id + "/release?force=1", new byte[0], "Authorization", reader).statusCode())
                .isEqualTo(403);
        HttpResponse<String> discard = d.post("/api/quarantine/" + id + "/discard?force=1", new byte[0], "Authorization", admin);
        assertThat(discard.statusCode()).isEqualTo(400);
        assertThat(String.valueOf(d.json(discard).get("error"))).contains("force is for release and learn-ham only");
        assertThat(d.post("/api/quarantine/" + id + "/release?force=yes", new byte[0], "Authorization", admin).statusCode())
                .isEqualTo(400);
        assertThat(d.sink.delivered).isEmpty();
        assertThat(d.heldIds()).containsExactlyInAnyOrder(id, other);

        HttpResponse<String> forced = d.post("/api/quarantine/" + id + "/release?force=1", new byte[0], "Authorization", admin);
        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
        assertThat(d.sink.delivered).hasSize(1);
        assertThat(d.heldIds()).containsExactly(other);
    }
}
