package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.bayard.app.gate.Blocklist;
import org.bayard.core.HaltCleanups;
import org.bayard.store.lmdb.LmdbTokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore ({@code db import} into an empty folder) whose halt's undo (out of heap on another
 * thread) came while the import was under way: the undo took the new store's files away, the
 * import went on into the unlinked store, committed, and installed the dump's blocklist beside
 * nothing, so the folder was left with a blocklist and no store. The undo and the commit are now
 * exclusive: once the undo has begun the import keeps nothing, and the folder is as it was.
 */
class ImportUndoneAtHaltTest {
    @TempDir Path tmp;

    @Test
    void anUndoDuringTheImportLeavesTheFolderAsItWasAndTheImportFails() throws Exception {
        Path source = SampleStore.copy(SampleStore.trained(tmp.resolve("trained")), Files.createDirectory(tmp.resolve("src")));
        Cli from = new Cli(source);
        assertThat(from.run("blocklist", "add", "192.0.2.7", "spammer@example.net").exitCode()).isZero();
        Path dump = tmp.resolve("dump.gz");
        Cli.Result exported = from.run("db", "export", dump.toString());
        assertThat(exported.exitCode()).as(exported.err()).isZero();

        Path restored = Files.createDirectory(tmp.resolve("restored")); // an empty folder made for the restore
        // this process's blocklist writers take turns: holding a turn keeps the import after its store's open, before its commit
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            try {
                Blocklist.in(Files.createDirectory(tmp.resolve("other")), Clock.systemUTC()).addAllWith(List.of(), () -> {
                    holding.countDown();
                    try {
                        return letGo.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        AtomicReference<Cli.Result> result = new AtomicReference<>();
        Thread importing = Thread.ofPlatform().start(() -> result.set(new Cli(restored).run("db", "import", dump.toString())));
        try {
            Await.until(() -> Files.exists(restored.resolve("data.mdb")) && importing.getState() == Thread.State.BLOCKED);
            HaltCleanups.runAll(); // what the halt of a command out of heap on another thread runs
        } finally {
            letGo.countDown();
        }
        importing.join(TimeUnit.SECONDS.toMillis(60));
        holder.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(importing.isAlive()).isFalse();

        Cli.Result r = result.get();
        assertThat(r.exitCode()).as("the import was undone: " + r.out() + r.err()).isNotZero();
        assertThat(r.err()).doesNotContain("\tat ");
        assertThat(LmdbTokenStore.holdsStore(restored)).isFalse();
        try (Stream<Path> left = Files.list(restored)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the folder as it was: empty").isEmpty();
        }
    }
}
