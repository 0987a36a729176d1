package org.bayard.app.desk;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the HTTP tests that share one trained store have in common: the store trained once per
 * class on the samples, a fresh folder per test, and the desk a test started closed after it.
 */
abstract class TrainedDesk {
    @TempDir static Path shared;
    @TempDir Path tmp;
    static Path trained;
    DeskHarness d;

    @BeforeAll
    static void train() {
        trained = shared.resolve("db");
        DeskHarness.train(trained);
    }

    @AfterEach
    void stop() throws Exception {
        if (d != null) d.close();
    }
}
