package org.bayard.core.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.core.mailbox.Bytes.of;
import static org.bayard.core.mailbox.Bytes.oneByteAtATime;
import static org.bayard.core.mailbox.Bytes.text;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Once a mailbox's first line is a real envelope line ({@code From sender date}), only a real
 * envelope line after a blank line starts a message: a body line "From the desk of ..." after a
 * blank paragraph split its message in two, each half learned as a message of its own.
 */
class FromLineStrictnessTest {

    private static final String ENVELOPE = "From alice@example.org Mon Jan  1 00:00:00 2024\n";

    private static List<String> texts(String content) {
        List<String> out = new ArrayList<>();
        MboxReader.mbox(new ByteArrayInputStream(of(content)), "box", 1 << 20).forEachRemaining(m -> out.add(text(m.bytes())));
        return out;
    }

    private static List<String> textsOneByteAtATime(String content) {
        List<String> out = new ArrayList<>();
        MboxReader.mbox(oneByteAtATime(new ByteArrayInputStream(of(content))), "box", 1 << 20).forEachRemaining(m -> out.add(text(m.bytes())));
        return out;
    }

    @Test
    void aBodyLineStartingWithFromAfterABlankLineDoesNotSplitTheMessage() {
        String box = ENVELOPE + "Subject: memo\n\nDear all,\n\nFrom the desk of the treasurer: dues are late.\n\nFrom now on, pay by card.\n\n"
                + "From bob@example.org Tue Jan  2 10:11:12 2024\nSubject: two\n\nbody\n";
        List<String> expected = List.of("Subject: memo\n\nDear all,\n\nFrom the desk of the treasurer: dues are late.\n\nFrom now on, pay by card.\n",
                "Subject: two\n\nbody\n");
        assertThat(texts(box)).isEqualTo(expected);
        assertThat(textsOneByteAtATime(box)).isEqualTo(expected);
    }

    /** The forms real MTAs write (qmail, sendmail, UUCP, Dovecot, pipermail archives) all start a message. */
    @Test
    void envelopeLinesInTheFormsMailersWriteStartAMessage() {
        List<String> forms = List.of(
                "From bob@example.org Tue Jan  2 10:11:12 2024",          // asctime, as qmail and procmail write
                "From bob@example.org Tue Jan 12 10:11 2024",             // no seconds
                "From bob@example.org Tue Jan  2 10:11:12 MET DST 2024",  // named time zone(s) before the year
                "From bob@example.org Tue Jan  2 10:11:12 -0500 2024",    // numeric time zone before the year
                "From bob@example.org Tue Jan  2 10:11:12 2024 +0200",    // numeric time zone after it
                "From bob Tue Jan  2 10:11:12 2024 remote from uucphost", // UUCP
                "From bob@example.org  Tue Jan  2 10:11:12 2024",         // two spaces
                "From \"bob smith\"@example.org Tue Jan  2 10:11:12 2024", // a quoted local part
                "From bob at example.org  Tue Jan  2 10:11:12 2024",      // pipermail's obscured sender
                "From  Tue Jan  2 10:11:12 2024",                         // empty sender
                "From MAILER-DAEMON Tue Jan  2 10:11:12 2024",            // what bayard writes
                "From bob@example.org Tue, 2 Jan 2024 10:11:12 +0000",    // Dovecot's alternative stamp
                "From bob@example.org tue jan  2 10:11:12 2024");         // case does not matter
        for (String form : forms) {
            assertThat(texts(ENVELOPE + "A: 1\n\nx\n\n" + form + "\nB: 2\n\ny\n")).as(form).containsExactly("A: 1\n\nx\n", "B: 2\n\ny\n");
            assertThat(texts(ENVELOPE + "A: 1\r\n\r\nx\r\n\r\n" + form + "\r\nB: 2\r\n")).as(form + " CRLF").containsExactly("A: 1\r\n\r\nx\r\n", "B: 2\r\n");
        }
    }

    @Test
    void linesThatOnlyLookLikeEnvelopesStayInTheBody() {
        List<String> lines = List.of(
                "From the desk of the treasurer",
                "From Monday to Friday, 9:00 to 17:00",
                "From bob@example.org",
                "From bob@example.org Tue Jan  2 2024",
                "From bob@example.org Tue Jan  2 10:11:12",          // no year
                "From bob@example.org Tue Foo  2 10:11:12 2024",     // no month
                "From bob@example.org Tue Jan 2x 10:11:12 2024",
                "From bob@example.org Tue Jan  2 10-11-12 2024",
                "From bob@example.org Tue Jan  2 10:11:12 year");
        for (String line : lines) {
            assertThat(texts(ENVELOPE + "A: 1\n\nx\n\n" + line + "\n")).as(line).containsExactly("A: 1\n\nx\n\n" + line + "\n");
        }
    }

    /** A mailbox whose first line is no real envelope ("From x") is read as before: any From line after a blank line separates. */
    @Test
    void aMailboxWithoutARealFirstEnvelopeKeepsTheLooseRule() {
        assertThat(texts("From a\nx\n\nFrom the desk\ny\n")).containsExactly("x\n", "y\n");
    }

    /** A Content-Length that ends at a line that is no real envelope does not end the message there. */
    @Test
    void aContentLengthEndingAtABodyFromLineIsNotTrusted() {
        String body = "x\n";
        String box = ENVELOPE + "Content-Length: " + body.length() + "\n\n" + body + "\nFrom the desk of the treasurer\n\n"
                + "From bob@example.org Tue Jan  2 10:11:12 2024\nB: 2\n";
        assertThat(texts(box)).containsExactly("Content-Length: 2\n\nx\n\nFrom the desk of the treasurer\n", "B: 2\n");
    }

    /** Mailboxes of real and look-alike From lines, lengths and blank lines: the pace of reading changes nothing. */
    @Test
    void randomMailboxesOfRealAndLookAlikeFromLinesReadTheSameOneByteAtATime() {
        java.util.Random random = new java.util.Random(20261123L);
        String[] pieces = {"From b@x Tue Jan  2 10:11 2024\n", "From the desk\n", "\n", "\r\n", "From ", ">From y\n", "a\n",
                "Subject: s\n", "b", "\r", "From c Wed Jan  3 00:00:00 2024 remote from h\r\n"};
        for (int round = 0; round < 300; round++) {
            StringBuilder box = new StringBuilder(ENVELOPE);
            int parts = random.nextInt(60);
            for (int i = 0; i < parts; i++) {
                if (random.nextInt(7) == 0) {
                    box.append("Content-Length: ").append(random.nextInt(40)).append(random.nextBoolean() ? "\n" : "\r\n");
                } else {
                    box.append(pieces[random.nextInt(pieces.length)]);
                }
            }
            String content = box.toString();
            assertThat(textsOneByteAtATime(content)).as(content).isEqualTo(texts(content));
            assertThat(texts(content).stream().mapToInt(String::length).sum()).as(content).isLessThanOrEqualTo(content.length());
        }
    }

    /** A mailbox streamed through a pipe that pauses after a separator line yields the message before it at once. */
    @Test
    void aMessageIsYieldedOnceTheNextEnvelopeLineIsComplete() {
        String box = ENVELOPE + "A: 1\n\nFrom the desk\n\n" + "From b@x Tue Jan  2 10:11:12 2024\nB: 2\n";
        var reader = MboxReader.mbox(Bytes.pausingAfter(of(box)), "box", 1 << 20);
        assertThat(text(reader.next().bytes())).isEqualTo("A: 1\n\nFrom the desk\n");
    }
}
