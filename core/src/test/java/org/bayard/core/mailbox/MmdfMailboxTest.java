package org.bayard.core.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.core.mailbox.Bytes.of;
import static org.bayard.core.mailbox.Bytes.oneByteAtATime;
import static org.bayard.core.mailbox.Bytes.text;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.bayard.core.mailbox.RawMessage.Anomaly;
import org.junit.jupiter.api.Test;

/** MMDF mailboxes: each message between two lines of four Ctrl-A characters, as SCO MMDF and mutt write them. */
class MmdfMailboxTest {

    private static final String SEP = "\u0001\u0001\u0001\u0001\n";

    private static List<RawMessage> mbox(String content) {
        List<RawMessage> out = new ArrayList<>();
        MboxReader.mbox(new ByteArrayInputStream(of(content)), "box", 1 << 20).forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(List<RawMessage> messages) {
        return messages.stream().map(m -> text(m.bytes())).toList();
    }

    @Test
    void eachMessageBetweenItsDelimitersIsOneMessageWithoutThem() {
        String box = SEP + "Subject: one\n\nbody\n\nFrom here on, no split\n" + SEP
                + SEP + "Subject: two\n\n>From stays escaped\n" + SEP;
        List<RawMessage> got = mbox(box);
        assertThat(texts(got)).containsExactly("Subject: one\n\nbody\n\nFrom here on, no split\n", "Subject: two\n\n>From stays escaped\n");
        assertThat(got).extracting(RawMessage::origin).containsExactly("box#1", "box#2");
        assertThat(got).allMatch(m -> m.anomalies().isEmpty());
        assertThat(got).allMatch(m -> text(m.bytes()).indexOf('\u0001') < 0);
    }

    @Test
    void crlfDelimitersEmptyMessagesAndBlankLinesBetweenMessagesAreFraming() {
        String crlf = "\u0001\u0001\u0001\u0001\r\n";
        assertThat(texts(mbox("\n" + crlf + "A: 1\r\n\r\nx\r\n" + crlf + "\r\n" + crlf + crlf + SEP + "B: 2\n" + SEP + "\n")))
                .containsExactly("A: 1\r\n\r\nx\r\n", "", "B: 2\n");
    }

    /** mutt writes and reads an optional From_ line right after the opening delimiter: it is the envelope, not the mail. */
    @Test
    void anEnvelopeLineRightAfterTheOpeningDelimiterIsDropped() {
        assertThat(texts(mbox(SEP + "From a@x Mon Jan  1 00:00:00 2024\nA: 1\n\nx\n" + SEP)))
                .containsExactly("A: 1\n\nx\n");
    }

    @Test
    void aLineThatOnlyStartsWithFourCtrlAIsBody() {
        assertThat(texts(mbox(SEP + "A: 1\n\n\u0001\u0001\u0001\u0001x\n" + SEP))).containsExactly("A: 1\n\n\u0001\u0001\u0001\u0001x\n");
    }

    @Test
    void aMailboxCutBeforeTheClosingDelimiterYieldsTheLastMessageFlagged() {
        List<RawMessage> got = mbox(SEP + "A: 1\n\nx\n" + SEP + SEP + "B: 2\n\nhalf");
        assertThat(texts(got)).containsExactly("A: 1\n\nx\n", "B: 2\n\nhalf");
        assertThat(got.get(0).anomalies()).isEmpty();
        assertThat(got.get(1).anomalies()).containsExactly(Anomaly.UNCLOSED);
    }

    /** Text between a closing and the next opening delimiter is kept as a message of its own, not lost. */
    @Test
    void strayTextBetweenMessagesIsAMessageAndTheOnesAfterItStayWhole() {
        assertThat(texts(mbox(SEP + "A: 1\n" + SEP + "stray\n" + SEP + "B: 2\n" + SEP))).containsExactly("A: 1\n", "stray\n", "B: 2\n");
    }

    @Test
    void aMessageOverTheLimitIsCutAndTheNextOneIsWhole() {
        List<RawMessage> got = new ArrayList<>();
        MboxReader.mbox(new ByteArrayInputStream(of(SEP + "x".repeat(100) + "\n" + SEP + SEP + "short\n" + SEP)), "box", 10)
                .forEachRemaining(got::add);
        assertThat(texts(got)).containsExactly("x".repeat(10), "short\n");
        assertThat(got.get(0).anomalies()).containsExactly(Anomaly.TRUNCATED);
    }

    @Test
    void readOneByteAtATimeIsTheSame() {
        String box = "\r\n" + SEP + "From a Mon Jan  1 00:00 2024\nA: 1\n\nx\n" + SEP + SEP + SEP + "stray\n" + SEP + "B: 2\r\n\r\ny";
        List<RawMessage> slow = new ArrayList<>();
        MboxReader.mbox(oneByteAtATime(new ByteArrayInputStream(of(box))), "box", 1 << 20).forEachRemaining(slow::add);
        assertThat(slow).isEqualTo(mbox(box)).hasSize(4);
    }

    /** Read from a file a user named, even a lone message loses its delimiters: they are no part of the mail. */
    @Test
    void aFileHoldingOneMmdfMessageYieldsItWithoutDelimiters() {
        List<RawMessage> got = new ArrayList<>();
        MboxReader.file(new ByteArrayInputStream(of(SEP + "A: 1\n\nx\n" + SEP)), "f", 1 << 20).forEachRemaining(got::add);
        assertThat(got).containsExactly(new RawMessage("f#1", of("A: 1\n\nx\n")));
    }

    /** Delimiters, blank lines, envelope lines and text in any order: the pace of reading changes nothing, and no delimiter is kept. */
    @Test
    void randomMmdfMailboxesReadTheSameOneByteAtATime() {
        java.util.Random random = new java.util.Random(20261123L);
        String[] pieces = {SEP, SEP, "\u0001\u0001\u0001\u0001\r\n", "\n", "\r\n", "From a Mon Jan  1 00:00 2024\n", "From x\n", "a\n",
                "\u0001\u0001\u0001\u0001\u0001\n", "b", "\r"};
        for (int round = 0; round < 300; round++) {
            StringBuilder box = new StringBuilder(SEP);
            int parts = random.nextInt(40);
            for (int i = 0; i < parts; i++) box.append(pieces[random.nextInt(pieces.length)]);
            String content = box.toString();
            List<RawMessage> slow = new ArrayList<>();
            MboxReader.mbox(oneByteAtATime(new ByteArrayInputStream(of(content))), "box", 1 << 20).forEachRemaining(slow::add);
            assertThat(slow).as(content).isEqualTo(mbox(content));
            assertThat(texts(slow)).as(content).noneMatch(t -> java.util.Arrays.stream(t.split("\n", -1))
                    .anyMatch(line -> line.equals("\u0001\u0001\u0001\u0001") || line.equals("\u0001\u0001\u0001\u0001\r")));
        }
    }

    /** An MMDF message streamed through a pipe that pauses after its closing delimiter is yielded at once. */
    @Test
    void aMessageIsYieldedOnceItsClosingDelimiterIsComplete() {
        var reader = MboxReader.mbox(Bytes.pausingAfter(of(SEP + "From a Mon Jan  1 00:00 2024\nA: 1\n\nx\n" + SEP)), "box", 1 << 20);
        assertThat(text(reader.next().bytes())).isEqualTo("A: 1\n\nx\n");
    }
}
