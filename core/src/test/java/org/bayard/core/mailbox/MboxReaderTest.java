package org.bayard.core.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.core.mailbox.Bytes.of;
import static org.bayard.core.mailbox.Bytes.oneByteAtATime;
import static org.bayard.core.mailbox.Bytes.text;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.bayard.core.mailbox.RawMessage.Anomaly;
import org.junit.jupiter.api.Test;

class MboxReaderTest {

    private static List<RawMessage> readAll(Iterator<RawMessage> reader) {
        List<RawMessage> out = new ArrayList<>();
        reader.forEachRemaining(out::add);
        return out;
    }

    private static List<RawMessage> mbox(String content) {
        return readAll(MboxReader.mbox(new ByteArrayInputStream(of(content)), "box", 1 << 20));
    }

    private static List<String> texts(List<RawMessage> messages) {
        return messages.stream().map(m -> text(m.bytes())).toList();
    }

    @Test
    void fromLineAfterBlankLineStartsNextMessageAndIsNotPartOfIt() {
        List<RawMessage> got = mbox("From a@x Mon Jan  1 00:00:00 2024\nA: 1\n\nbody\n\nFrom b@x Tue Jan  2 00:00:00 2024\nB: 2\n\nbody2\n");
        assertThat(texts(got)).containsExactly("A: 1\n\nbody\n", "B: 2\n\nbody2\n");
        assertThat(got).extracting(RawMessage::origin).containsExactly("box#1", "box#2");
        assertThat(got).allMatch(m -> m.anomalies().isEmpty());
    }

    @Test
    void fromLineWithoutBlankLineBeforeItStaysInTheBody() {
        assertThat(texts(mbox("From a\nx\nFrom b\n"))).containsExactly("x\nFrom b\n");
    }

    @Test
    void escapedFromLinesLoseExactlyOneGreaterThanSign() {
        assertThat(texts(mbox("From a\n>From x\n>>From y\n>Fromage\n> From z\nFrom w\n")))
                .containsExactly("From x\n>From y\n>Fromage\n> From z\nFrom w\n");
    }

    @Test
    void crlfLineEndsAreKeptAndACrlfBlankLineSeparates() {
        assertThat(texts(mbox("From a\r\nA: 1\r\n\r\nb\r\n\r\nFrom b\r\nc\r\n")))
                .containsExactly("A: 1\r\n\r\nb\r\n", "c\r\n");
    }

    @Test
    void onlyOneBlankLineBeforeSeparatorIsFraming() {
        assertThat(texts(mbox("From a\nx\n\n\n\nFrom b\n\n\n"))).containsExactly("x\n\n\n", "\n");
    }

    @Test
    void emptyMessagesAreKept() {
        assertThat(texts(mbox("From a\n\nFrom b\n\nFrom c\n"))).containsExactly("", "", "");
    }

    @Test
    void streamNotStartingWithFromIsOneMessageByteForByte() {
        String eml = "Subject: hi\r\n\r\nbody\n\nFrom x\n>From y\nno final newline";
        List<RawMessage> got = mbox(eml);
        assertThat(texts(got)).containsExactly(eml);
        assertThat(got.get(0).origin()).isEqualTo("box");
        assertThat(got.get(0).anomalies()).isEmpty();
    }

    @Test
    void emptyLinesBeforeTheFirstSeparatorAreFramingNotOneBigMessage() {
        assertThat(texts(mbox("\nFrom a\nA: 1\n\nx\n\nFrom b\nB: 2\n\ny\n"))).containsExactly("A: 1\n\nx\n", "B: 2\n\ny\n");
        assertThat(texts(mbox("\r\n\r\n\nFrom a\r\nA: 1\r\n\r\nx\r\n\r\nFrom b\r\ny\r\n"))).containsExactly("A: 1\r\n\r\nx\r\n", "y\r\n");
        List<RawMessage> slow = readAll(MboxReader.mbox(oneByteAtATime(new ByteArrayInputStream(of("\n\nFrom a\nx\n\nFrom b\ny\n"))), "box", 1 << 20));
        assertThat(texts(slow)).containsExactly("x\n", "y\n");
    }

    @Test
    void emptyLinesNotFollowedByASeparatorAreAMessageByteForByte() {
        assertThat(texts(mbox("\n\nSubject: s\n\nFrom x\n"))).containsExactly("\n\nSubject: s\n\nFrom x\n");
        assertThat(texts(mbox("\n\r\n"))).containsExactly("\n\r\n");
        String lines = "\n".repeat(200_000) + "From a\nx\n";
        assertThat(texts(mbox(lines))).containsExactly(lines);
    }

    @Test
    void emptyStreamIsOneEmptyMessage() {
        List<RawMessage> got = mbox("");
        assertThat(got).containsExactly(new RawMessage("box", new byte[0]));
    }

    @Test
    void unterminatedLastMessageIsYieldedAndFlagged() {
        List<RawMessage> got = mbox("From a\nx\n\nFrom b\nhalf a li");
        assertThat(texts(got)).containsExactly("x\n", "half a li");
        assertThat(got.get(0).anomalies()).isEmpty();
        assertThat(got.get(1).anomalies()).containsExactly(Anomaly.UNTERMINATED);
    }

    @Test
    void messageOverLimitIsCutAndFlaggedAndTheNextOneIsIntact() {
        String big = "x".repeat(100);
        var reader = MboxReader.mbox(new ByteArrayInputStream(of("From a\n" + big + "\n\nFrom b\nshort\n")), "box", 10);
        List<RawMessage> got = readAll(reader);
        assertThat(texts(got)).containsExactly("x".repeat(10), "short\n");
        assertThat(got.get(0).anomalies()).containsExactly(Anomaly.TRUNCATED);
        assertThat(got.get(1).anomalies()).isEmpty();
    }

    @Test
    void endlessLineIsCutWithoutHoldingIt() {
        InputStream endless = new InputStream() {
            long left = 50L << 20;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        var reader = MboxReader.mbox(new java.io.SequenceInputStream(new ByteArrayInputStream(of("From a\n")), endless), "box", 1000);
        RawMessage m = reader.next();
        assertThat(m.bytes()).hasSize(1000);
        assertThat(m.anomalies()).containsExactlyInAnyOrder(Anomaly.TRUNCATED, Anomaly.UNTERMINATED);
        assertThat(reader.hasNext()).isFalse();
    }

    @Test
    void separatorLineLongerThanTheBufferIsSkippedWhole() {
        assertThat(texts(mbox("From " + "a".repeat(200_000) + "\nbody\n\nFrom b\nnext\n"))).containsExactly("body\n", "next\n");
    }

    @Test
    void oneByteAtATimeReadsTheSameMessages() {
        String box = "From a\r\nA: 1\r\n\r\n>From b\r\n\r\nFrom c\nx\n\n\nFrom d\n>>From e\nFrom\n\nFrom f\ntail";
        List<RawMessage> slow = readAll(MboxReader.mbox(oneByteAtATime(new ByteArrayInputStream(of(box))), "box", 1 << 20));
        assertThat(slow).isEqualTo(mbox(box));
        assertThat(texts(slow)).containsExactly("A: 1\r\n\r\nFrom b\r\n", "x\n\n", ">From e\nFrom\n", "tail");
    }

    @Test
    void fileHoldingOneMessageWithEnvelopeIsYieldedByteForByte() {
        String one = "From a@x Mon Jan  1 00:00:00 2024\nSubject: s\n\n>From here\n\n";
        List<RawMessage> got = readAll(MboxReader.file(new ByteArrayInputStream(of(one)), "f.eml", 1 << 20));
        assertThat(got).containsExactly(new RawMessage("f.eml", of(one)));
        assertThat(texts(mbox(one))).containsExactly("Subject: s\n\nFrom here\n");
    }

    @Test
    void fileHoldingOneMessageWithEnvelopeAfterEmptyLinesIsThatMessageFromItsEnvelope() {
        String one = "From a@x Mon Jan  1 00:00:00 2024\nSubject: s\n\nbody\n";
        List<RawMessage> got = readAll(MboxReader.file(new ByteArrayInputStream(of("\n\n" + one)), "f.eml", 1 << 20));
        assertThat(got).containsExactly(new RawMessage("f.eml", of(one)));
    }

    @Test
    void fileHoldingSeveralMessagesIsSplitLikeAnyMbox() {
        String two = "From a\nx\n\nFrom b\ny\n";
        List<RawMessage> got = readAll(MboxReader.file(new ByteArrayInputStream(of(two)), "f", 1 << 20));
        assertThat(got).containsExactly(new RawMessage("f#1", of("x\n")), new RawMessage("f#2", of("y\n")));
    }

    @Test
    void loneMessageWithEnvelopeOverLimitIsCutFromTheStartOfTheFile() {
        var reader = MboxReader.file(new ByteArrayInputStream(of("From a\n" + "y".repeat(50) + "\n")), "f", 10);
        assertThat(readAll(reader)).containsExactly(new RawMessage("f", of("From a\nyyy"), Set.of(Anomaly.TRUNCATED)));
    }

    /** A message of an mboxcl2 mailbox: its body as is, unescaped, counted in a Content-Length field. */
    private static String counted(String envelope, String body, String eol) {
        return envelope + eol + "Subject: s" + eol + "Content-Length: " + body.length() + eol + eol + body;
    }

    private static String header(String body, String eol) {
        return "Subject: s" + eol + "Content-Length: " + body.length() + eol + eol;
    }

    /** Regression: mboxcl2 bodies are not escaped, and each From line after a blank line began a new message. */
    @Test
    void contentLengthThatEndsOnABlankLineAndASeparatorKeepsUnescapedFromLinesInTheBody() {
        String body1 = "hi\n\nFrom the desk of\n\nFrom now on\n";
        String body2 = "last\n\nFrom here\n";
        List<RawMessage> got = mbox(counted("From a", body1, "\n") + "\n" + counted("From b", body2, "\n") + "\n");
        assertThat(texts(got)).containsExactly(header(body1, "\n") + body1, header(body2, "\n") + body2);
        assertThat(got).allMatch(m -> m.anomalies().isEmpty());
    }

    @Test
    void contentLengthCountsCrlfBytesAsStored() {
        String body1 = "hi\r\n\r\nFrom the desk of\r\n";
        String body2 = "x\r\n\r\nFrom y\r\n";
        List<RawMessage> got = mbox(counted("From a", body1, "\r\n") + "\r\n" + counted("From b", body2, "\r\n") + "\r\n");
        assertThat(texts(got)).containsExactly(header(body1, "\r\n") + body1, header(body2, "\r\n") + body2);
    }

    @Test
    void contentLengthEndingExactlyAtTheEndOfTheStreamOrOnASeparatorWithoutBlankLineIsTrusted() {
        String body = "a\n\nFrom b\n";
        assertThat(texts(mbox(counted("From a", body, "\n")))).containsExactly(header(body, "\n") + body);
        assertThat(texts(mbox(counted("From a", body, "\n") + counted("From c", body, "\n"))))
                .containsExactly(header(body, "\n") + body, header(body, "\n") + body);
    }

    @Test
    void contentLengthOfZeroEndsTheMessageAtItsHeader() {
        // The blank line is the header's end, not framing: the length says no blank line follows the body.
        assertThat(texts(mbox("From a\nContent-Length: 0\n\nFrom b\nx\n"))).containsExactly("Content-Length: 0\n\n", "x\n");
        assertThat(texts(mbox("From a\nContent-Length: 0\n\n\nFrom b\nx\n"))).containsExactly("Content-Length: 0\n\n", "x\n");
    }

    @Test
    void wrongContentLengthFallsBackToFromLinesAndNeverSwallowsTheNextMessages() {
        String next = "\nFrom b\nB: 2\n\ny\n\nFrom c\nC: 3\n\nz\n";
        for (String value : List.of("3", "4", "100", "4000000000", "99999999999999999999999", "-5", "5x", "x", "", "0x5", "+5")) {
            List<RawMessage> got = mbox("From a\nContent-Length: " + value + "\n\nbody\n" + next);
            assertThat(texts(got)).as(value).containsExactly("Content-Length: " + value + "\n\nbody\n", "B: 2\n\ny\n", "C: 3\n\nz\n");
        }
    }

    @Test
    void contentLengthPastTheEndOfTheStreamFallsBackToFromLines() {
        assertThat(texts(mbox("From a\nContent-Length: 50\n\nx\n\nFrom b\ny\n"))).containsExactly("Content-Length: 50\n\nx\n", "y\n");
        assertThat(texts(mbox("From a\nContent-Length: 50\n\nx\n\nFrom b\ny"))).containsExactly("Content-Length: 50\n\nx\n", "y");
    }

    /** The bytes read ahead for a wrong length are read again, and may hold a right one. */
    @Test
    void messageAfterAWrongLengthIsFramedByItsOwnLength() {
        String box = "From a\nContent-Length: 500\n\nx\n\nFrom b\nContent-Length: 10\n\na\n\nFrom c\n\nFrom d\ny\n";
        List<String> expected = List.of("Content-Length: 500\n\nx\n", "Content-Length: 10\n\na\n\nFrom c\n", "y\n");
        assertThat(texts(mbox(box))).isEqualTo(expected);
        assertThat(texts(readAll(MboxReader.mbox(oneByteAtATime(new ByteArrayInputStream(of(box))), "box", 1 << 20)))).isEqualTo(expected);
        String big = "x".repeat(100_000) + "\n";
        String many = ("From a\nContent-Length: 7\n\n" + big + "\n").repeat(30);
        assertThat(texts(mbox(many))).hasSize(30).allMatch(t -> t.equals("Content-Length: 7\n\n" + big));
    }

    @Test
    void contentLengthEndingInsideALineIsNotTrusted() {
        assertThat(texts(mbox("From a\nContent-Length: 2\n\nab\n\nFrom c\ny\n"))).containsExactly("Content-Length: 2\n\nab\n", "y\n");
        assertThat(texts(mbox("From a\nContent-Length: 1\n\nxFrom b\n\nFrom c\ny\n"))).containsExactly("Content-Length: 1\n\nxFrom b\n", "y\n");
    }

    @Test
    void contentLengthInAMimePartHeaderIsNotTheMessagesLength() {
        // The part's field holds the length of the whole body: taken as the message's, it would be trusted.
        String body = "--b\nContent-Length: NN\n\nx\n\nFrom here\n\n--b--\n";
        body = body.replace("NN", String.valueOf(body.length()));
        String top = "Content-Type: multipart/mixed; boundary=b\n\n";
        assertThat(texts(mbox("From a\n" + top + body + "\nFrom c\ny\n")))
                .containsExactly(top + body.substring(0, body.indexOf("\nFrom here")), "\n--b--\n", "y\n");
    }

    @Test
    void contentLengthIsReadWhateverTheCaseAndSpacingOfTheField() {
        String body = "a\n\nFrom b\n";
        String box = "From a\ncontent-length:" + body.length() + " \t\nX: 1\n\n" + body + "\nFrom c\ny\n";
        assertThat(texts(mbox(box))).containsExactly("content-length:" + body.length() + " \t\nX: 1\n\n" + body, "y\n");
    }

    @Test
    void conflictingContentLengthFieldsAreNotUsed() {
        String body = "a\n\nFrom b\n";
        String box = "From a\nContent-Length: " + body.length() + "\nContent-Length: 2\n\n" + body + "\nFrom c\ny\n";
        assertThat(texts(mbox(box))).hasSize(3);
    }

    @Test
    void contentLengthMakingTheMessageLongerThanTheLimitIsNotUsed() {
        String body = "a\n\nFrom b\n" + "z".repeat(50) + "\n";
        var reader = MboxReader.mbox(new ByteArrayInputStream(of(counted("From a", body, "\n") + "\nFrom c\ny\n")), "box", 40);
        assertThat(texts(readAll(reader))).hasSize(3).last().isEqualTo("y\n");
    }

    @Test
    void contentLengthFramingReadOneByteAtATimeIsTheSame() {
        String box = counted("From a", "a\r\n\r\nFrom b\r\n", "\r\n") + "\r\n" + "From c\nContent-Length: 3\n\nxy\n\nFrom d\nD: 1\n\nd\n\n" + counted("From e", "\nFrom f\n", "\n");
        List<RawMessage> slow = readAll(MboxReader.mbox(oneByteAtATime(new ByteArrayInputStream(of(box))), "box", 1 << 20));
        assertThat(slow).isEqualTo(mbox(box));
        assertThat(slow).hasSize(4);
    }

    /** Mailboxes of right, wrong and odd lengths among From lines and blank lines: the pace of reading changes nothing. */
    @Test
    void randomCountedMailboxesReadTheSameOneByteAtATime() {
        java.util.Random random = new java.util.Random(20261123L);
        String[] pieces = {"From x\n", "\n", "\r\n", "From ", ">From y\n", "a\n", "Subject: s\n", "b", "\r"};
        for (int round = 0; round < 300; round++) {
            StringBuilder box = new StringBuilder("From a\n");
            int parts = random.nextInt(60);
            for (int i = 0; i < parts; i++) {
                if (random.nextInt(6) == 0) {
                    box.append("Content-Length: ").append(random.nextInt(25)).append(random.nextBoolean() ? "\n" : "\r\n");
                } else {
                    box.append(pieces[random.nextInt(pieces.length)]);
                }
            }
            String content = box.toString();
            List<RawMessage> slow = readAll(MboxReader.mbox(oneByteAtATime(new ByteArrayInputStream(of(content))), "box", 1 << 20));
            assertThat(slow).as(content).isEqualTo(mbox(content));
            int kept = slow.stream().mapToInt(m -> m.bytes().length).sum();
            assertThat(kept).as(content).isLessThanOrEqualTo(content.length());
        }
    }

    @Test
    void loneCountedMessageInAFileIsYieldedByteForByte() {
        String one = counted("From a@x Mon Jan  1 00:00:00 2024", "a\n\nFrom b\n", "\n") + "\n";
        assertThat(readAll(MboxReader.file(new ByteArrayInputStream(of(one)), "f", 1 << 20))).containsExactly(new RawMessage("f", of(one)));
    }
}
