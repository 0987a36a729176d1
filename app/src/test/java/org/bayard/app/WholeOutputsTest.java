package org.bayard.app;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tte} and {@code mbox split} write their outputs whole or not at all: stopped by an
 * error midway or by SIGTERM, they leave no partial file and no temporary, and the files of an
 * earlier run as they were. They used to leave the messages split so far, or a new tte.log
 * beside the culled mailboxes of the run before.
 */
class WholeOutputsTest {
    private static final Path HAM = Path.of("../samples/ham.mbox");
    private static final Path SPAM = Path.of("../samples/spam.mbox");
    private static final Map<String, String> EARLIER_TTE = Map.of("tte.log", "the earlier run's log\n",
            "ham.mbox.cull", "the earlier run's ham\n", "spam.mbox.cull", "the earlier run's spam\n");

    @TempDir Path dir;

    private static String message(int i) {
        return "From x@example.com Thu Jan  1 00:00:00 2002\nSubject: m" + i + "\nMessage-ID: <m" + i + "@x>\n\nbody " + i + "\n\n";
    }

    /** Every file in the folder, hidden ones included, with its content. */
    private static Map<String, String> files(Path folder) throws IOException {
        Map<String, String> all = new TreeMap<>();
        for (Path p : list(folder)) all.put(p.getFileName().toString(), Files.readString(p, ISO_8859_1));
        return all;
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        }
    }

    private Path folderWith(Map<String, String> contents) throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        for (Map.Entry<String, String> e : contents.entrySet()) Files.writeString(out.resolve(e.getKey()), e.getValue());
        return out;
    }

    /** A read error after two messages left 00001.eml and 00002.eml; a second try then refused the folder for them. */
    @Test
    void splitThatFailsMidwayWritesNoMessageFile() throws IOException {
        Path out = folderWith(Map.of("notes.txt", "mine"));
        Cli.Result r = splitFailingAfterTwoMessages(out);
        assertThat(files(out)).isEqualTo(Map.of("notes.txt", "mine"));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).contains("Input/output error").contains("none was written").doesNotContain("Exception");
    }

    /** The folders the split made for its messages used to stay behind, empty. */
    @Test
    void splitThatFailsMidwayTakesBackTheFoldersItMade() throws IOException {
        Path out = dir.resolve("new/nested");
        Cli.Result r = splitFailingAfterTwoMessages(out);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(dir.resolve("new")).doesNotExist();
    }

    private Cli.Result splitFailingAfterTwoMessages(Path out) {
        InputStream failing = new SequenceInputStream(
                new ByteArrayInputStream((message(1) + message(2) + message(3)).getBytes(US_ASCII)), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("Input/output error");
                    }
                });
        return new Cli(dir.resolve("db")).runWithInput(failing, "mbox", "split", "-", "-o", out.toString());
    }

    @Test
    void splitOfAnEmptyMailboxMakesItsFolder() throws IOException {
        Path out = dir.resolve("new/nested");
        Cli.Result r = new Cli(dir.resolve("db")).runWithInput(new ByteArrayInputStream(new byte[0]), "mbox", "split", "-", "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void splitStoppedBySigtermLeavesNoMessageFile() throws Exception {
        Path out = folderWith(Map.of("notes.txt", "mine"));
        stopBySigtermAfterTwoMessages(out, 3);
        assertThat(files(out)).isEqualTo(Map.of("notes.txt", "mine"));
    }

    @Test
    void splitStoppedBySigtermTakesBackTheFoldersItMade() throws Exception {
        Path out = dir.resolve("new/nested");
        stopBySigtermAfterTwoMessages(out, 2);
        assertThat(dir.resolve("new")).doesNotExist();
    }

    /** Stops a split with SIGTERM once {@code out} holds {@code files} files (the two messages' temporaries among them). */
    private void stopBySigtermAfterTwoMessages(Path out, int files) throws Exception {
        Process child = ChildJvm.bayard(List.of(), "mbox", "split", "-", "-o", out.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            OutputStream stdin = child.getOutputStream();
            stdin.write((message(1) + message(2) + message(3)).getBytes(US_ASCII));
            stdin.flush(); // and left open: the split waits there for the end of the third message
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((!Files.isDirectory(out) || list(out).size() < files) && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(list(out)).as("the first two messages, written").hasSize(files);
            // SIGTERM, as systemd or kill send it. (Process.destroy would also close the child's stdin:
            // an end of input that can reach the split before the signal does.)
            child.toHandle().destroy();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            ChildJvm.kill(child); // waiting on its stdin for ever, should an assertion fail first
        }
    }

    /** The spam mailbox changes while tte runs: it stops after writing the ham cull, which used to stay, with the new log. */
    @Test
    void tteThatFailsMidwayLeavesTheEarlierRunsFiles() throws IOException {
        Path out = folderWith(EARLIER_TTE);
        Path spam = Files.copy(SPAM, dir.resolve("spam.mbox"));
        String writingSpamCull = "writing " + out.resolve("spam.mbox.cull");
        OutputStream stdout = onLine(writingSpamCull, () -> Files.writeString(spam, message(1), StandardOpenOption.APPEND));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AppContext ctx = new AppContext(InputStream.nullInputStream(), new PrintStream(stdout, true, UTF_8),
                new PrintStream(err, true, UTF_8), Map.of(), Clock.systemUTC(), false);
        int rc = Main.run(ctx, "tte", "--db", dir.resolve("db").toString(), "--ham", HAM.toString(), "--spam", spam.toString(),
                "--out", out.toString());
        assertThat(rc).as(err.toString(UTF_8)).isEqualTo(1);
        assertThat(err.toString(UTF_8)).contains("changed while tte ran");
        assertThat(files(out)).isEqualTo(EARLIER_TTE);
    }

    /**
     * The store fails tte at its end: another process learns into the empty store while tte writes
     * its culled mailboxes, so tte's model is not put in ("the store is as it was"). The log and
     * the culls of that run had already replaced the earlier run's, describing a model the store
     * does not hold.
     */
    @Test
    void tteWhoseModelTheStoreRefusesLeavesTheEarlierRunsFiles() throws Exception {
        Path out = folderWith(EARLIER_TTE);
        Path db = dir.resolve("db");
        Path other = Files.writeString(dir.resolve("other.eml"), message(99));
        String writingSpamCull = "writing " + out.resolve("spam.mbox.cull");
        List<Integer> learnedMeanwhile = new java.util.ArrayList<>();
        OutputStream stdout = onLine(writingSpamCull, () -> learnedMeanwhile.add(learnInAnotherProcess(db, other)));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AppContext ctx = new AppContext(InputStream.nullInputStream(), new PrintStream(stdout, true, UTF_8),
                new PrintStream(err, true, UTF_8), Map.of(), Clock.systemUTC(), false);
        int rc = Main.run(ctx, "tte", "--db", db.toString(), "--ham", HAM.toString(), "--spam", SPAM.toString(), "--out", out.toString());
        assertThat(learnedMeanwhile).as("the learn of another process").containsExactly(0);
        assertThat(rc).as(err.toString(UTF_8)).isEqualTo(1);
        assertThat(err.toString(UTF_8)).contains("tte's model was not put in");
        assertThat(files(out)).isEqualTo(EARLIER_TTE);
    }

    /** Something done while tte runs, at the moment it prints a given line. */
    private interface Meanwhile {
        void run() throws IOException;
    }

    /** Standard output that runs {@code meanwhile} when tte prints {@code wanted} as a line of its own. */
    private static OutputStream onLine(String wanted, Meanwhile meanwhile) {
        return new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(int b) throws IOException {
                if (b != '\n') {
                    line.append((char) b);
                    return;
                }
                if (line.toString().equals(wanted)) meanwhile.run();
                line.setLength(0);
            }
        };
    }

    private static int learnInAnotherProcess(Path db, Path message) {
        try {
            return Commands.run(ChildJvm.bayard(List.of(), "learn", "--ham", "--db", db.toString(), message.toString())
                    .redirectErrorStream(true), 120).exit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The ham comes through a named pipe: tte reads it once to train, and its second read, for the
     * culled mailbox, waits for a writer that never comes. There it gets SIGTERM.
     */
    @Test
    void tteStoppedBySigtermLeavesTheEarlierRunsFiles() throws Exception {
        Path out = folderWith(EARLIER_TTE);
        Path fifo = dir.resolve("ham.fifo");
        assertThat(Commands.run("mkfifo", fifo.toString()).exit()).isZero();
        Process child = ChildJvm.bayard(List.of(), "tte", "--db", dir.resolve("db").toString(), "--ham", fifo.toString(),
                "--spam", SPAM.toString(), "--out", out.toString()).redirectErrorStream(true).start();
        try {
            CompletableFuture<Void> fed = CompletableFuture.runAsync(() -> {
                try (OutputStream pipe = Files.newOutputStream(fifo)) {
                    Files.copy(HAM, pipe);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String waitingAt = "writing " + out.resolve("ham.mbox.cull");
            StringBuilder printed = new StringBuilder();
            Commands.Lines lines = Commands.linesOf(child); // each line waited for with a limit
            for (String line; (line = lines.next(60)) != null && !line.equals(waitingAt); ) printed.append(line).append('\n');
            assertThat(child.isAlive()).as(printed.toString()).isTrue();
            fed.get(60, TimeUnit.SECONDS);
            child.toHandle().destroy(); // SIGTERM
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            ChildJvm.kill(child); // should an assertion fail first
        }
        assertThat(files(out)).isEqualTo(EARLIER_TTE);
    }
}
