package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bayard trap} on reports larger than the 64 MiB a message read from a file is cut to.
 * Serve learns a trap's mail from a stream; the command read each file into the heap, cut at
 * 64 MiB, and learned what was left of the report: the attached message the cut fell in was
 * learned cut (another identity than the message's, and its end missing), those after it were
 * lost, and a heap smaller than the cut ran out. A message file is now learned from a stream;
 * a message in a mailbox, which cannot be, is not learned cut, and stderr says why.
 */
class LargeTrapFileTest {
    private static final int ATTACHED_BYTES = 40_000_000;
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    @Test
    void aReportFileOfTwoLargeForwardsIsLearnedWholeInASmallHeap() throws Exception {
        Path report = reportOfTwoLargeForwards();

        ChildJvm.Run r = trap("-Xmx64m", report.toString(), null);
        assertThat(r.exit()).as(r.said()).isZero();
        assertThat(r.said()).contains("2 learned").doesNotContain("warning", "OutOfMemoryError");
        assertThat(InterruptedRuns.ledgerSize(tmp.resolve("db"))).as("both forwarded messages, whole").isEqualTo(2);
    }

    /**
     * The same report piped in, as a trap address's delivery to {@code bayard trap --spam -}
     * does: standard input can be read once, so it is copied to a temporary file and learned
     * from there, and the copy is gone afterwards.
     */
    @Test
    void aLargeReportOnStandardInputIsLearnedWholeAndItsCopyRemoved() throws Exception {
        Path report = reportOfTwoLargeForwards();
        Path temp = Files.createDirectory(tmp.resolve("temp"));

        ChildJvm.Run r = trap("-Xmx64m", "-", report, "-Djava.io.tmpdir=" + temp);
        assertThat(r.exit()).as(r.said()).isZero();
        assertThat(r.said()).contains("2 learned").doesNotContain("warning", "OutOfMemoryError");
        assertThat(InterruptedRuns.ledgerSize(tmp.resolve("db"))).isEqualTo(2);
        try (var left = Files.list(temp)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("bayard-stdin-")).toList()).isEmpty();
        }
    }

    /** A report of two forwarded spams of 40 MB each: more than the 64 MiB a message is read to. */
    private Path reportOfTwoLargeForwards() throws IOException {
        Path report = tmp.resolve("report.eml");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(report), 1 << 16)) {
            String boundary = "b0undary";
            LargeTrapReportTest.write(out, "From: reporter@example.net\r\nTo: trap@example.org\r\nSubject: two spams\r\n"
                    + "Message-ID: <report-1@example.net>\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n"
                    + "--" + boundary + "\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n");
            for (int n = 1; n <= 2; n++) {
                LargeTrapReportTest.write(out, "--" + boundary + "\r\nContent-Type: message/rfc822\r\n\r\n");
                LargeTrapReportTest.bigMessage(out, "<big-" + n + "@spam.example>", ATTACHED_BYTES);
            }
            LargeTrapReportTest.write(out, "--" + boundary + "--\r\n");
        }
        assertThat(Files.size(report)).isGreaterThan(64L << 20);
        return report;
    }

    /**
     * A message larger than 64 MiB inside a mailbox is read only that far, and a stream of it
     * alone is not to be had: it is not learned at all rather than learned cut, the run says so
     * in one line naming it and what to do, the other messages are learned, and the exit code is 1.
     */
    @Test
    void aMessageTooLargeInAMailboxIsNotLearnedCutAndStderrSaysSo() throws Exception {
        Path box = LargeTrapReportTest.mboxWithAHugeMessage(tmp.resolve("reports.mbox"), "reporter@example.net");

        ChildJvm.Run r = trap("-Xmx256m", box.toString(), null);
        assertThat(r.exit()).as(r.said()).isEqualTo(1);
        assertThat(r.said()).contains(box + "#1: longer than 67108864 bytes, the most a message in a mailbox or a pipe is read; not learned",
                "1 learned");
        assertThat(InterruptedRuns.ledgerSize(tmp.resolve("db"))).as("the small one alone").isEqualTo(1);
    }

    /** {@code bayard trap --spam PATH} with this heap (and JVM options), {@code stdin} its standard input when not null. */
    private ChildJvm.Run trap(String heap, String path, Path stdin, String... jvm) throws Exception {
        Path printed = tmp.resolve("out.txt");
        List<String> options = new java.util.ArrayList<>(List.of(heap, "-XX:+ExitOnOutOfMemoryError"));
        options.addAll(List.of(jvm));
        return ChildJvm.run(processes, printed, stdin, options, "trap", "--spam", "--db", tmp.resolve("db").toString(), path);
    }

}
