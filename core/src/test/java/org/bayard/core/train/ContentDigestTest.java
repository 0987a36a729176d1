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

    /**
     * Mail clients' mailbox bookkeeping changes as a folder is used, not the message: Dovecot
     * puts X-IMAPbase (UIDVALIDITY and the next UID, which grows with each new mail) on the
     * mailbox's first message, Thunderbird rewrites X-Mozilla-Keys when a message is tagged,
     * Evolution keeps its flags in X-Evolution. Each gave a message a new identity, so training
     * from the same folder again learned it a second time.
     */
    @Test
    void mailboxBookkeepingHeadersDoNotChangeTheDigest() {
        String kept = "From sender Thu Jan  1 00:00:00 2002\nX-IMAPbase: 1165012345 0000000042\nX-IMAP: 1165012345 0000000042\n"
                + "X-Mozilla-Keys: $label1                                                                          \n"
                + "X-Evolution: 00000001-0010\nX-UID: 7\nStatus: RO\n" + MESSAGE;
        assertThat(id(kept).digest()).isEqualTo(id(MESSAGE).digest());
    }

    @Test
    void lineEndingsAndTrailingBlankLinesDoNotChangeTheDigest() {
        assertThat(id(MESSAGE.replace("\n", "\r\n") + "\r\n\r\n").digest()).isEqualTo(id(MESSAGE).digest());
    }

    /**
     * Header lines go to the digest as they are until a line ending in CRLF is seen: a CRLF that
     * first comes after a left-out field, in the last kept line or in a folded line still loses
     * its CR.
     */
    @Test
    void aHeaderWhoseLinesTurnToCrLfPartWayDigestsAsWithLf() {
        String[] mixed = {
            "From: a@example.com\nReceived: x\nSubject: hello\r\nMessage-ID: <abc@example.com>\n\nbody line\n",
            "From: a@example.com\nSubject: hello\nMessage-ID: <abc@example.com>\r\n\nbody line\n",
            "From: a@example.com\nSubject: hello\nMessage-ID: <abc@example.com>\n\r\nbody line\n",
            "From: a@example.com\r\nSubject: hello\nMessage-ID: <abc@example.com>\n\nbody line\n",
        };
        for (String message : mixed) {
            assertThat(id(message).digest()).as("%s", message).isEqualTo(id(MESSAGE).digest());
        }
        assertThat(id("Subject: a\n b\r\n\nbody\n").digest()).isEqualTo(id("Subject: a\n b\n\nbody\n").digest());
        assertThat(id("Subject: a\rb\n\nbody\n").digest()).isNotEqualTo(id("Subject: ab\n\nbody\n").digest());
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

    /**
     * Random messages built from the pieces the digest treats specially (transient and filter
     * header names in any case, padded names, continuations, CR, LF, CRLF, CR CR LF, a missing
     * blank line or final LF, an mbox line), digested as the ledger always did.
     */
    @Test
    void agreesWithTheDigestItReplacedOnEveryKindOfLine() {
        String[] names = {"Received", "received", "RETURN-PATH", "X-Spam-Status", "x-SPAM-flag", "X-Bayard-Score",
            "X-Spam-", "X-Spamx", "Message-ID", "message-id", " Message-Id ", "Subject", "From", "Lines", "Linesx",
            "X-Mozilla-Status2", "Status", "", " ", "\tReceived", "R\u00e9ceived", "\u000bReceived", "Received\t", "\u00c9tat", "Received\r"};
        String[] eols = {"\n", "\r\n", "\r\r\n", "\r", ""};
        String[] values = {"", " <a@b>", " v\r", ":x", " \u00ff\u0080", " <" + "x".repeat(250) + " y\u0000z@b>", "\u007f <a@\tb>"};
        java.util.Random random = new java.util.Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder m = new StringBuilder();
            if (random.nextInt(8) == 0) m.append("From sender Thu Jan  1 00:00:00 2002\n");
            int lines = random.nextInt(8);
            for (int l = 0; l < lines; l++) {
                if (random.nextInt(4) == 0) m.append(random.nextBoolean() ? " folded" : "\tfolded");
                else m.append(names[random.nextInt(names.length)]).append(random.nextInt(6) == 0 ? "" : ":")
                        .append(values[random.nextInt(values.length)]);
                m.append(eols[random.nextInt(l == lines - 1 ? eols.length : eols.length - 2)]);
            }
            if (random.nextBoolean()) m.append(random.nextBoolean() ? "\n" : "\r\n");
            int body = random.nextInt(5);
            String[] starts = {"line", ">From ", ">>From x", "From ", ">From", ">", ">Fro"};
            for (int l = 0; l < body; l++) m.append(starts[random.nextInt(starts.length)]).append(l).append(eols[random.nextInt(eols.length)]);
            byte[] bytes = m.toString().getBytes(StandardCharsets.ISO_8859_1);
            MessageIdentity expected = ContentDigestReference.identify(bytes);
            assertThat(ContentDigest.identify(bytes)).as("%s", m).isEqualTo(expected);
        }
    }

    /**
     * A message saved from a mailbox (its envelope line kept) has its body's {@code From } lines
     * escaped; the mbox reader undoes that for a mailbox of two or more, and {@code mbox split}
     * writes the unescaped message. One message, one identity, however it was read.
     */
    @Test
    void anMboxEscapedFromLineDigestsAsTheLineItEscapes() {
        String plain = "From: a@example.com\nSubject: s\n\nHello\nFrom here on\n>From quoted\r\n";
        String saved = "From MAILER-DAEMON Thu Jan  1 00:00:00 2002\nFrom: a@example.com\nSubject: s\n\nHello\n>From here on\n>>From quoted\r\n";
        assertThat(id(saved).digest()).isEqualTo(id(plain).digest());
        // Without an envelope line nothing says the '>' is an escape: it is the author's.
        assertThat(id(saved.substring(saved.indexOf('\n') + 1)).digest()).isNotEqualTo(id(plain).digest());
    }

    /** Found by the test above: the value's start was past the array. */
    @Test
    void aMessageIdNameWithoutColonEndingTheMessageHasAnEmptyId() {
        assertThat(id("Subject: s\nMessage-ID").messageId()).isEmpty();
        assertThat(id("Subject: s\nMessage-ID").digest()).isNotEqualTo(id("Subject: s\n").digest());
    }
}
