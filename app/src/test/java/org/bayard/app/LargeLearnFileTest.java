package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bayard learn}, {@code unlearn} and {@code forget} on message files larger than the
 * 64 MiB a message was read to. They read each file into the heap, cut it there with a warning,
 * and learned the cut message: another identity than the whole one's (a later forget or relearn
 * of the whole message, or serve's learning of it, missed it), and a heap smaller than the cut
 * ran out. A message file is now read from a stream, as trap reads one; a message in a mailbox,
 * which cannot be, is not learned cut, as trap does.
 */
class LargeLearnFileTest {
    private static final long LARGE = 80_000_000;
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    @Test
    void aMessageFileLargerThanTheHeapIsLearnedWholeAndForgottenInASmallHeap() throws Exception {
        Path big = message(tmp.resolve("big.eml"), "<big@spam.example>", LARGE);

        ChildJvm.Run learned = bayard("-Xmx64m", null, "learn", "--spam", big.toString());
        assertThat(learned.exit()).as(learned.said()).isZero();
        assertThat(learned.said()).contains("learn spam: 1 message (1 learned)").doesNotContain("warning", "OutOfMemoryError");
        assertThat(InterruptedRuns.ledgerSize(tmp.resolve("db"))).isEqualTo(1);

        ChildJvm.Run forgotten = bayard("-Xmx64m", null, "forget", big.toString());
        assertThat(forgotten.exit()).as(forgotten.said()).isZero();
        assertThat(forgotten.said()).contains("1 unlearned").doesNotContain("warning", "OutOfMemoryError");
        assertThat(InterruptedRuns.ledgerSize(tmp.resolve("db"))).as("the whole message's identity, found again").isZero();
    }

    /**
     * A file read from a stream is learned under the identity the same message gets when it is
     * read whole (here from a mailbox of two, as train and the in-heap path read it): forgetting
     * it from there takes it out. Also a lone message that begins with an mbox {@code From } line.
     * A stream that digested either otherwise would leave it counted for good.
     */
    @Test
    void aStreamedMessageHasTheIdentityOfTheSameMessageReadWhole() throws Exception {
        Path file = message(tmp.resolve("ten.eml"), "<ten@spam.example>", 10_000_000);
        Path lone = tmp.resolve("eleven.mbox");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(lone), 1 << 16)) {
            LargeTrapReportTest.write(out, "From seller@spam.example Tue Jan  2 10:11:12 2024\r\n");
            LargeTrapReportTest.bigMessage(out, "<eleven@spam.example>", 11_000_000);
        }
        Path box = tmp.resolve("both.mbox");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(box), 1 << 16)) {
            LargeTrapReportTest.write(out, "From seller@spam.example Tue Jan  2 10:11:12 2024\r\n");
            Files.copy(file, out);
            LargeTrapReportTest.write(out, "\r\n");
            Files.copy(lone, out);
        }

        ChildJvm.Run learned = bayard("-Xmx256m", null, "learn", "--spam", file.toString(), lone.toString());
        assertThat(learned.said()).contains("2 learned");
        ChildJvm.Run forgotten = bayard("-Xmx256m", null, "forget", box.toString());
        assertThat(forgotten.said()).contains("2 messages (2 unlearned)");
        assertThat(InterruptedRuns.ledgerSize(tmp.resolve("db"))).isZero();
    }

    /**
     * A lone message in a file that begins with an mbox {@code From } line, as a mail client
     * saves one, is streamed as any other message file: it was read up to 64 MiB into the heap
     * first, to find out it was alone, and ran a 64 MB heap out.
     */
    @Test
    void aLoneMessageThatBeginsWithAFromLineIsLearnedWholeInASmallHeap() throws Exception {
        Path big = tmp.resolve("saved.mbox");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(big), 1 << 16)) {
            LargeTrapReportTest.write(out, "From seller@spam.example Tue Jan  2 10:11:12 2024\n");
            LargeTrapReportTest.bigMessage(out, "<saved@spam.example>", LARGE);
        }

        ChildJvm.Run learned = bayard("-Xmx64m", null, "learn", "--spam", big.toString());
        assertThat(learned.exit()).as(learned.said()).isZero();
        assertThat(learned.said()).contains("learn spam: 1 message (1 learned)").doesNotContain("warning", "OutOfMemoryError");
        ChildJvm.Run again = bayard("-Xmx64m", null, "trap", "--spam", big.toString());
        assertThat(again.exit()).as(again.said()).isZero();
        assertThat(again.said()).contains("1 already").doesNotContain("warning", "OutOfMemoryError");
        assertThat(InterruptedRuns.ledgerSize(tmp.resolve("db"))).isEqualTo(1);
    }

    /** Standard input as large, as a delivery pipes it: copied to a temporary file, learned whole from there, the copy removed. */
    @Test
    void aLargeMessageOnStandardInputIsLearnedWholeAndItsCopyRemoved() throws Exception {
        Path big = message(tmp.resolve("big.eml"), "<big@spam.example>", LARGE);
        Path temp = Files.createDirectory(tmp.resolve("temp"));

        ChildJvm.Run r = bayard("-Xmx64m", big, "learn", "--spam", "-", "-Djava.io.tmpdir=" + temp);
        assertThat(r.exit()).as(r.said()).isZero();
        assertThat(r.said()).contains("1 learned").doesNotContain("warning", "OutOfMemoryError");
        assertThat(InterruptedRuns.ledgerSize(tmp.resolve("db"))).isEqualTo(1);
        try (var left = Files.list(temp)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("bayard-stdin-")).toList()).isEmpty();
        }
    }

    /**
     * A message larger than 64 MiB inside a mailbox is read only that far: it is not learned
     * rather than learned cut, in the words trap uses, the others are learned, and the exit code
     * is 1. It was learned cut, with a warning, and the run ended 0.
     */
    @Test
    void aMessageTooLargeInAMailboxIsNotLearnedCutAndTheExitCodeSaysSo() throws Exception {
        Path box = LargeTrapReportTest.mboxWithAHugeMessage(tmp.resolve("spam.mbox"), "seller@spam.example");

        ChildJvm.Run r = bayard("-Xmx256m", null, "learn", "--spam", box.toString());
        assertThat(r.exit()).as(r.said()).isEqualTo(1);
        assertThat(r.said()).contains(box + "#1: longer than 67108864 bytes, the most a message in a mailbox or a pipe is read;"
                + " not learned", "learn spam: 1 message (1 learned); 1 message too large to learn (see the warnings)");
        assertThat(InterruptedRuns.ledgerSize(tmp.resolve("db"))).as("the small one alone").isEqualTo(1);

        ChildJvm.Run u = bayard("-Xmx256m", null, "unlearn", box.toString());
        assertThat(u.exit()).as(u.said()).isEqualTo(1);
        assertThat(u.said()).contains("#1: longer than 67108864 bytes", "not unlearned", "1 message too large to unlearn");
        assertThat(InterruptedRuns.ledgerSize(tmp.resolve("db"))).isZero();
    }

    /** A message of {@code bytes} or a little more, one file. */
    private static Path message(Path file, String messageId, long bytes) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            LargeTrapReportTest.bigMessage(out, messageId, bytes);
        }
        return file;
    }

    /** {@code bayard ARGS --db DB} with this heap, {@code stdin} its standard input when not null; JVM options after a "-D" argument's position are taken as such. */
    private ChildJvm.Run bayard(String heap, Path stdin, String... args) throws Exception {
        Path printed = tmp.resolve("out.txt");
        List<String> options = new ArrayList<>(List.of(heap, "-XX:+ExitOnOutOfMemoryError"));
        List<String> command = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("-D")) options.add(a);
            else command.add(a);
        }
        command.addAll(1, List.of("--db", tmp.resolve("db").toString()));
        return ChildJvm.run(processes, printed, stdin, options, command.toArray(String[]::new));
    }

}
