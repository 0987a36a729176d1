package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bayard ... | head -1}: the reader takes what it wants and goes away. A Unix tool is then
 * ended by SIGPIPE, quietly, with status 141, which pipefail still reports; bayard said "cannot
 * write to standard output ... incomplete" and ended with 1, as if something had failed. A real
 * bash pipeline into a real head, as a user types it.
 */
class ReaderGoneTest {
    @TempDir Path dir;

    /** Runs {@code bayard ARGS | head -1}; bayard's exit status and what it said on stderr. */
    private Commands.Ran intoHead(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "\"$@\" | head -1 >/dev/null; exit ${PIPESTATUS[0]}", "bash"));
        cmd.addAll(ChildJvm.bayard(List.of("--sun-misc-unsafe-memory-access=allow"), args).command());
        Path err = dir.resolve("err.txt");
        Commands.Ran ran = Commands.run(new ProcessBuilder(cmd).redirectError(err.toFile()), 120);
        assertThat(ran.timedOut()).isFalse();
        return new Commands.Ran(ran.exit(), false, ran.out(), Files.readAllBytes(err));
    }

    private Path longMessage() throws Exception {
        StringBuilder b = new StringBuilder("From: a@example.org\nSubject: many words\n\n");
        for (int i = 0; i < 100_000; i++) b.append("word").append(i).append(" other").append(i).append('\n');
        return Files.writeString(dir.resolve("long.eml"), b.toString(), StandardCharsets.US_ASCII);
    }

    @Test
    void tokensStopsQuietly() throws Exception {
        Commands.Ran ran = intoHead("tokens", longMessage().toString());
        assertThat(new String(ran.err(), StandardCharsets.UTF_8)).isEmpty();
        assertThat(ran.exit()).isEqualTo(141);
    }

    @Test
    void aDumpToStandardOutputStopsQuietlyAndIsNotTakenForWhole() throws Exception {
        Path db = dir.resolve("db");
        assertThat(new Cli(db).run("learn", "--spam", longMessage().toString()).exitCode()).isZero();
        Commands.Ran ran = intoHead("db", "export", "--db", db.toString(), "-");
        assertThat(new String(ran.err(), StandardCharsets.UTF_8)).isEmpty();
        assertThat(ran.exit()).as("not 0: the dump is incomplete").isEqualTo(141);
    }

    @Test
    void aFullOutputIsStillSaid() throws Exception {
        List<String> cmd = ChildJvm.bayard(List.of("--sun-misc-unsafe-memory-access=allow"), "tokens", longMessage().toString()).command();
        Path err = dir.resolve("err.txt");
        Commands.Ran ran = Commands.run(new ProcessBuilder(cmd).redirectOutput(new java.io.File("/dev/full")).redirectError(err.toFile()), 120);
        assertThat(ran.exit()).isEqualTo(1);
        assertThat(Files.readString(err)).startsWith("bayard: cannot write to standard output");
    }
}
