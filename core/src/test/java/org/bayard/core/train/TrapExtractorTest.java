package org.bayard.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.core.train.Forwards.attached;
import static org.bayard.core.train.Forwards.attachedBase64;
import static org.bayard.core.train.Forwards.text;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bayard.core.mail.MailLimits;
import org.junit.jupiter.api.Test;

class TrapExtractorTest {
    private final TrapExtractor extractor = new TrapExtractor(MailLimits.DEFAULT, 1 << 20);
    private final String one = Forwards.message("one", "cheap pills", "Buy cheap pills now.");
    private final String two = Forwards.message("two", "hot stocks", "This stock will triple.");
    private final String three = Forwards.message("three", "you won", "Claim your prize.");

    private static String bytesOf(TrapItem item) {
        return new String(item.message(), StandardCharsets.UTF_8);
    }

    @Test
    void eachAttachedMessageIsExtractedOnItsOwnAndTheNoteIsNot() {
        List<TrapItem> items = extractor.extract(Forwards.forward("three spams", text("see attached"),
                attached(one), attached(two), attached(three)));
        assertThat(items).hasSize(3).noneMatch(TrapItem::refused);
        assertThat(bytesOf(items.get(0))).isEqualTo(one);
        assertThat(bytesOf(items.get(2))).isEqualTo(three);
        assertThat(items.get(1).where()).isEqualTo("attachment 2 (message/rfc822)");
    }

    @Test
    void aBase64AttachmentIsDecodedToTheMessageItHolds() {
        List<TrapItem> items = extractor.extract(Forwards.forward("b64", attachedBase64(two)));
        assertThat(items).singleElement().satisfies(i -> {
            assertThat(bytesOf(i)).isEqualTo(two);
            assertThat(i.where()).isEqualTo("attachment 1 (message/rfc822, base64)");
        });
    }

    @Test
    void thePartsOfADigestAreMessagesByDefault() {
        List<TrapItem> items = extractor.extract(Forwards.digest("digest", one, two));
        assertThat(items).extracting(TrapExtractorTest::bytesOf).containsExactly(one, two);
    }

    @Test
    void aMessageWithNothingAttachedIsTheReportedMessageItself() {
        byte[] bounced = ("Resent-From: member@example.org\n" + one).getBytes(StandardCharsets.UTF_8);
        assertThat(extractor.extract(bounced)).singleElement().satisfies(i -> {
            assertThat(i.where()).isEqualTo("whole message");
            assertThat(i.message()).isEqualTo(bounced);
        });
    }

    @Test
    void ourOwnHeadersAreRemovedBeforeLearning() {
        String delivered = "X-Spam-Status: No, score=0.5 required=5.0 tests=BAYES_20 autolearn=no version=0.1.0\n"
                + "X-Bayard-Classification: unsure; p=0.5000\n" + one;
        List<TrapItem> items = extractor.extract(Forwards.forward("fwd", attached(delivered)));
        assertThat(bytesOf(items.get(0))).isEqualTo(one).doesNotContain("X-Spam").doesNotContain("X-Bayard");
    }

    @Test
    void anEmptyOrGarbageAttachmentIsRefusedWithItsReasonAndTheOthersStillCount() {
        byte[] noise = new byte[600];
        new java.util.SplittableRandom(5).nextBytes(noise);
        String garbage = java.util.Base64.getMimeEncoder().encodeToString(noise);
        List<TrapItem> items = extractor.extract(Forwards.forward("mixed bag", attached(one),
                new Forwards.Part("Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n", garbage + "\n"),
                attached(""), attached("just some words, no header at all\n")));
        assertThat(items).hasSize(4);
        assertThat(items.get(0).refused()).isFalse();
        assertThat(items.get(1).problem()).startsWith("not a mail message");
        assertThat(items.get(1).where()).isEqualTo("attachment 2 (message/rfc822, base64)");
        assertThat(items.get(2).problem()).isEqualTo("empty");
        assertThat(items.get(3).problem()).isEqualTo("not a mail message: line 1 of its header is not a header field");
    }

    @Test
    void aTrapMessageThatIsNotAMessageIsRefusedWhole() {
        assertThat(extractor.extract(new byte[0])).singleElement().extracting(TrapItem::problem).isEqualTo("empty");
    }

    @Test
    void anAttachmentOverTheSizeLimitIsRefused() {
        TrapExtractor small = new TrapExtractor(MailLimits.DEFAULT, 50);
        assertThat(small.extract(Forwards.forward("big", attached(one)))).singleElement()
                .extracting(TrapItem::problem).isEqualTo("larger than 50 bytes");
    }
}
