package org.bayard.core.train;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.core.train.Forwards.attached;
import static org.bayard.core.train.Forwards.attachedBase64;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.store.Digest;
import org.bayard.core.token.Tokenizer;
import org.junit.jupiter.api.Test;

/**
 * A trap holds only what learning reads of a message (limits.max-scan-bytes) and digests the rest
 * as it streams past: each message must still be learned exactly as if held whole, with the same
 * features and the same ledger identity, or a message reported to a trap and then learned from a
 * mailbox would count twice.
 */
class LongTrapMessageTest {
    private static final byte[] ALPHABET = {'\r', '\n', '\n', '>', 'F', 'r', 'o', 'm', ' ', 'x', '\t'};

    /** The streamed body digest against the in-memory one, on bodies made of what it treats apart. */
    @Test
    void theStreamedDigestIsTheInMemoryOneForAnyBody() throws Exception {
        Random random = new Random(26);
        for (int round = 0; round < 20_000; round++) {
            String envelope = random.nextBoolean() ? "From someone@example.org Sat Jan  3 01:05:34 2026\n" : "";
            String eol = random.nextBoolean() ? "\r\n" : "\n";
            byte[] header = (envelope + "Subject: s" + eol + "Received: by relay" + eol + "Message-ID: <m" + round + "@x>" + eol + eol)
                    .getBytes(US_ASCII);
            byte[] body = new byte[random.nextInt(40)];
            for (int i = 0; i < body.length; i++) body[i] = ALPHABET[random.nextInt(ALPHABET.length)];
            int runCapacity = 1 + random.nextInt(6); // small, so runs of line breaks outgrow it
            assertSameIdentity(header, body, runCapacity, random);
        }
    }

    @Test
    void longRunsOfLineBreaksInTheMiddleAndAtTheEndDigestAsInMemory() throws Exception {
        byte[] header = "From a@b Sat Jan  3 01:05:34 2026\nSubject: s\n\n".getBytes(US_ASCII);
        Random random = new Random(1);
        for (String body : List.of("a" + "\r\n".repeat(10_000) + ">From b\n", "a" + "\r\n".repeat(10_000),
                "a\r" + "\n".repeat(9_999) + "\r", ">>>>From x\r\n\r\n", ">Fro", "\r\n\r\n>From ")) {
            assertSameIdentity(header, body.getBytes(US_ASCII), StreamedBody.RUN, random);
        }
    }

    private static void assertSameIdentity(byte[] header, byte[] body, int runCapacity, Random random) throws Exception {
        byte[] whole = join(header, body);
        MessageIdentity expected = ContentDigest.identify(whole);
        MessageIdentity streamed = ContentDigest.identify(header, new ByteArrayInputStream(body));
        assertThat(streamed).as("identify(header, body) of %s", printable(whole)).isEqualTo(expected);
        // and the body digester alone with a small run buffer, fed in pieces
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(headerDigestInput(header));
        StreamedBody b = new StreamedBody(sha, header[0] == 'F', runCapacity);
        for (int i = 0; i < body.length; ) {
            int n = Math.min(body.length - i, 1 + random.nextInt(7));
            b.update(body, i, n);
            i += n;
        }
        assertThat(Digest.fromBytes(b.finish())).as("pieces of %s", printable(whole)).isEqualTo(expected.digest());
    }

    /** What the digest takes of the test's header blocks: lines without CR and without the transport headers and envelope. */
    private static byte[] headerDigestInput(byte[] header) {
        String h = new String(header, US_ASCII).replace("\r\n", "\n");
        if (h.startsWith("From ")) h = h.substring(h.indexOf('\n') + 1);
        StringBuilder kept = new StringBuilder();
        for (String line : h.split("\n", -1)) {
            if (line.isEmpty()) break;
            if (!line.startsWith("Received:")) kept.append(line).append('\n');
        }
        return kept.append('\n').toString().getBytes(US_ASCII);
    }

    /**
     * Attached messages and a bounced one, each longer than what learning reads, with our headers
     * to be removed: the same features and identity as the whole message, prepared as before.
     */
    @Test
    void aLongMessageIsLearnedAsIfHeldWhole() throws IOException {
        MailLimits limits = new MailLimits(4096, 20, 200, 64 << 10, 512 << 10, 40, 20_000);
        MessagePreparer preparer = new MessagePreparer(new Tokenizer(limits), limits);
        TrapExtractor streaming = new TrapExtractor(1 << 20, limits.maxScanBytes());
        String spam = "From: seller@spam.example\r\nX-Spam-Flag: NO\r\nX-Spam-Score: -1.0\r\nX-Spam-Status: No, score=-1.0 "
                + "tests=" + "T,".repeat(300) + "\r\nSubject: cheap\r\nMessage-ID: <long@spam.example>\r\n\r\n"
                + "cheap pills and watches, click here for the best price\r\n".repeat(400) + "\r\n\r\n";
        assertThat(spam.length()).isGreaterThan(3 * 4096);
        String mbox = "From seller@spam.example Sat Jan  3 01:05:34 2026\nSubject: escaped\nX-Bayard-Classification: ham\n\n"
                + ">From the start\nwords and words\n".repeat(300);
        String shortOne = "Subject: short\n\nfits in the window\n";
        for (byte[] report : List.of(Forwards.forward("fwd", attached(spam), attachedBase64(mbox), attached(shortOne)),
                spam.getBytes(US_ASCII), mbox.getBytes(US_ASCII))) {
            List<byte[]> messages = new ArrayList<>();
            for (TrapItem held : new TrapExtractor(1 << 20, Long.MAX_VALUE).extract(report)) messages.add(held.message());
            List<TrapItem> items = streaming.extract(report);
            assertThat(items).hasSameSizeAs(messages).allSatisfy(i -> assertThat(i.refused()).as(i.problem()).isFalse());
            for (int i = 0; i < items.size(); i++) {
                byte[] whole = messages.get(i);
                PreparedMessage expected = preparer.prepare(whole, false);
                PreparedMessage got = preparer.prepare(items.get(i).message(), items.get(i).identity());
                assertThat(items.get(i).message().length).isLessThanOrEqualTo(4097);
                assertThat(got.identity()).as(items.get(i).where()).isEqualTo(expected.identity());
                assertThat(got.tokens()).as(items.get(i).where()).isEqualTo(expected.tokens());
            }
        }
    }

    /** A header block longer than what learning reads cannot be learned from its start: refused, saying why. */
    @Test
    void aHeaderBlockLongerThanWhatLearningReadsIsRefused() {
        String message = "Subject: long\n" + "X-Filler: padding padding padding\n".repeat(400) + "\nbody\n";
        List<TrapItem> items = new TrapExtractor(1 << 20, 4096).extract(message.getBytes(US_ASCII));
        assertThat(items).singleElement().satisfies(i -> assertThat(i.problem()).contains("header block longer than 4096 bytes"));
    }

    /** A held message learned by a moderator from its file: prepared from a stream as if held whole. */
    @Test
    void aMessagePreparedFromAStreamIsPreparedAsIfHeldWhole() throws IOException {
        MailLimits limits = new MailLimits(4096, 20, 200, 64 << 10, 512 << 10, 40, 20_000);
        MessagePreparer preparer = new MessagePreparer(new Tokenizer(limits), limits);
        for (String m : List.of("Subject: short\r\n\r\nfits\r\n", "From x@y Sat Jan  3 01:05:34 2026\nSubject: long\n\n"
                + ">From here\nwords of a long message\n".repeat(500) + "\n\n\n")) {
            byte[] whole = m.getBytes(US_ASCII);
            PreparedMessage expected = preparer.prepare(whole, false);
            PreparedMessage got = preparer.prepare(new ByteArrayInputStream(whole));
            assertThat(got.identity()).isEqualTo(expected.identity());
            assertThat(got.tokens()).isEqualTo(expected.tokens());
        }
        byte[] longHeader = ("Subject: long\n" + "X-Filler: padding padding padding\n".repeat(400) + "\nbody\n").getBytes(US_ASCII);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> preparer.prepare(new ByteArrayInputStream(longHeader)))
                .isInstanceOf(MessagePreparer.HeaderTooLong.class).hasMessageContaining("limits.max-scan-bytes (4096 bytes)");
    }

    private static byte[] join(byte[] a, byte[] b) {
        byte[] j = new byte[a.length + b.length];
        System.arraycopy(a, 0, j, 0, a.length);
        System.arraycopy(b, 0, j, a.length, b.length);
        return j;
    }

    private static String printable(byte[] m) {
        return new String(m, US_ASCII).replace("\r", "\\r").replace("\n", "\\n");
    }
}
