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
        cmd.addAll(ChildJvm.bayard(List.of(), args).command());
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

    /**
     * Many small messages, more than a pipe holds once scored (so head has gone before the last),
     * and after them, last in the walk's order, a link to nothing, which is an error once read.
     */
    private Path folderEndingInADanglingLink() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder"));
        for (int i = 0; i < 10_000; i++) {
            Files.writeString(folder.resolve(String.format("m%05d.eml", i)), "From: a" + i + "@example.org\nSubject: offer " + i
                    + "\nMessage-ID: <m" + i + "@example.org>\n\ncheap words " + i + " and more " + (i * 7) + "\n", StandardCharsets.US_ASCII);
        }
        Files.createSymbolicLink(folder.resolve("zzzz.eml"), dir.resolve("nothing-there"));
        return folder;
    }

    /**
     * {@code score FOLDER | head -1} scored the whole folder for no one before it ended with 141:
     * it read on to the end, where the link to nothing said "cannot read" and made it exit 1.
     * Stopped at the first write that finds head gone, it never gets there.
     */
    @Test
    void scoreStopsReadingAtTheFirstFailedWrite() throws Exception {
        Path db = dir.resolve("db");
        assertThat(new Cli(db).run("learn", "--spam", longMessage().toString()).exitCode()).isZero();
        Path folder = folderEndingInADanglingLink();
        Commands.Ran ran = intoHead("score", "--db", db.toString(), folder.toString());
        assertThat(new String(ran.err(), StandardCharsets.UTF_8)).as("the walk reached the folder's end").isEmpty();
        assertThat(ran.exit()).isEqualTo(141);
    }

    @Test
    void tokensStopsReadingAtTheFirstFailedWrite() throws Exception {
        Commands.Ran ran = intoHead("tokens", folderEndingInADanglingLink().toString());
        assertThat(new String(ran.err(), StandardCharsets.UTF_8)).as("the walk reached the folder's end").isEmpty();
        assertThat(ran.exit()).isEqualTo(141);
    }

    @Test
    void explainStopsReadingAtTheFirstFailedWrite() throws Exception {
        Path db = dir.resolve("db");
        assertThat(new Cli(db).run("learn", "--spam", longMessage().toString()).exitCode()).isZero();
        Commands.Ran ran = intoHead("explain", "--db", db.toString(), folderEndingInADanglingLink().toString());
        assertThat(new String(ran.err(), StandardCharsets.UTF_8)).as("the walk reached the folder's end").isEmpty();
        assertThat(ran.exit()).isEqualTo(141);
    }

    @Test
    void anMboxCollectedToStandardOutputStopsReadingAtTheFirstFailedWrite() throws Exception {
        Commands.Ran ran = intoHead("mbox", "collect", "-o", "-", folderEndingInADanglingLink().toString());
        assertThat(new String(ran.err(), StandardCharsets.UTF_8)).as("the walk reached the folder's end").isEmpty();
        assertThat(ran.exit()).isEqualTo(141);
    }

    /**
     * A quarantine of thousands of held items, more than a pipe holds once listed, and after them,
     * last in the listing's order, one whose sidecar is damaged, which list and show warn of once
     * they read it. The first and the last are made by the spool's own writer, as the gate holds
     * mail; those between are the same two files written without its fsyncs (three for each item,
     * which took 15 s or more of a loaded machine for nothing the test looks at). The ids, in order.
     */
    private List<String> quarantineEndingInADamagedSidecar(Path spool) throws Exception {
        org.bayard.core.quarantine.Spool s = org.bayard.core.quarantine.Spool.open(spool);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) ids.add(String.format("q%05d", i));
        ids.add("zzzz");
        byte[] sidecar = ("{\"received\":\"2026-11-20T00:00:00Z\",\"score\":0.97,\"from\":\"a@example.org\","
                + "\"rcpt\":[\"b@example.org\"],\"reason\":\"spam\"}").getBytes(StandardCharsets.UTF_8);
        for (String id : ids) {
            byte[] message = ("Subject: offer " + id + "\n\ncheap words\n").getBytes(StandardCharsets.US_ASCII);
            if (id.equals(ids.getFirst()) || id.equals(ids.getLast())) {
                s.hold(id, new java.io.ByteArrayInputStream(message), sidecar);
            } else {
                Files.write(spool.resolve(id + ".json"), sidecar);
                Files.write(spool.resolve(id + ".eml"), message);
            }
        }
        Files.writeString(spool.resolve("zzzz.json"), "{ damaged", StandardCharsets.US_ASCII);
        return ids;
    }

    /**
     * {@code quarantine list | head -1} listed every held item for no one before it ended with
     * 141: it read on to the last, whose damaged sidecar it warned of. Stopped at the first write
     * that finds head gone, it never gets there.
     */
    @Test
    void quarantineListStopsReadingAtTheFirstFailedWrite() throws Exception {
        Path spool = dir.resolve("spool");
        quarantineEndingInADamagedSidecar(spool);
        Commands.Ran ran = intoHead("quarantine", "list", "--db", dir.resolve("db").toString(), "--quarantine", spool.toString());
        assertThat(new String(ran.err(), StandardCharsets.UTF_8)).as("the listing reached the last item").isEmpty();
        assertThat(ran.exit()).isEqualTo(141);
    }

    @Test
    void quarantineShowStopsReadingAtTheFirstFailedWrite() throws Exception {
        Path spool = dir.resolve("spool");
        List<String> args = new ArrayList<>(List.of("quarantine", "show", "--db", dir.resolve("db").toString(), "--quarantine", spool.toString()));
        args.addAll(quarantineEndingInADamagedSidecar(spool));
        Commands.Ran ran = intoHead(args.toArray(String[]::new));
        assertThat(new String(ran.err(), StandardCharsets.UTF_8)).as("show reached the last item").isEmpty();
        assertThat(ran.exit()).isEqualTo(141);
    }

    /**
     * {@code db export - | head -1} wrote the whole dump into the broken pipe, a failed write(2) for
     * each of its buffers, as strace shows them; stopped, it tries once.
     */
    @Test
    void anExportStopsAtTheFirstFailedWrite() throws Exception {
        Path db = dir.resolve("db");
        for (int m = 0; m < 20; m++) {
            StringBuilder b = new StringBuilder("From: a@example.org\nSubject: words " + m + "\nMessage-ID: <w" + m + "@example.org>\n\n");
            for (int i = 0; i < 15_000; i++) b.append("w").append(m).append('x').append(i).append(' ');
            Path message = Files.writeString(dir.resolve("w" + m + ".eml"), b.append('\n').toString(), StandardCharsets.US_ASCII);
            assertThat(new Cli(db).run("learn", "--spam", message.toString()).exitCode()).isZero();
        }
        Path trace = dir.resolve("trace.txt");
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "\"$@\" | head -1 >/dev/null; exit ${PIPESTATUS[0]}", "bash",
                "strace", "-f", "-qq", "-e", "trace=write", "-e", "status=failed", "-o", trace.toString()));
        cmd.addAll(ChildJvm.bayard(List.of(), "db", "export", "--db", db.toString(), "-").command());
        Path err = dir.resolve("err.txt");
        Commands.Ran ran = Commands.run(new ProcessBuilder(cmd).redirectError(err.toFile()), 300);
        assertThat(ran.timedOut()).isFalse();
        assertThat(Files.readString(err)).isEmpty();
        assertThat(ran.exit()).isEqualTo(141);
        long failed = Files.readAllLines(trace).stream().filter(line -> line.contains("EPIPE")).count();
        assertThat(failed).as("writes into the broken pipe").isBetween(1L, 2L);
    }

    @Test
    void aFullOutputIsStillSaid() throws Exception {
        List<String> cmd = ChildJvm.bayard(List.of(), "tokens", longMessage().toString()).command();
        Path err = dir.resolve("err.txt");
        Commands.Ran ran = Commands.run(new ProcessBuilder(cmd).redirectOutput(new java.io.File("/dev/full")).redirectError(err.toFile()), 120);
        assertThat(ran.exit()).isEqualTo(1);
        assertThat(Files.readString(err)).startsWith("bayard: cannot write to standard output");
    }
}
