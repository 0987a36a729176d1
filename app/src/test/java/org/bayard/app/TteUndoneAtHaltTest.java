package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bayard.core.HaltCleanups;
import org.bayard.store.lmdb.LmdbTokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tte into a new store whose halt's undo (out of heap on another thread) came while tte was
 * under way: the undo took the new store's files away, tte went on, put its model into the
 * unlinked store and said what the store now held, though there was none. The undo and the keep
 * exclude each other: once the undo has begun, tte fails with one line and the folder is as it was.
 */
class TteUndoneAtHaltTest {
    @TempDir Path tmp;

    @Test
    void anUndoDuringTteLeavesNoStoreAndTteFails() throws Exception {
        Path db = tmp.resolve("db"); // no folder yet: tte makes the store
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        // tte's first line on standard output is its first round's, after the store was made and
        // before the model goes in: holding that write holds tte there
        OutputStream held = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writing.countDown();
                try {
                    if (!letGo.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("never let go");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                said.write(b, off, len);
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AppContext ctx = new AppContext(InputStream.nullInputStream(), new PrintStream(held, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("BAYARD_DB", db.toString()), Cli.FIXED, false);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread tte = Thread.ofPlatform().start(() -> exit.set(Main.run(ctx, "tte", "--ham", TteCommandTest.HAM,
                "--spam", TteCommandTest.SPAM, "--out", tmp.resolve("out").toString())));
        try {
            assertThat(writing.await(60, TimeUnit.SECONDS)).as("tte reached its first round").isTrue();
            assertThat(Files.exists(db.resolve("data.mdb"))).isTrue();
            HaltCleanups.runAll(); // what the halt of a command out of heap on another thread runs
        } finally {
            letGo.countDown();
        }
        tte.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(tte.isAlive()).isFalse();

        String out = said.toString(StandardCharsets.UTF_8);
        String errors = err.toString(StandardCharsets.UTF_8);
        assertThat(exit.get()).as("the store was taken away: " + out + errors).isEqualTo(1);
        assertThat(out).doesNotContain("the model in the store now holds");
        assertThat(errors).doesNotContain("\tat ")
                .containsOnlyOnce("bayard: out of memory: the new store at " + db + " was taken away again");
        assertThat(LmdbTokenStore.holdsStore(db)).isFalse();
        assertThat(Files.exists(db)).as("the folder as it was: not there").isFalse();
    }
}
