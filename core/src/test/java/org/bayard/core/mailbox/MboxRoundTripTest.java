package org.bayard.core.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bayard.core.mailbox.Bytes.of;
import static org.bayard.core.mailbox.Bytes.oneByteAtATime;
import static org.bayard.core.mailbox.Bytes.text;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MboxRoundTripTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-08-02T13:17:22Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static byte[] write(List<byte[]> messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MboxWriter w = new MboxWriter(out, CLOCK)) {
            for (byte[] m : messages) w.write(m);
        }
        return out.toByteArray();
    }

    private static List<String> read(InputStream in) {
        List<String> out = new ArrayList<>();
        MboxReader.mbox(in, "box", MailInputs.DEFAULT_MAX_MESSAGE_BYTES).forEachRemaining(m -> {
            assertThat(m.anomalies()).as(m.origin()).isEmpty();
            out.add(text(m.bytes()));
        });
        return out;
    }

    private static List<String> roundTrip(String... messages) throws IOException {
        return read(new ByteArrayInputStream(write(Arrays.stream(messages).map(Bytes::of).toList())));
    }

    @Test
    void separatorIsMailerDaemonWithAsctimeFromTheInjectedClock() throws IOException {
        assertThat(text(write(List.of(of("A: 1\n\nbody\n")))))
                .isEqualTo("From MAILER-DAEMON Sat Aug  2 13:17:22 2025\nA: 1\n\nbody\n\n");
    }

    @Test
    void fromLinesInBodyAreEscapedWithOneMoreGreaterThanSign() throws IOException {
        assertThat(text(write(List.of(of("From a\n>From b\n>>From c\nFrom\nx From d\n")))))
                .endsWith("\n>From a\n>>From b\n>>>From c\nFrom\nx From d\n\n");
    }

    @Test
    void fromLinesInBodyRoundTripByteExact() throws IOException {
        String m1 = "From evil\n\nFrom again\n>From quoted\n>>>From deep\n";
        String m2 = "\nFrom x\n\n\nFrom y\n\n";
        assertThat(roundTrip(m1, m2, m1)).containsExactly(m1, m2, m1);
    }

    @Test
    void crlfMessagesRoundTripByteExact() throws IOException {
        String m = "Subject: x\r\n\r\nFrom here\r\n\r\n>From there\r\n\r\n";
        assertThat(roundTrip(m, m)).containsExactly(m, m);
    }

    @Test
    void messageWithoutTrailingNewlineGetsOne() throws IOException {
        assertThat(roundTrip("no newline", "cr only\r", "fine\n")).containsExactly("no newline\n", "cr only\r\n", "fine\n");
    }

    @Test
    void emptyMessagesStayEmpty() throws IOException {
        assertThat(roundTrip("", "x\n", "", "")).containsExactly("", "x\n", "", "");
    }

    @Test
    void loneMessageRoundTripsThroughTheMboxReader() throws IOException {
        assertThat(roundTrip("From x\n")).containsExactly("From x\n");
    }

    /** The reader trusts a Content-Length only where it ends at a separator, which escaping keeps out of bodies. */
    @Test
    void messagesCarryingAContentLengthRoundTripWhetherItIsRightOrNot() throws IOException {
        String body = "x\n\ny\n";
        String escaped = "From a\n\nFrom b\n";
        String right = "Content-Length: " + body.length() + "\n\n" + body;
        String rightBeforeEscaping = "Content-Length: " + escaped.length() + "\n\n" + escaped;
        String tooShort = "Content-Length: 2\n\n" + body;
        String tooLong = "Content-Length: 4000\n\n" + body;
        String notANumber = "Content-Length: -1\n\n" + body;
        String inAPart = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Length: 0\n\nFrom a\n\n--b--\n";
        String[] messages = {right, rightBeforeEscaping, tooShort, tooLong, notANumber, inAPart, right};
        assertThat(roundTrip(messages)).containsExactly(messages);
    }

    /**
     * Random messages built from the pieces that break mbox framing: From lines with and
     * without quoting, blank lines in both line-end styles, bare CRs, missing final newlines,
     * empty messages, and arbitrary bytes. Read back whole, one byte at a time, and through
     * {@link MailInputs} from a file.
     */
    @Test
    void randomMessagesRoundTripByteExact() throws IOException {
        Random random = new Random(20240917L);
        String[] pieces = {"From ", ">From ", ">>From ", "From", ">", "F", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n",
            "Subject: hi", " ", "x", "From MAILER-DAEMON Sat Aug  2 13:17:22 2025\n"};
        List<byte[]> messages = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            int parts = random.nextInt(4) == 0 ? 0 : random.nextInt(40);
            for (int p = 0; p < parts; p++) {
                if (random.nextInt(5) == 0) {
                    byte[] noise = new byte[random.nextInt(30)];
                    random.nextBytes(noise);
                    m.writeBytes(noise);
                } else {
                    m.writeBytes(of(pieces[random.nextInt(pieces.length)]));
                }
            }
            byte[] bytes = m.toByteArray();
            messages.add(bytes);
            boolean needsNewline = bytes.length > 0 && bytes[bytes.length - 1] != '\n';
            expected.add(text(bytes) + (needsNewline ? "\n" : ""));
        }
        byte[] mbox = write(messages);

        assertThat(read(new ByteArrayInputStream(mbox))).isEqualTo(expected);
        assertThat(read(oneByteAtATime(new ByteArrayInputStream(mbox)))).isEqualTo(expected);

        Path file = dir.resolve("random.mbox");
        Files.write(file, mbox);
        List<String> viaInputs = new ArrayList<>();
        try (MailInputs inputs = new MailInputs(List.of(file.toString()), InputStream.nullInputStream())) {
            inputs.forEachRemaining(r -> viaInputs.add(text(r.bytes())));
        }
        assertThat(viaInputs).isEqualTo(expected);
    }

    @Test
    void appendingToAFileThatLacksTheFinalBlankLineKeepsItsLastMessageIntact() throws IOException {
        Path box = dir.resolve("old.mbox");
        Files.write(box, of("From a\nold one\n\nFrom b\nold two"));
        try (MboxWriter w = MboxWriter.appendTo(box, CLOCK)) {
            w.write(new RawMessage("x", of("new\n")));
            w.commit();
        }
        assertThat(read(Files.newInputStream(box))).containsExactly("old one\n", "old two\n", "new\n");
    }

    @Test
    void appendingToAFileThatEndsInABlankLineAddsNoneAndMissingFileIsCreated() throws IOException {
        Path box = dir.resolve("new.mbox");
        for (int i = 0; i < 3; i++) {
            try (MboxWriter w = MboxWriter.appendTo(box, CLOCK)) {
                w.write(of("m" + i + "\r\n\r\n"));
                w.commit();
            }
        }
        assertThat(read(Files.newInputStream(box))).containsExactly("m0\r\n\r\n", "m1\r\n\r\n", "m2\r\n\r\n");
    }

    /**
     * An Error while a message is being appended (the heap running out as its stream is read) left
     * that message's first part in the mailbox, cut off: the writer took only an IOException or a
     * RuntimeException for a failed run, so close() kept what had been written. Now the run is undone
     * as for any failure, and the mailbox is as it was.
     */
    @Test
    void anErrorHalfWayThroughAnAppendedMessageLeavesTheMailboxAsItWas() throws IOException {
        Path box = dir.resolve("user.mbox");
        Files.write(box, of("From a\nold one\n\n"));
        byte[] before = Files.readAllBytes(box);
        InputStream outOfHeapHalfWay = new InputStream() {
            private int read;

            @Override
            public int read() {
                if (read++ == 100) throw new OutOfMemoryError("Java heap space");
                return 'x';
            }
        };

        assertThatThrownBy(() -> {
            try (MboxWriter w = MboxWriter.appendTo(box, CLOCK)) {
                w.write(of("a whole message\n"));
                w.write(outOfHeapHalfWay);
                w.commit();
            }
        }).isInstanceOf(OutOfMemoryError.class);

        assertThat(Files.readAllBytes(box)).isEqualTo(before);
    }

    /**
     * A run whose caller failed between two writes (out of heap reading its next message, in
     * {@code mbox collect --append}) kept the messages written before, a part of the run: the
     * writer saw no failure of its own, and its close flushed them and kept them. Only a commit
     * keeps a run now.
     */
    @Test
    void aRunClosedWithoutItsCommitLeavesTheMailboxAsItWas() throws IOException {
        Path box = dir.resolve("user.mbox");
        Files.write(box, of("From a\nold one\n\n"));
        byte[] before = Files.readAllBytes(box);

        assertThatThrownBy(() -> {
            try (MboxWriter w = MboxWriter.appendTo(box, CLOCK)) {
                for (int i = 0; i < 2000; i++) w.write(of("message " + i + ", " + "x".repeat(100) + "\n")); // past the buffer
                throw new OutOfMemoryError("Java heap space"); // the caller's own step
            }
        }).isInstanceOf(OutOfMemoryError.class);

        assertThat(Files.readAllBytes(box)).isEqualTo(before);
    }
}
