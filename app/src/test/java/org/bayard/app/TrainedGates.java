package org.bayard.app;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.bayard.app.gate.GateEvents;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The in-process gate of a gate test, started as {@link TestGate} starts it, on a private copy of
 * the store learned from the bundled samples. The samples are learned once for the whole run and
 * the store shared read-only (each class used to learn its own, with the same fields, training
 * and closing in each). The gate is closed as soon as its test is over: before the class's own
 * {@code @AfterEach} and before the next hops and child processes that are closed after each test
 * ({@code Sinks}, {@link ChildProcesses}), which it may still be talking to.
 */
final class TrainedGates implements BeforeEachCallback, AfterTestExecutionCallback {
    private static final ExtensionContext.Namespace RUN = ExtensionContext.Namespace.create(TrainedGates.class);

    private Path trained;
    private TestGate running;

    @Override
    public void beforeEach(ExtensionContext context) {
        trained = context.getRoot().getStore(RUN).computeIfAbsent(LearnedSamples.class, k -> LearnedSamples.learn(), LearnedSamples.class).db();
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws IOException {
        stop();
    }

    /** A private copy of the samples' store at {@code dir/db}, for a test that changes what it learned. */
    Path copy(Path dir) throws IOException {
        return SampleStore.copy(trained, dir);
    }

    /**
     * Starts the gate with {@code topYaml} and {@code smtpYaml} (as {@link TestGate#start} takes
     * them) on a copy of the samples' store at {@code dir/db}, holding into {@code dir/q}, relaying
     * to {@code nextHopPort}, logging to {@code log}.
     */
    TestGate start(Path dir, String topYaml, String smtpYaml, int nextHopPort, OutputStream log) throws IOException {
        return start(topYaml, smtpYaml, copy(dir), dir.resolve("q"), nextHopPort, log);
    }

    /** As above, on the store {@code db} (a {@link #copy}), holding into {@code quarantine}. */
    TestGate start(String topYaml, String smtpYaml, Path db, Path quarantine, int nextHopPort, OutputStream log) throws IOException {
        return start(topYaml, smtpYaml, db, quarantine, nextHopPort, log, GateEvents.NONE);
    }

    /** As above, telling {@code events} what the gate decides and learns. */
    TestGate start(String topYaml, String smtpYaml, Path db, Path quarantine, int nextHopPort, OutputStream log, GateEvents events)
            throws IOException {
        return start(topYaml, smtpYaml, db, quarantine, nextHopPort, Clock.systemUTC(), log, events);
    }

    /** As above, on {@code clock} (one the test moves, for what ages: blocklist entries, delayed mail). */
    TestGate start(String topYaml, String smtpYaml, Path db, Path quarantine, int nextHopPort, Clock clock, OutputStream log,
                   GateEvents events) throws IOException {
        if (running != null) throw new IllegalStateException("a gate runs already: stop it first");
        running = TestGate.start(topYaml, smtpYaml, db, quarantine, nextHopPort, clock, log, events);
        return running;
    }

    /** Closes the gate before its test is over (a command that opens the store itself, a restart); nothing if none runs. */
    void stop() throws IOException {
        TestGate gate = running;
        running = null;
        if (gate != null) gate.close();
    }

    /** The store learned from the samples, in a folder of its own that goes when the run is over. */
    record LearnedSamples(Path dir, Path db) implements AutoCloseable {
        static LearnedSamples learn() {
            try {
                Path dir = Files.createTempDirectory("bayard-samples");
                return new LearnedSamples(dir, SampleStore.trained(dir.resolve("db")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }
}
