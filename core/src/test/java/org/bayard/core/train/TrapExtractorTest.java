package org.bayard.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bayard.core.train.Forwards.attached;
import static org.bayard.core.train.Forwards.attachedBase64;
import static org.bayard.core.train.Forwards.text;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrapExtractorTest {
    private final TrapExtractor extractor = new TrapExtractor(1 << 20);
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
    void aReportWithMoreAttachedMessagesThanTheFiltersPartLimitIsReadWhole() {
        Forwards.Part[] parts = new Forwards.Part[1_000];
        for (int i = 0; i < parts.length; i++) parts[i] = attached(Forwards.message("m" + i, "s", "b" + i));
        List<TrapItem> items = extractor.extract(Forwards.forward("a thousand", parts));
        assertThat(items).hasSize(1_000).noneMatch(TrapItem::refused);
        assertThat(items.get(999).where()).isEqualTo("attachment 1000 (message/rfc822)");
    }

    /** Past the trap's own bound, the rest is refused in one line that says where reading stopped. */
    @Test
    void pastTheTrapsPartBoundTheRestIsRefusedNamingTheLastAttachmentRead() {
        StringBuilder m = new StringBuilder("Content-Type: multipart/mixed; boundary=e\n\n--e\nContent-Type: message/rfc822\n\n")
                .append(one).append("\n--e\n\n".repeat(TrapExtractor.MAX_PARTS + 1_000));
        m.append("--e\nContent-Type: message/rfc822\n\n").append(two).append("--e--\n");
        List<TrapItem> items = extractor.extract(m.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(items).hasSize(2);
        assertThat(bytesOf(items.get(0))).isEqualTo(one);
        assertThat(items.get(1).where()).isEqualTo("after attachment 1");
        assertThat(items.get(1).problem()).isEqualTo("not read: more than " + TrapExtractor.MAX_PARTS
                + " parts in one trap message; send the rest in another report");
    }

    /**
     * The parser's nesting recurses, so raising the part bound let a report nested a thousand
     * deep overflow a small stack: nesting has its own bound. On a 256 KB stack, as the hostile-input tests run.
     */
    @Test
    void aReportNestedAThousandDeepIsRefusedPastTheNestingBoundNotOverflowed() throws Exception {
        StringBuilder m = new StringBuilder("Content-Type: multipart/mixed; boundary=top\n\n--top\n")
                .append("Content-Type: message/rfc822\n\n").append(one).append("\n--top\n");
        for (int i = 0; i < 1_000; i++) m.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\n\n--b").append(i).append('\n');
        m.append("Content-Type: message/rfc822\n\n").append(two).append("--top--\n");
        byte[] report = m.toString().getBytes(StandardCharsets.UTF_8);
        List<List<TrapItem>> result = new java.util.ArrayList<>();
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                result.add(extractor.extract(report));
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "small-stack", 256 << 10);
        t.start();
        t.join();
        assertThat(thrown[0]).isNull();
        List<TrapItem> items = result.get(0);
        assertThat(items).hasSize(2);
        assertThat(bytesOf(items.get(0))).isEqualTo(one);
        assertThat(items.get(1).where()).isEqualTo("after attachment 1");
        assertThat(items.get(1).problem()).isEqualTo("not read: parts nested more than " + TrapExtractor.MAX_DEPTH
                + " deep; send the rest in another report");
    }

    @Test
    void aTrapMessageThatIsNotAMessageIsRefusedWhole() {
        assertThat(extractor.extract(new byte[0])).singleElement().extracting(TrapItem::problem).isEqualTo("empty");
    }

    @Test
    void anAttachmentOverTheSizeLimitIsRefused() {
        TrapExtractor small = new TrapExtractor(50);
        assertThat(small.extract(Forwards.forward("big", attached(one)))).singleElement()
                .extracting(TrapItem::problem).isEqualTo("larger than 50 bytes");
    }
}
