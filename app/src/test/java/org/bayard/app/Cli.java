package org.bayard.app;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs {@code bayard} commands in-process against one store, capturing what they print. */
final class Cli {
    record Result(int exitCode, String out, String err, byte[] outBytes) {}

    /** The time every command sees, unless a test gives another clock. */
    static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);

    private final Path db;
    private final Clock clock;

    Cli(Path db) {
        this(db, FIXED);
    }

    /** Commands that see {@code clock}'s time: a test of what ages (a ledger entry, held mail) moves it. */
    Cli(Path db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Result run(String... args) {
        return runWithInput(new byte[0], args);
    }

    Result runWithInput(byte[] stdin, String... args) {
        return runWithInput(new ByteArrayInputStream(stdin), args);
    }

    Result runWithInput(InputStream stdin, String... args) {
        return execute(stdin, false, args);
    }

    /** As {@link #run}, as if standard input and output were a terminal. */
    Result runOnTerminal(String... args) {
        return execute(new ByteArrayInputStream(new byte[0]), true, args);
    }

    private Result execute(InputStream stdin, boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AppContext ctx = new AppContext(stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("BAYARD_DB", db.toString()), clock, terminal);
        int rc = Main.run(ctx, args);
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), out.toByteArray());
    }

    /**
     * As {@link #runWithInput}, with a standard output that fails every write, as a full disk, a
     * closed descriptor or a reader that went away make it fail.
     */
    Result runWithBrokenOutput(byte[] stdin, String... args) {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AppContext ctx = new AppContext(new ByteArrayInputStream(stdin), new PrintStream(broken, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("BAYARD_DB", db.toString()), clock, false);
        int rc = Main.run(ctx, args);
        return new Result(rc, "", err.toString(StandardCharsets.UTF_8), new byte[0]);
    }

    static String[] args(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }
}
