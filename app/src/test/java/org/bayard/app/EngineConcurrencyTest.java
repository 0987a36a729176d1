package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bayard.app.config.BayardConfig;
import org.bayard.core.classify.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One engine scores for every SMTP session and HTTP request at once (the gate scores each message
 * on a virtual thread of its own): scores must not depend on what else is being scored.
 */
class EngineConcurrencyTest {
    @TempDir Path tmp;

    @Test
    void messagesScoredAtTheSameTimeGetTheScoresTheyGetAlone() throws Exception {
        Path db = SampleStore.trained(tmp.resolve("db"));
        List<byte[]> messages = new ArrayList<>();
        try (var files = Files.list(Path.of("../samples/held-out"))) {
            for (Path f : files.sorted().toList()) messages.add(Files.readAllBytes(f));
        }
        try (Engine engine = Engine.open(BayardConfig.DEFAULTS, db, CliAccess.quiet())) {
            List<Double> alone = new ArrayList<>();
            for (byte[] m : messages) alone.add(engine.score(m, false).logOdds());

            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Boolean>> runs = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    int first = t;
                    runs.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            int k = (first + i) % messages.size();
                            Score s = engine.score(messages.get(k), false);
                            if (s.logOdds() != alone.get(k)) return false;
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> run : runs) assertThat(run.get()).isTrue();
            }
        }
    }
}
