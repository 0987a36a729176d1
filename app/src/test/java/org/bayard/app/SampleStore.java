package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The store most gate and desk tests start from: the bundled samples, learned through the real CLI. */
public final class SampleStore {
    private SampleStore() {}

    /** Learns {@code samples/ham.mbox} and {@code samples/spam.mbox} into the store at {@code db}; returns it. */
    public static Path trained(Path db) {
        Cli cli = new Cli(db);
        assertThat(cli.run("learn", "--ham", "../samples/ham.mbox").exitCode()).isZero();
        assertThat(cli.run("learn", "--spam", "../samples/spam.mbox").exitCode()).isZero();
        return db;
    }

    /** A private copy of a trained store at {@code dir/db}, for a test that changes what it learned. */
    public static Path copy(Path trained, Path dir) throws IOException {
        Path db = dir.resolve("db");
        Files.createDirectories(db);
        try (Stream<Path> files = Files.list(trained)) {
            for (Path f : files.toList()) Files.copy(f, db.resolve(f.getFileName()));
        }
        return db;
    }
}
