package org.bayard.app.desk;

import org.bayard.app.SmallDisk;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.bayard.core.store.MailClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A moderator's decision while the disk under {@code bayard serve}'s store is full: a small tmpfs
 * mounted for the test (root, as the suite runs in CI; elsewhere skipped, as the permission tests
 * are where root reads everything).
 */
class ModerationOnAFullDiskTest extends TrainedDesk {
    Path disk;
    SmallDisk small;

    /** The desk first: the disk cannot be unmounted while its store is open. */
    @Override
    @AfterEach
    void stop() throws Exception {
        super.stop();
        if (small != null) small.close();
    }

    /** Fills the disk with one file, which is returned to be deleted. */
    private Path fill() throws IOException {
        Path filler = disk.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[64 * 1024];
            while (true) out.write(block);
        } catch (IOException full) {
            return filler;
        }
    }

    /**
     * Learning spam from the queue when the store cannot be written answered 500 "internal error",
     * which sent the postmaster to the bug tracker; it is 503, saying why and that the message stays
     * held, and the same decision carries out once the disk has room. An API learn likewise.
     */
    @Test
    void aDecisionTheStoreCannotLearnIs503WithTheReasonAndTheMessageStaysHeld() throws Exception {
        disk = tmp.resolve("disk");
        small = SmallDisk.mount(disk, "16m");
        d = new DeskHarness(trained, disk, DeskHarness.HOLD_ALL);
        byte[] spam = Files.readAllBytes(Path.of("../samples/held-out/spam-1.eml"));
        String id = d.hold("Q1", "spammer@example.net", List.of("list@example.test"), spam);
        String admin = DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW);
        Path filler = fill();

        HttpResponse<String> refused = d.post("/api/quarantine/" + id + "/learn-spam", new byte[0], "Authorization", admin);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(String.valueOf(d.json(refused).get("error"))).startsWith("not done, the message stays held: ")
                .contains("the disk is full");
        assertThat(d.heldIds()).containsExactly(id);
        assertThat(d.ledger(spam)).isEmpty();
        HttpResponse<String> learn = d.post("/api/learn?class=spam", spam, "Authorization", admin);
        assertThat(learn.statusCode()).as(learn.body()).isEqualTo(503);
        assertThat(String.valueOf(d.json(learn).get("error"))).contains("the disk is full");

        Files.delete(filler);
        HttpResponse<String> done = d.post("/api/quarantine/" + id + "/learn-spam", new byte[0], "Authorization", admin);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(d.heldIds()).isEmpty();
        assertThat(d.ledger(spam)).isEqualTo(Optional.of(MailClass.SPAM));
    }
}
