package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.bayard.net.testing.FreePorts;

/**
 * A store moved to another folder (or restored to one) while the service still names the old
 * place, or a restore that left the folder empty: {@code bayard serve} made a new, empty store
 * there and served on it, saying nothing. Every message then scored 0.5, Bayes-unsure, and was
 * held: a whole site's mail in the quarantine, with the trained store sitting in the other
 * folder. Now serve refuses to start in one line naming the folder, and makes nothing there, so
 * a service manager shows the failure and the MTA in front keeps the mail queued.
 */
class MovedStoreTest {
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    @RegisterExtension final TrainedGates gates = new TrainedGates();

    @Test
    void serveOnAStoreThatWasMovedAwayRefusesToStartAndMakesNothing() throws Exception {
        Path moved = Files.createDirectories(tmp.resolve("new-disk")).resolve("db");
        Files.move(gates.copy(tmp.resolve("old-disk")), moved);
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

    /**
     * The store moved without its quarantine (the folder beside it, found by the store's name):
     * serve started with a new, empty quarantine and said nothing, the held mail out of sight in
     * the old folder. Its start line now says the quarantine was made now, and how much a found
     * one holds.
     */
    @Test
    void serveOnAStoreMovedWithoutItsQuarantineSaysItMadeANewOne() throws Exception {
        Path oldDb = gates.copy(tmp.resolve("old-disk"));
        Path oldQ = Files.createDirectories(tmp.resolve("old-disk/db-quarantine"));
        Files.writeString(oldQ.resolve("MWQ4Q24Y.1.eml"), "Subject: held\r\n\r\nheld\r\n");
        Files.writeString(oldQ.resolve("MWQ4Q24Y.1.json"), "{\"rcpt\":[\"u@example.test\"]}");
        Path newDb = Files.createDirectories(tmp.resolve("new-disk")).resolve("db");
        Files.move(oldDb, newDb);
        Path newQ = tmp.resolve("new-disk/db-quarantine");

        String first = startLine(newDb, "first.log");
        assertThat(first).contains("quarantine " + newQ + " (made now: there was none)");

        for (Process p : processes) ChildJvm.kill(p);
        Files.move(newQ, tmp.resolve("new-disk/the-empty-one"));
        Files.move(oldQ, newQ);
        String second = startLine(newDb, "second.log");
        assertThat(second).contains("quarantine " + newQ + " (1 held)");
    }

    /** Starts serve on {@code db} with its quarantine where it looks by default; gives back its "listening" line. */
    private String startLine(Path db, String logName) throws Exception {
        Path log = tmp.resolve(logName);
        List<String> cmd = new ArrayList<>(ServeProcess.command(List.of(), db, tmp.resolve("unused"), FreePorts.next()));
        int q = cmd.indexOf("--quarantine");
        cmd.remove(q + 1);
        cmd.remove(q);
        ServeProcess.start(cmd, log, processes);
        GateFaultsTest.listeningPort(log, 0);
        return Files.readAllLines(log).stream().filter(l -> l.contains("listening on")).findFirst().orElseThrow();
    }

    /** Starts serve on {@code db}, expects it to exit 1 without listening, and gives back what it said. */
    private String refusedStart(Path db) throws Exception {
        Path log = tmp.resolve("serve.log");
        Process serve = ServeProcess.start(ServeProcess.command(List.of(), db, tmp.resolve("q"), FreePorts.next()), log, processes);
        boolean ended = serve.waitFor(60, TimeUnit.SECONDS);
        String said = Files.readString(log);
        assertThat(ended).as("serve refused to start; it said: %s", said).isTrue();
        assertThat(serve.exitValue()).as(said).isEqualTo(1);
        assertThat(said).doesNotContain("Exception").doesNotContain("listening");
        return said;
    }
}
