package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store moved to another folder (or restored to one) while the service still names the old
 * place, or a restore that left the folder empty: {@code bayard serve} made a new, empty store
 * there and served on it, saying nothing. Every message then scored 0.5, Bayes-unsure, and was
 * held: a whole site's mail in the quarantine, with the trained store sitting in the other
 * folder. Now serve refuses to start in one line naming the folder, and makes nothing there, so
 * a service manager shows the failure and the MTA in front keeps the mail queued.
 */
class MovedStoreTest {
    @TempDir static Path shared;
    static Path trained;
    @TempDir Path tmp;
    final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void train() {
        trained = SampleStore.trained(shared.resolve("db"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) ChildJvm.kill(p);
    }

    @Test
    void serveOnAStoreThatWasMovedAwayRefusesToStartAndMakesNothing() throws Exception {
        Path moved = Files.createDirectories(tmp.resolve("new-disk")).resolve("db");
        Files.move(SampleStore.copy(trained, tmp.resolve("old-disk")), moved);
        Path oldPlace = tmp.resolve("old-disk/db");

        String said = refusedStart(oldPlace);

        assertThat(said).contains("no store at " + oldPlace);
        assertThat(oldPlace).as("no new store made where the old one was").doesNotExist();
        assertThat(tmp.resolve("q")).as("no quarantine made for it").doesNotExist();
        assertThat(moved.resolve("data.mdb")).exists();
    }

    @Test
    void serveOnAnEmptyStoreFolderRefusesToStartAndLeavesItEmpty() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("restored/db"));

        String said = refusedStart(empty);

        assertThat(said).contains("no store at " + empty);
        try (var files = Files.list(empty)) {
            assertThat(files.toList()).as("nothing made in the empty folder").isEmpty();
        }
    }

    @Test
    void serveOnTheStoreAtItsNewPlaceStarts() throws Exception {
        Path moved = Files.createDirectories(tmp.resolve("new-disk")).resolve("db");
        Files.move(SampleStore.copy(trained, tmp.resolve("old-disk")), moved);
        Path log = tmp.resolve("serve.log");
        ServeProcess.start(ServeProcess.command(List.of(), moved, tmp.resolve("q"), GateFaultsTest.freePort()), log, processes);
        assertThat(GateFaultsTest.listeningPort(log, 0)).isPositive();
    }

    /** Starts serve on {@code db}, expects it to exit 1 without listening, and gives back what it said. */
    private String refusedStart(Path db) throws Exception {
        Path log = tmp.resolve("serve.log");
        Process serve = ServeProcess.start(ServeProcess.command(List.of(), db, tmp.resolve("q"), GateFaultsTest.freePort()), log, processes);
        boolean ended = serve.waitFor(60, TimeUnit.SECONDS);
        String said = Files.readString(log);
        assertThat(ended).as("serve refused to start; it said: %s", said).isTrue();
        assertThat(serve.exitValue()).as(said).isEqualTo(1);
        assertThat(said).doesNotContain("Exception").doesNotContain("listening");
        return said;
    }
}
