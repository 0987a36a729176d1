package org.bayard.app.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes put off behind another process's lock keep what they are to write (a trap report whole)
 * in the heap until the lock is free: a lock held for an hour under a stream of large trap
 * reports filled the heap. Past an eighth of it, a write is refused (the trap's sender gets 451
 * and keeps the report) instead of kept.
 */
class PutOffWritesTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final DecisionLog log = new DecisionLog(new PrintStream(out, true, StandardCharsets.UTF_8));
    @TempDir Path quarantine;

    static PutOffJournal.Entry entry(String queueId) {
        java.util.Map<String, Object> header = new java.util.LinkedHashMap<>();
        header.put("kind", "trap");
        header.put("write", "trap spam");
        header.put("queue_id", queueId);
        header.put("class", "spam");
        return new PutOffJournal.Entry(header, PutOffJournal.Body.of("Subject: a report\r\n\r\nspam\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void writesPutOffHoldAtMostAnEighthOfTheHeapThenAreRefused() throws Exception {
        PutOffWrites writes = new PutOffWrites("the store's write lock", log, PutOffJournal.open(quarantine, PutOffJournal.storeOf(quarantine), log));
        CountDownLatch lockFreed = new CountDownLatch(1);
        AtomicInteger made = new AtomicInteger();
        long sixteenth = Runtime.getRuntime().maxMemory() / 16;
        for (int i = 0; i < 2; i++) {
            assertThat(writes.until(System.nanoTime(), "trap spam", "Q." + i, sixteenth - 1, () -> {
                lockFreed.await();
                return made.incrementAndGet();
            }, n -> {}, entry("Q." + i))).isEmpty();
        }
        assertThat(writes.waiting()).isEqualTo(2);
        assertThat(writes.waitingLine()).hasValue("2 writes put off, waiting for the store's write lock"); // /health's words
        assertThatThrownBy(() -> writes.until(System.nanoTime(), "trap spam", "Q.2", 16, () -> made.incrementAndGet(), n -> {}, entry("Q.2")))
                .isInstanceOf(IOException.class).hasMessageContaining("wait already for the store's write lock");

        lockFreed.countDown();
        org.bayard.app.Await.until(() -> writes.waiting() == 0);
        assertThat(writes.waitingLine()).isEmpty();
        assertThat(made.get()).isEqualTo(2);
        // the heap they kept is given back: the next write is made
        assertThat(writes.until(System.nanoTime() + 5_000_000_000L, "trap spam", "Q.3", sixteenth, () -> made.incrementAndGet(), n -> {}, entry("Q.3")))
                .contains(3);
        org.bayard.app.Await.until(() -> out.toString(StandardCharsets.UTF_8).contains("write-refused"));
    }

    /**
     * A write the journal cannot keep (a full disk, a journal that is full, here a file where its
     * folder should be) is put off all the same, in memory, and the session still answers in time;
     * the log says it is not journaled, and a stop names it lost rather than kept for the next start.
     */
    @Test
    void aWriteTheJournalCannotKeepIsStillPutOffInMemoryAndTheLogSaysSo() throws Exception {
        java.nio.file.Files.writeString(quarantine.resolve(PutOffJournal.DIR), "not a folder");
        PutOffWrites writes = new PutOffWrites("the store's write lock", log, PutOffJournal.open(quarantine, PutOffJournal.storeOf(quarantine), log));
        CountDownLatch lockFreed = new CountDownLatch(1);
        AtomicInteger made = new AtomicInteger();
        assertThat(writes.until(System.nanoTime(), "trap spam", "Q.1", 16, () -> {
            lockFreed.await();
            return made.incrementAndGet();
        }, n -> {}, entry("Q.1"))).isEmpty();
        org.bayard.app.Await.until(() -> out.toString(StandardCharsets.UTF_8).contains("\"event\":\"write-waiting\""));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("not journaled (cannot use the journal " + quarantine.resolve(PutOffJournal.DIR));
        writes.sayWhatIsLeft();
        org.bayard.app.Await.until(() -> out.toString(StandardCharsets.UTF_8).contains("writes-put-off-at-stop"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("but for 1 the journal could not keep, which are lost");

        lockFreed.countDown();
        org.bayard.app.Await.until(() -> out.toString(StandardCharsets.UTF_8).contains("\"event\":\"write-done\""));
        assertThat(made.get()).isEqualTo(1);
    }

    /** A write put off is in the journal before {@code until} returns (before the session answers), and goes once made. */
    @Test
    void aWritePutOffIsJournaledBeforeTheAnswerAndRemovedOnceMade() throws Exception {
        PutOffWrites writes = new PutOffWrites("the store's write lock", log, PutOffJournal.open(quarantine, PutOffJournal.storeOf(quarantine), log));
        CountDownLatch lockFreed = new CountDownLatch(1);
        assertThat(writes.until(System.nanoTime(), "trap spam", "Q.1", 16, () -> {
            lockFreed.await();
            return 1;
        }, n -> {}, entry("Q.1"))).isEmpty();
        java.util.List<Path> kept;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(quarantine.resolve(PutOffJournal.DIR))) {
            kept = files.filter(f -> f.toString().endsWith(PutOffJournal.SUFFIX)).toList();
        }
        assertThat(kept).hasSize(1);
        assertThat(java.nio.file.Files.readString(kept.get(0), StandardCharsets.US_ASCII))
                .startsWith("{\"kind\":\"trap\"").contains("\"queue_id\":\"Q.1\"").endsWith("\nSubject: a report\r\n\r\nspam\r\n");

        lockFreed.countDown();
        org.bayard.app.Await.until(() -> writes.waiting() == 0);
        assertThat(kept.get(0)).doesNotExist();
    }
}
