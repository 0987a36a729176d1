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
}
