package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.bayard.core.store.InMemoryTokenStore;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.dump.DumpWriter;
import org.bayard.core.token.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot command that runs out of heap halts the JVM (see OutOfMemoryEndsTheCommandTest),
 * which runs no finally block and no shutdown hook: what those would have taken away stayed.
 * A restore ({@code db import} into a new folder) that ran out of heap midway left a new, empty
 * store where the restore was to go, and the service then started on it, scoring every message
 * unsure, as after the full disk of RestoreOnFullDiskTest.
 */
class OutOfMemoryLeavesNoHalfStoreTest {
    /** Enough for the import's one transaction to outlast the heap's filling. */
    private static final int TOKENS = 1_000_000;
    @TempDir Path dir;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    @Test
    void anImportIntoANewFolderThatRunsOutOfHeapLeavesNoStore() throws Exception {
        Path dump = largeDump();
        Path db = dir.resolve("restored");

        String said = importRunningOutOfHeap(dump, db);

        assertThat(db).as("no empty store left where the restore was to go; said: " + said).doesNotExist();
    }

    @Test
    void anImportIntoAnEmptyFolderThatRunsOutOfHeapLeavesItEmpty() throws Exception {
        Path dump = largeDump();
        Path db = Files.createDirectories(dir.resolve("restored"));

        String said = importRunningOutOfHeap(dump, db);

        try (Stream<Path> files = Files.list(db)) {
            assertThat(files.toList()).as("the folder as it was, empty; said: " + said).isEmpty();
        }
        assertThat(new Cli(db).run("db", "stats").err()).contains("no store at " + db);
    }

    /**
     * tte puts its model in at its end, in one transaction; out of heap before that (its piles
     * are held in the heap), at a new --db, it left a new, empty store there.
     */
    @Test
    void aTteIntoANewFolderThatRunsOutOfHeapLeavesNoStore() throws Exception {
        Path db = dir.resolve("model");
        Path out = dir.resolve("tte-out");

        // at once: still reading its piles, long before the swap
        String said = runningOutOfHeap(db, 0, "tte", "--db", db.toString(), "--ham", "../samples/ham.mbox",
                "--spam", "../samples/spam.mbox", "--out", out.toString());

        assertThat(db).as("no empty store left at --db; said: " + said).doesNotExist();
    }

    /** {@code db import DUMP} into {@code db}, the heap run out once the store is open; what it said. */
    private String importRunningOutOfHeap(Path dump, Path db) throws IOException, InterruptedException {
        return runningOutOfHeap(db, 0, "db", "import", "--db", db.toString(), dump.toString());
    }

    /** {@code bayard ARGS}, the heap run out {@code afterMillis} after the store {@code db} is open; what it said. */
    private String runningOutOfHeap(Path db, int afterMillis, String... args) throws IOException, InterruptedException {
        return HeapHogThenBayard.endsOutOfHeap(processes, dir.resolve("printed"),
                List.of("-Xmx128m", "-Dbayard.test.db=" + db, "-Dbayard.test.hog-after-ms=" + afterMillis), args);
    }

    /** A dump of {@value #TOKENS} tokens, each seen in one ham of 1,000 and one spam of 1,000. */
    private Path largeDump() throws IOException {
        Path dump = dir.resolve("large.dump.gz");
        try (InMemoryTokenStore store = new InMemoryTokenStore(Tokenizer.VERSION)) {
            long[] tokens = new long[TOKENS];
            for (int i = 0; i < TOKENS; i++) tokens[i] = 0x9E3779B97F4A7C15L * (i + 1);
            store.write(view -> {
                view.addCounts(tokens, TOKENS, 1, 1);
                view.addTotals(1000, 1000);
                return null;
            });
            try (ReadView view = store.read(); OutputStream out = Files.newOutputStream(dump)) {
                DumpWriter.write(view, Tokenizer.VERSION, Instant.parse("2026-11-24T00:00:00Z"), out);
            }
        }
        return dump;
    }
}
