package org.bayard.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.bayard.core.store.Digest;
import org.junit.jupiter.api.Test;

class ContentDigestTest {
    private static final String MESSAGE = "From: a@example.com\nSubject: hello\nMessage-ID: <abc@example.com>\n\nbody line\n";

    private static MessageIdentity id(String s) {
        return ContentDigest.identify(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void transportAndFilterHeadersDoNotChangeTheDigest() {
        String relayed = "From MAILER-DAEMON Thu Jan  1 00:00:00 2002\nReturn-Path: <x@y>\nReceived: from a by b\n\tid 1\n"
                + "Delivered-To: list@example.org\nX-Spam-Status: Yes, score=9\nX-Bayard-Classification: spam\n" + MESSAGE;
        assertThat(id(relayed).digest()).isEqualTo(id(MESSAGE).digest());
    }

    @Test
    void lineEndingsAndTrailingBlankLinesDoNotChangeTheDigest() {
        assertThat(id(MESSAGE.replace("\n", "\r\n") + "\r\n\r\n").digest()).isEqualTo(id(MESSAGE).digest());
    }

    @Test
    void bodyDigestIsTheBodyLineByLineWithEachLineEndingInLf() throws Exception {
        String[] bodies = {"", "x", "a\r\r\nb", "a\rb\n", "\r\n\r\nmid\n\n\nend\r\n\r\n", "one\ntwo\r\nthree", "\n\r\n"};
        for (String body : bodies) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("Subject: s\n\n".getBytes(StandardCharsets.ISO_8859_1));
            int end = body.length();
            while (end > 0 && (body.charAt(end - 1) == '\n' || body.charAt(end - 1) == '\r')) {
                end--;
            }
            String trimmed = body.substring(0, end);
            for (String line : trimmed.isEmpty() ? new String[0] : trimmed.split("\n", -1)) {
                String content = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                sha.update(content.getBytes(StandardCharsets.ISO_8859_1));
                sha.update((byte) '\n');
            }
            assertThat(id("Subject: s\n\n" + body).digest()).as(body).isEqualTo(Digest.fromBytes(sha.digest()));
        }
    }

    @Test
    void authorContentChangesTheDigest() {
        assertThat(id(MESSAGE.replace("hello", "hullo")).digest()).isNotEqualTo(id(MESSAGE).digest());
        assertThat(id(MESSAGE.replace("body line", "body lime")).digest()).isNotEqualTo(id(MESSAGE).digest());
    }

    @Test
    void messageIdIsExtractedEvenWhenFolded() {
        assertThat(id(MESSAGE).messageId()).isEqualTo("<abc@example.com>");
        assertThat(id("Message-ID:\n <folded@x>\n\nb").messageId()).isEqualTo("<folded@x>");
        assertThat(id("Subject: none\n\nb").messageId()).isEmpty();
    }

    @Test
    void emptyAndHeaderlessInputsHaveADigest() {
        assertThat(id("").digest()).isNotNull();
        assertThat(id("\n\n").digest()).isNotEqualTo(id("just text").digest());
    }
}
