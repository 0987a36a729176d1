package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bayard train} on large messages, as {@code learn} reads them ({@link LargeLearnFileTest}).
 * Train read every message into the heap, cut at 64 MiB with a warning, and learned it cut: under
 * another identity than the whole message's (a later forget of it missed it), and a folder with
 * an 80 MB message ran a 64 MB heap out. A message file is now learned whole from a stream of
 * it; a message cut inside a mailbox is not learned, and said so.
 */
class LargeTrainFileTest {
    private static final long LARGE = 80_000_000;
    @TempDir static Path shared;
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    /**
     * A folder holding an 80 MB message between small ones, trained in a 64 MB heap in batches of
     * two: all learned, in the order given, and the large one under the identity forget finds.
     */
    @Test
    void aMessageFileLargerThanTheHeapIsTrainedWholeInAFolderInASmallHeap() throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("spam"));
        small(folder.resolve("1.eml"), "<one@spam.example>");
        Path big = folder.resolve("2.eml");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(big), 1 << 16)) {
            LargeTrapReportTest.bigMessage(out, "<big@spam.example>", LARGE);
        }
        small(folder.resolve("3.eml"), "<three@spam.example>");
        Path ham = small(tmp.resolve("ham.eml"), "<ham@ham.example>");

        ChildJvm.Run trained = bayard("train", "--batch", "2", "--threads", "2", "--ham", ham.toString(), "--spam", folder.toString(), "-v");
        assertThat(trained.exit()).as(trained.said()).isZero();
        assertThat(trained.said()).contains("train: 4 messages (4 learned)").doesNotContain("warning", "OutOfMemoryError");
        // reported in the order given, the streamed one in its place
        assertThat(trained.said()).containsSubsequence(ham + ": ham learned", folder.resolve("1.eml") + ": spam learned",
                big + ": spam learned", folder.resolve("3.eml") + ": spam learned");
        assertThat(InterruptedRuns.ledgerSize(tmp.resolve("db"))).isEqualTo(4);

        ChildJvm.Run forgotten = bayard("forget", big.toString());
        assertThat(forgotten.exit()).as(forgotten.said()).isZero();
        assertThat(forgotten.said()).contains("1 unlearned").doesNotContain("warning", "OutOfMemoryError");
        assertThat(InterruptedRuns.ledgerSize(tmp.resolve("db"))).as("the whole message's identity, found again").isEqualTo(3);
    }

    /**
     * A message larger than 64 MiB inside a mailbox is read only that far: not learned cut, with
     * learn's warning and summary note; the rest is learned and the exit code is 1, as for a path
     * that could not be read. It was learned cut, with a warning, and the run ended 0.
     */
    @Test
    void aMessageTooLargeInAMailboxIsNotTrainedCutAndTheExitCodeSaysSo() throws Exception {
        Path box = LargeTrapReportTest.mboxWithAHugeMessage(tmp.resolve("spam.mbox"), "seller@spam.example");
        Path ham = small(tmp.resolve("ham.eml"), "<ham@ham.example>");

        ChildJvm.Run r = bayard("train", "--ham", ham.toString(), "--spam", box.toString(), "-Xmx256m");
        assertThat(r.exit()).as(r.said()).isEqualTo(1);
        assertThat(r.said()).contains(box + "#1: longer than 67108864 bytes, the most a message in a mailbox or a pipe is read;"
                + " not learned (save it as a file of its own and name that file)", "train: 2 messages (2 learned) in ")
                .containsPattern("msg/s; 1 message too large to learn \\(see the warnings\\)\\n")
                .doesNotContain("only its first");
        assertThat(InterruptedRuns.ledgerSize(tmp.resolve("db"))).as("the ham and the small spam").isEqualTo(2);
    }

    /**
     * Ctrl-C of a train whose messages are small ones in mailboxes and files over 4 MiB between
     * them, read from streams: the summary counts exactly what the store kept, and a rerun finds
     * every message stored, streamed ones too, already learned and learns the rest. A streamed
     * message learned outside its batch, or under another identity than a rerun gives it, would
     * break one or the other.
     */
    @Test
    void anInterruptedTrainWithStreamedMessagesKeepsWholeBatchesAndARerunLearnsTheRest() throws Exception {
        List<String> paths = new ArrayList<>();
        for (int part = 0; part < 10; part++) {
            paths.add(mbox(tmp.resolve("part" + part + ".mbox"), part, 1_200).toString());
            Path big = tmp.resolve("big" + part + ".eml");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(big), 1 << 16)) {
                LargeTrapReportTest.bigMessage(out, "<big" + part + "@spam.example>", 5_000_000);
            }
            paths.add(big.toString());
        }
        Path db = tmp.resolve("db");
        Path printed = tmp.resolve("interrupted.txt");
        List<String> train = new ArrayList<>(List.of("train", "--batch", "20", "--spam"));
        train.addAll(paths);
        List<String> command = new ArrayList<>(train);
        command.addAll(1, List.of("--db", db.toString()));
        Process child = ChildJvm.bayard(List.of("-Xmx64m"), command.toArray(String[]::new))
                .redirectOutput(printed.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(child);
        InterruptedRuns.waitForLedger(db, child, 2_000); // past the first streamed message
        InterruptedRuns.stop(child, "INT");

        String said = Files.readString(printed);
        Matcher m = Pattern.compile("^train: (\\d+) messages \\(\\1 learned\\) stored before it was interrupted", Pattern.MULTILINE)
                .matcher(said);
        assertThat(m.find()).as(said).isTrue();
        long stored = InterruptedRuns.ledgerSize(db);
        assertThat(stored).as("interrupted midway").isGreaterThanOrEqualTo(2_000).isLessThan(12_010);
        assertThat(Long.parseLong(m.group(1))).as("exactly what the store kept").isEqualTo(stored);

        train.add(1, "-v");
        ChildJvm.Run again = bayard(train.toArray(String[]::new));
        assertThat(again.exit()).as(again.said()).isZero();
        assertThat(again.said()).contains("train: 12010 messages (" + (12_010 - stored) + " learned, " + stored + " already learned)")
                .contains(tmp.resolve("big0.eml") + ": spam already learned");
        assertThat(InterruptedRuns.ledgerSize(db)).isEqualTo(12_010);
    }

    /**
     * Message files over 4 MiB are read on the preparing threads: one that cannot be learned from
     * a stream (its header block is longer than what learning reads) is skipped with its warning,
     * counted as a path that could not be read (exit 1), and the rest, before and after it and in
     * the same batch, are learned in order. Its warning came before the summary only while such a
     * file was read on the thread that reads the inputs.
     */
    @Test
    void aStreamedFileThatCannotBeLearnedIsSkippedWithAWarningAndTheRestIsTrained() throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("spam"));
        small(folder.resolve("1.eml"), "<one@spam.example>");
        Path longHeader = folder.resolve("2.eml");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(longHeader), 1 << 16)) {
            LargeTrapReportTest.write(out, "X-Filler: padding padding padding\r\n".repeat(200));
            LargeTrapReportTest.bigMessage(out, "<long@spam.example>", 4_500_000);
        }
        Path big = folder.resolve("3.eml");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(big), 1 << 16)) {
            LargeTrapReportTest.bigMessage(out, "<big@spam.example>", 4_500_000);
        }
        small(folder.resolve("4.eml"), "<four@spam.example>");
        Path config = Files.writeString(tmp.resolve("bayard.yaml"), "limits:\n  max-scan-bytes: 4096\n");

        Cli.Result r = new Cli(tmp.resolve("db")).run("train", "-c", config.toString(), "--batch", "3", "--threads", "2", "-v",
                "--spam", folder.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err().lines().toList()).containsExactly("bayard: warning: " + longHeader
                + ": its header block is longer than limits.max-scan-bytes (4096 bytes), so it cannot be learned; skipped");
        assertThat(r.out().lines().toList()).startsWith(folder.resolve("1.eml") + ": spam learned", big + ": spam learned",
                folder.resolve("4.eml") + ": spam learned");
        assertThat(r.out()).containsPattern("train: 3 messages \\(3 learned\\) in .*; 1 path could not be read \\(see the warnings\\)");
        assertThat(InterruptedRuns.ledgerSize(tmp.resolve("db"))).isEqualTo(3);
    }

    /**
     * A folder of 24 message files of 5.5 MB, each of many distinct words, trained on 8 preparing
     * threads in a 64 MB heap: all learned. Prepared on the preparing threads, each of which kept
     * the feature table it had grown to a large message's size, they ran the heap out, which
     * preparing them all on the reading thread had not.
     */
    @Test
    void manyLargeMessageFilesTrainOnManyThreadsInASmallHeap() throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("spam"));
        for (int n = 0; n < 24; n++) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(folder.resolve(n + ".eml")), 1 << 16)) {
                manyWords(out, n, 5_500_000);
            }
        }
        ChildJvm.Run trained = bayard("train", "--batch", "500", "--threads", "8", "--spam", folder.toString());
        assertThat(trained.exit()).as(trained.said()).isZero();
        assertThat(trained.said()).contains("train: 24 messages (24 learned)").doesNotContain("warning", "OutOfMemoryError");
    }

    /**
     * A folder of 24 message files of 3.9 MB, read whole (under the 4 MiB from which a file is
     * streamed), trained on 8 preparing threads in a 64 MB heap: all learned. Each preparing
     * thread kept the copy that the longest body text it had split grew (a million chars, 2 MB),
     * so that 8 of them ran the heap out where 4 did not.
     */
    @Test
    void manyLargeMessageFilesReadWholeTrainOnManyThreadsInASmallHeap() throws Exception {
        assertLargeFilesReadWholeTrainIn64MB(8);
    }

    /**
     * The same on 16 threads: with the body's text given up after each message, the feature
     * sets that the threads' last large messages grew (about 1 MB each, kept until the thread's
     * next message) still ran the heap out.
     */
    @Test
    void manyLargeMessageFilesReadWholeTrainOnSixteenThreadsInASmallHeap() throws Exception {
        assertLargeFilesReadWholeTrainIn64MB(16);
    }

    private void assertLargeFilesReadWholeTrainIn64MB(int threads) throws Exception {
        Path folder = filesReadWhole();
        ChildJvm.Run trained = bayard("train", "--threads", String.valueOf(threads), "--spam", folder.toString());
        assertThat(trained.exit()).as(trained.said()).isZero();
        assertThat(trained.said()).contains("train: 24 messages (24 learned)").doesNotContain("warning", "OutOfMemoryError");
    }

    /**
     * The folder of 24 message files of 3.9 MB, written once for the tests that train from it into
     * stores of their own (each wrote its own copy, about 94 MB, a second or more of a loaded machine).
     */
    private static synchronized Path filesReadWhole() throws IOException {
        Path folder = shared.resolve("spam");
        if (Files.isDirectory(folder)) return folder;
        Path writing = Files.createDirectory(shared.resolve("spam.partial"));
        for (int n = 0; n < 24; n++) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(writing.resolve(n + ".eml")), 1 << 16)) {
                manyWords(out, n, 3_900_000);
            }
        }
        return Files.move(writing, folder);
    }

    /** A spam of about {@code bytes} whose words are drawn from many thousands, so that it has as many features as learning keeps. */
    private static void manyWords(OutputStream out, int n, long bytes) throws IOException {
        LargeTrapReportTest.write(out, "From: seller" + n + "@spam.example\r\nSubject: offer " + n + "\r\nMessage-ID: <many" + n
                + "@spam.example>\r\n\r\n");
        String[] words = {"cheap", "offer", "click", "here", "claim", "prize", "won", "limited", "time", "act", "now", "best",
            "price", "guaranteed", "pills", "casino", "loan", "credit", "free", "money", "deal", "save", "winner", "bonus", "refill"};
        Random random = new Random(n);
        StringBuilder line = new StringBuilder();
        for (long written = 0; written < bytes; written += line.length()) {
            line.setLength(0);
            for (int w = 0; w < 12; w++) line.append(words[random.nextInt(words.length)]).append(random.nextInt(3000)).append(' ');
            line.append("\r\n");
            LargeTrapReportTest.write(out, line.toString());
        }
    }

    /** An mbox of {@code count} small messages, distinct from those of every other {@code part}. */
    private static Path mbox(Path file, int part, int count) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String id = part + "-" + i;
            text.append("From sender@example.com Thu Jan  1 00:00:00 2002\nFrom: note").append(id)
                    .append("@example.com\nSubject: note ").append(id).append("\nMessage-ID: <note").append(id).append("@x>\n\n");
            for (int j = 0; j < 40; j++) text.append("word").append((i * 31 + j * 7 + part) % 900).append(j % 10 == 9 ? "\n" : " ");
            text.append("\n\n");
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }

    private static Path small(Path file, String messageId) throws IOException {
        Files.writeString(file, "From: someone@example.org\nSubject: a note " + messageId + "\nMessage-ID: " + messageId
                + "\n\nsome words for " + messageId + "\n", StandardCharsets.US_ASCII);
        return file;
    }

    /** {@code bayard ARGS --db DB} in a 64 MB heap unless an argument "-XmxN" says otherwise. */
    private ChildJvm.Run bayard(String... args) throws Exception {
        Path printed = tmp.resolve("out.txt");
        List<String> options = new ArrayList<>(List.of("-XX:+ExitOnOutOfMemoryError"));
        List<String> command = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("-Xmx")) options.add(a);
            else command.add(a);
        }
        if (options.stream().noneMatch(o -> o.startsWith("-Xmx"))) options.add("-Xmx64m");
        command.addAll(1, List.of("--db", tmp.resolve("db").toString()));
        return ChildJvm.run(processes, printed, null, options, command.toArray(String[]::new));
    }
}
