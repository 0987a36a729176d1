package org.bayard.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a trap takes for a mail message and what it refuses as junk, with the reason it gives. */
class MessageShapeTest {
    private static String problem(String m) {
        return MessageShape.problem(m.getBytes(StandardCharsets.ISO_8859_1)).orElse("ok");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Subject: x\n\nbody\n",
            "Subject: x\r\nTo: a@b.example\r\n\r\nbody\r\n",
            "Subject: x\n folded with a space\n\tand a tab\n\nbody\n",
            "Subject : obsolete space before the colon\n\n",
            "Subject:\n\n",
            "Subject: no line end at all",
            "From alice@example.org Mon Nov 23 06:00:00 2026\nSubject: mbox\n\nbody\n",
            "Fromage: a field whose name starts with From\n\n",
            "From: alice@example.org\n\n",
            "Subject: x\n\nnot a field\n in the body\n"})
    void aHeaderBlockOfFieldsIsAMessage(String m) {
        assertThat(problem(m)).isEqualTo("ok");
    }

    @Test
    void junkIsRefusedWithItsReason() {
        assertThat(problem("")).isEqualTo("empty");
        assertThat(problem(" \t\r\n\n")).isEqualTo("empty");
        assertThat(problem(" folded\nSubject: x\n\n")).isEqualTo("not a mail message: it starts with a continuation line");
        assertThat(problem("\tfolded\nSubject: x\n\n")).isEqualTo("not a mail message: it starts with a continuation line");
        assertThat(problem("Subject: x\nnot a field\n\n")).isEqualTo("not a mail message: line 2 of its header is not a header field");
        assertThat(problem("Subject: x\r\nTo: y\r\nno colon\r\n\r\n"))
                .isEqualTo("not a mail message: line 3 of its header is not a header field");
        assertThat(problem(": no name\n\n")).isEqualTo("not a mail message: line 1 of its header is not a header field");
        assertThat(problem("Subject\n\n")).isEqualTo("not a mail message: line 1 of its header is not a header field");
        assertThat(problem("Sub ject: x\n\n")).isEqualTo("not a mail message: line 1 of its header is not a header field");
        assertThat(problem("Subj\u00e9ct: x\n\n")).isEqualTo("not a mail message: line 1 of its header is not a header field");
        assertThat(problem("Subject \n\n")).isEqualTo("not a mail message: line 1 of its header is not a header field");
        assertThat(problem("\n\nbody\n")).isEqualTo("not a mail message: no header fields");
        assertThat(problem("\r\nSubject: x\r\n")).isEqualTo("not a mail message: no header fields");
        assertThat(problem("From alice@example.org Mon Nov 23 06:00:00 2026\n")).isEqualTo("not a mail message: no header fields");
        assertThat(problem("From alice@example.org\nnot a field\n")).isEqualTo("not a mail message: line 1 of its header is not a header field");
    }

    @Test
    void onlyTheFirst10000HeaderLinesAreExamined() {
        String fields = "X-A: b\n".repeat(9_999);
        assertThat(problem(fields + "junk\n\n")).isEqualTo("not a mail message: line 10000 of its header is not a header field");
        assertThat(problem(fields + "X-A: b\njunk\n\n")).isEqualTo("ok");
    }
}
