package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot command out of heap ends at once with the one line of advice and exit 1, whichever
 * thread the OutOfMemoryError struck, and leaves the store whole. tte in a 12 MB heap hit it in
 * the store's writer thread: the thread died, the command waited for it for ever while the JVM
 * spun in GC, and only SIGKILL ended it.
 */
class OutOfMemoryEndsTheCommandTest {
    @TempDir Path dir;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    Path db;

    @BeforeEach
    void trained() {
        db = dir.resolve("db");
        Cli.Result r = new Cli(db).run("train", "--ham", "../samples/ham.mbox", "--spam", "../samples/spam.mbox");
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    /**
     * An error that comes of running out of heap without being an OutOfMemoryError (a class whose
     * initialisation another thread's running out broke) reaching the handler when the heap is
     * full: printing its trace ran out, and the JVM added "Exception: java.lang.OutOfMemoryError
     * thrown from the UncaughtExceptionHandler in thread "main"" to the advice (CI saw it once, in
     * eval's cross-validation in a 16 MB heap). With the heap that full, the handler's own line and
     * halt ran out too, the JDK loading the classes they use at their first use. The handler now
     * takes that error as out of heap, and its line and halt no longer need the heap.
     */
    @Test
    void anotherErrorThatCannotBeSaidForWantOfHeapEndsTheCommandWithTheAdvice() throws Exception {
        Process child = ChildJvm.java(FullHeapThenAnotherError.class, List.of("-Xmx16m")).redirectErrorStream(true).start();
        processes.add(child);
        String said = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as(said).isTrue();
        assertThat(child.exitValue()).as(said).isEqualTo(1);
        assertThat(said.lines()).as(said).singleElement().asString().startsWith(HeapHogThenBayard.ADVICE);
    }

    /**
     * The error on another thread while the command's main thread waits (here for standard
     * input that never ends, as it waited for the dead writer): the command ends with the
     * advice, not "Exception in thread", and does not wait on. It says that what it stored is
     * kept, as when it is interrupted: it said only that it ran out of memory.
     */
    @Test
    void outOfMemoryOnAnotherThreadEndsTheCommandWithTheAdvice() throws Exception {
        // the heap runs out once learn reads its input, when its notice of what is kept is in place:
        // 300 ms after the store opened was, on a loaded machine, before it, and the line did not come
        Process child = HeapHogThenBayard.command(List.of("-Xmx32m", "-Dbayard.test.db=" + db,
                "-Dbayard.test.hog-when-in=org.bayard.app.cli.Inputs.eachReadable"), "learn", "--db", db.toString(), "--spam", "-")
                .redirectErrorStream(true).start(); // stdin: a pipe kept open
        processes.add(child);
        Commands.Ran ran = Commands.outputOf(child, 60); // killed if it runs over
        String said = ran.output();
        assertThat(!ran.timedOut()).as("ended by itself within a minute; said: " + said).isTrue();
        assertThat(ran.exit()).as(said).isEqualTo(1);
        assertThat(said.lines().toList()).as(said).hasSize(2);
        assertThat(said.lines().filter(l -> l.startsWith(HeapHogThenBayard.ADVICE))).as(said).singleElement().asString().contains("BAYARD_JAVA_OPTS=-Xmx");
        assertThat(said).contains("the batches stored before it ran out of memory are kept; run it again for the rest:"
                + " what was stored is found in the ledger and skipped");
        storeIsWhole();
    }

    /**
     * A read view that ran out of heap as it opened (its cache is 4.5 MB) kept its place among the
     * store's views, so closing the store waited 30 seconds for it before the advice came.
     */
    @Test
    void outOfMemoryOpeningAReadViewEndsTheCommandAtOnce() throws Exception {
        for (String heap : List.of("-Xmx8m", "-Xmx12m")) { // where the cache is what runs the heap out
            Path printed = dir.resolve("printed");
            long start = System.nanoTime();
            ChildJvm.Run r = ChildJvm.run(processes, printed, null, List.of(heap), "db", "stats", "--db", db.toString());
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(r.exit()).as(heap + ": " + r.said()).isEqualTo(1);
            assertThat(r.said()).as(heap).startsWith(HeapHogThenBayard.ADVICE);
            assertThat(seconds).as(heap + ": seconds to end").isLessThan(20);
            storeIsWhole();
        }
    }

    private void storeIsWhole() {
        Cli.Result check = new Cli(db).run("db", "check");
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("whole");
    }
}
