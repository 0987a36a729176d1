package org.bayard.app.desk;

import org.bayard.app.Commands;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bayard.app.Await;
import org.bayard.app.LockHolder;
import org.bayard.core.store.ReadView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API's learning and the moderator's decisions that learn write the store inside the HTTP
 * request. While another process held the store's write lock (a long {@code bayard train}, a
 * {@code learn} stopped with ^Z) each such request waited for it with its worker slot taken, for
 * minutes: the page hung, and once {@code http.max-concurrent} of them waited, every check
 * ({@code /checkv2}, which an MTA asks in its SMTP session) got 503. Now a request waits at most
 * the scan budget and answers 503 saying why; the write goes on and is made once the lock is free,
 * so asking again then is answered "already learned".
 */
class LockedStoreDeskTest extends TrainedDesk {
    final List<Process> holders = new ArrayList<>();

    @AfterEach
    void letGo() throws Exception {
        for (Process p : holders) Commands.kill(p);
    }

    long spam() {
        try (ReadView v = d.engine.store().read()) {
            return v.totals().spam();
        }
    }

    @Test
    void learningThroughTheApiWhileAnotherProcessHoldsTheWriteLockAnswersInTimeAndLearnsOnceItIsFree() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL, "  scan-timeout-ms: 2000\n");
        long spam = spam();
        byte[] message = Files.readAllBytes(Path.of("../samples/held-out/spam-3.eml"));
        Process holder = LockHolder.start("store", d.db, holders);

        long t0 = System.nanoTime();
        HttpResponse<String> busy = d.post("/api/learn?class=spam", message, "Authorization", DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(8_000);
        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
        assertThat(busy.body()).contains("another process holds the store's write lock");
        assertThat(d.post("/checkv2", message, "Password", DeskHarness.ADMIN_PW).statusCode()).as("checks go on").isEqualTo(200);

        LockHolder.letGo(holder);
        Await.until(() -> spam() == spam + 1);
        HttpResponse<String> again = d.post("/api/learn?class=spam", message, "Authorization", DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("already");
    }

    @Test
    void aModeratorsLearnSpamWhileAnotherProcessHoldsTheWriteLockAnswersInTimeAndTheItemStaysHeld() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL, "  scan-timeout-ms: 2000\n");
        d.swaks(Path.of("../samples/held-out/spam-4.eml"), "a@example.org", "list@example.test");
        String id = d.gate.quarantine().ids().get(0);
        Process holder = LockHolder.start("store", d.db, holders);

        long t0 = System.nanoTime();
        HttpResponse<String> busy = d.post("/api/quarantine/" + id + "/learn-spam", new byte[0], "Authorization", DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(8_000);
        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
        assertThat(busy.body()).contains("stays held").contains("another process holds the store's write lock");
        assertThat(d.gate.quarantine().ids()).containsExactly(id);

        LockHolder.letGo(holder);
        Await.until(() -> {
            HttpResponse<String> r = d.post("/api/quarantine/" + id + "/learn-spam", new byte[0], "Authorization", DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW));
            return r.statusCode() == 200;
        });
        assertThat(d.gate.quarantine().ids()).isEmpty();
    }

    /**
     * A learning that outlasts the wait with no other process about (a large message against a
     * scan timeout of 1 ms) was answered 503 blaming another process for the store's write lock,
     * sending the postmaster to look for a train that was not there. It now says the write was long.
     */
    @Test
    void learningThroughTheApiThatIsMerelyLongBlamesNoOtherProcess() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL, "  scan-timeout-ms: 1\n");
        long spam = spam();
        StringBuilder words = new StringBuilder("From: a@example.net\r\nTo: b@example.org\r\nSubject: many words\r\n\r\n");
        for (int i = 0; words.length() < 900_000; i++) words.append("word").append(i).append(i % 10 == 9 ? "\r\n" : " ");

        HttpResponse<String> late = d.post("/api/learn?class=spam", words.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                "Authorization", DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW));
        assertThat(late.statusCode()).as(late.body()).isEqualTo(503);
        assertThat(late.body()).contains("no other process holds the store's write lock, but this serve's writing outlasted the wait")
                .doesNotContain("another process holds");
        Await.until(() -> spam() == spam + 1); // made all the same
    }

    @Test
    void aBlocklistAdditionOnThePageWhileAnotherProcessHoldsTheBlocklistsLockAnswersInTimeAndIsMadeOnceItIsFree() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL, "  scan-timeout-ms: 2000\n");
        Process holder = LockHolder.start("blocklist", d.db, holders);
        String add = "/api/blocklist/add?client=192.0.2.7&sender=%3Cspammer@example.net%3E&hours=2";

        long t0 = System.nanoTime();
        HttpResponse<String> busy = d.post(add, new byte[0], "Authorization", DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(8_000);
        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
        assertThat(busy.body()).contains("another process holds the blocklist's lock");

        LockHolder.letGo(holder);
        Await.until(() -> d.gate.blocklist().blocked("192.0.2.7", "spammer@example.net"));
    }
}
