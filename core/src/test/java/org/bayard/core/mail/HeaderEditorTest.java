package org.bayard.core.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.bayard.core.mail.HeaderEditor.Field;
import org.junit.jupiter.api.Test;

class HeaderEditorTest {
    private static String rewrite(String message, Set<String> remove, Field... add) {
        return new String(HeaderEditor.rewrite(message.getBytes(StandardCharsets.ISO_8859_1), remove, List.of(add)),
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void addsFieldsAtTheEndOfTheHeaderBlockAndKeepsTheBody() {
        assertThat(rewrite("Subject: x\n\nFrom the body\n", Set.of(), new Field("X-Spam-Flag", "YES")))
                .isEqualTo("Subject: x\nX-Spam-Flag: YES\n\nFrom the body\n");
    }

    /**
     * A line that is no field ends the header for MTAs and mail readers: fields added after it
     * were body. Ours go in before it; forged copies are still removed up to the blank line.
     */
    @Test
    void addsFieldsBeforeALineThatIsNoField() {
        assertThat(rewrite("Subject: x\n<html>\nX-Spam-Flag: NO\n\nbody", Set.of("x-spam-flag"), new Field("X-Spam-Flag", "YES")))
                .isEqualTo("Subject: x\nX-Spam-Flag: YES\n<html>\n\nbody");
        assertThat(rewrite("just text\n", Set.of(), new Field("X-A", "1"))).isEqualTo("X-A: 1\njust text\n");
        assertThat(rewrite("From a@b Thu Jan  1 00:00:00 2002\nno field\n", Set.of(), new Field("X-A", "1")))
                .isEqualTo("From a@b Thu Jan  1 00:00:00 2002\nX-A: 1\nno field\n");
        // the obsolete form with blanks before the colon is still a field
        assertThat(rewrite("Subject : x\n\nb", Set.of(), new Field("X-A", "1"))).isEqualTo("Subject : x\nX-A: 1\n\nb");
    }

    @Test
    void forgedFieldsAreRemovedWithTheirContinuationLines() {
        assertThat(rewrite("X-Spam-Flag: NO\n\tcontinued\nSubject: x\n\nbody", Set.of("x-spam-flag"), new Field("X-Spam-Flag", "YES")))
                .isEqualTo("Subject: x\nX-Spam-Flag: YES\n\nbody");
    }

    @Test
    void keepsCrlfLineEndings() {
        assertThat(rewrite("Subject: x\r\n\r\nbody\r\n", Set.of(), new Field("X-A", "1")))
                .isEqualTo("Subject: x\r\nX-A: 1\r\n\r\nbody\r\n");
    }

    @Test
    void keepsTheMboxEnvelopeLineFirst() {
        assertThat(rewrite("From a@b Thu Jan  1 00:00:00 2002\nSubject: x\n\nb", Set.of(), new Field("X-A", "1")))
                .isEqualTo("From a@b Thu Jan  1 00:00:00 2002\nSubject: x\nX-A: 1\n\nb");
    }

    @Test
    void headersOnlyAndEmptyMessagesGetAHeaderBlock() {
        assertThat(rewrite("Subject: x", Set.of(), new Field("X-A", "1"))).isEqualTo("Subject: x\nX-A: 1\n\n");
        assertThat(rewrite("", Set.of(), new Field("X-A", "1"))).isEqualTo("X-A: 1\n\n");
    }

    @Test
    void aBareCarriageReturnEndsTheLineSoRemovingAFieldNeverTakesTheRestOfTheMessage() throws Exception {
        // Old Mac line ends: before, the whole message was one "line" named X-Spam-Flag and
        // filter wrote our headers alone, with nothing of the message behind them.
        String message = Files.readString(Path.of("src/test/resources/regressions/bare-cr-lines-eaten-by-header-editor.eml"),
                StandardCharsets.ISO_8859_1);
        // To readers that end lines at LF the message is one line, a field: ours follow it.
        assertThat(rewrite(message, Set.of("x-spam-flag"), new Field("X-A", "1")))
                .isEqualTo(message.substring(message.indexOf("Subject:")) + "\nX-A: 1\n\n");
    }

    @Test
    void aForgedFieldBehindABareCarriageReturnIsRemoved() {
        assertThat(rewrite("Subject: x\rX-Spam-Flag: YES\n\nbody", Set.of("x-spam-flag"), new Field("X-A", "1")))
                .isEqualTo("Subject: x\r\nX-A: 1\n\nbody");
    }

    /**
     * procmail, maildrop and the MTAs end lines at LF alone: text after a bare CR is the same
     * line to them, not a line that is no field, and a field of ours written right after the CR
     * was the tail of the field before it, invisible to {@code ^X-Spam-Flag: YES}.
     */
    @Test
    void fieldsStartAnLfLineAfterABareCarriageReturn() {
        assertThat(rewrite("Subject: x\r(text)\nTo: y\n\nbody", Set.of(), new Field("X-A", "1")))
                .isEqualTo("Subject: x\r(text)\nTo: y\nX-A: 1\n\nbody");
        assertThat(rewrite("Subject: x\r(text)\nno field\n\nbody", Set.of(), new Field("X-A", "1")))
                .isEqualTo("Subject: x\r(text)\nX-A: 1\nno field\n\nbody");
        assertThat(rewrite("Subject: x\r\r\nbody\r\n", Set.of(), new Field("X-A", "1")))
                .isEqualTo("Subject: x\r\nX-A: 1\r\n\r\nbody\r\n");
        // a forged field removed between a line ended by a bare CR and one that is no field
        assertThat(rewrite("Subject: x\rX-Spam-Flag: NO\nno field\n\nbody", Set.of("x-spam-flag"), new Field("X-A", "1")))
                .isEqualTo("Subject: x\r\nX-A: 1\nno field\n\nbody");
    }

    /** The line end written for a last line with none stayed when that line was a forged field: ours came after a blank line. */
    @Test
    void fieldsStayInTheHeaderWhenTheLastLineWasAForgedFieldWithNoLineEnd() {
        assertThat(rewrite("Subject: x\nX-Spam-Flag: YES", Set.of("x-spam-flag"), new Field("X-A", "1")))
                .isEqualTo("Subject: x\nX-A: 1\n\n");
    }

    /** Text that is no field and has no line end keeps its bytes: nothing is added after it. */
    @Test
    void aLastLineThatIsNoFieldIsLeftAsItCame() {
        assertThat(rewrite("hello world", Set.of(), new Field("X-A", "1"))).isEqualTo("X-A: 1\nhello world");
    }
    /**
     * Filtering a filtered message again gives the same message. The line end added after a bare
     * CR was a whole CRLF in a CRLF message, so the CR before it made a bare CR and a blank CRLF
     * line: the next pass ended the header there, found our fields in the body and added more.
     */
    @Test
    void rewritingARewrittenMessageChangesNothing() {
        for (String message : List.of("Subject: x\r\r\nbody\r\n", "Subject: x\rX-Spam-Flag: NO\nno field\n\nbody",
                "Subject: x\r(text)\nTo: y\n\nbody", "X-Spam-Flag: NO\rSubject: old Mac\r\rbody\r", "Subject: x\nX-Spam-Flag: YES",
                "hello world", "Subject: x\r\n\r\nbody\r\n")) {
            String once = rewrite(message, Set.of("x-spam-flag"), new Field("X-Spam-Flag", "YES"));
            assertThat(rewrite(once, Set.of("x-spam-flag"), new Field("X-Spam-Flag", "YES"))).as(message).isEqualTo(once);
        }
    }
}
