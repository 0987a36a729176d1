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
        assertThat(rewrite(message, Set.of("x-spam-flag"), new Field("X-A", "1")))
                .isEqualTo(message.substring(message.indexOf("Subject:")).replace("example\r\r", "example\rX-A: 1\n\r") + "\n");
    }

    @Test
    void aForgedFieldBehindABareCarriageReturnIsRemoved() {
        assertThat(rewrite("Subject: x\rX-Spam-Flag: YES\n\nbody", Set.of("x-spam-flag"), new Field("X-A", "1")))
                .isEqualTo("Subject: x\rX-A: 1\n\nbody");
    }
}
