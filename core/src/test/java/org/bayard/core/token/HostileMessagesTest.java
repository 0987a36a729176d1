package org.bayard.core.token;

import org.bayard.core.mail.MailLimits;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Inputs built to hurt the parser. Each must finish well inside a generous bound, without an
 * exception, leaving features or anomalies that say what happened. The large inputs are built
 * here rather than committed.
 */
class HostileMessagesTest {

    /** Generous: each finishes in well under a second here; the bound only catches hangs. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    private static List<String> tokenize(byte[] message) {
        return assertTimeoutPreemptively(BOUND, () -> {
            Features f = Features.explaining(MailLimits.DEFAULT.maxTokens());
            new Tokenizer(MailLimits.DEFAULT).tokenize(message, f);
            return f.names();
        });
    }

    private static void assertNoInternalError(List<String> features) {
        assertThat(features).doesNotContain("anomaly:reader-error", "anomaly:tokenizer-error").isNotEmpty();
    }

    @Test
    void emptyInput() {
        List<String> t = tokenize(new byte[0]);
        assertNoInternalError(t);
        assertThat(t).contains("anomaly:no-headers");
    }

    @Test
    void nullInputIsTreatedAsEmpty() {
        Features f = new Features(100);
        new Tokenizer(MailLimits.DEFAULT).tokenize((byte[]) null, f);
        assertThat(f.contains("anomaly:", "no-headers")).isTrue();
    }

    @Test
    void randomBinary() {
        byte[] noise = new byte[1 << 20];
        new Random(42).nextBytes(noise);
        List<String> t = tokenize(noise);
        assertNoInternalError(t);
        assertThat(t).anyMatch(s -> s.startsWith("anomaly:"));
    }

    @Test
    void truncatedBase64() {
        String msg = "Subject: cut\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "aGVsbG8gdHJ1bmNhdGVk\r\nIHdvcmxkIG1vcmUgd29yZH";
        List<String> t = tokenize(msg.getBytes(StandardCharsets.US_ASCII));
        assertNoInternalError(t);
        assertThat(t).contains("hello", "truncated", "world", "more");
    }

    @Test
    void fiftyMegabyteMessage() {
        byte[] head = "Subject: big\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] line = "c3BhbSBzcGFtIHNwYW0gc3BhbSBzcGFtIHNwYW0gc3BhbSBzcGFtIHNwYW0gc3Bh\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] msg = Arrays.copyOf(head, 50 << 20);
        for (int at = head.length; at < msg.length; at += line.length) {
            System.arraycopy(line, 0, msg, at, Math.min(line.length, msg.length - at));
        }
        List<String> t = tokenize(msg);
        assertNoInternalError(t);
        assertThat(t).contains("spam", "anomaly:scan-limit");
    }

    @Test
    void tenThousandNestedMultiparts() {
        StringBuilder msg = new StringBuilder("Subject: nested\r\n");
        for (int i = 0; i < 10_000; i++) {
            msg.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i).append("\r\n");
        }
        msg.append("Content-Type: text/plain\r\n\r\ndeepest\r\n");
        for (int i = 9_999; i >= 0; i--) {
            msg.append("--b").append(i).append("--\r\n");
        }
        List<String> t = tokenize(msg.toString().getBytes(StandardCharsets.US_ASCII));
        assertNoInternalError(t);
        assertThat(t).contains("anomaly:depth-limit", "subject:nested");
    }

    @Test
    void tenThousandSiblingParts() {
        StringBuilder msg = new StringBuilder("Content-Type: multipart/mixed; boundary=\"p\"\r\n\r\n");
        for (int i = 0; i < 10_000; i++) {
            msg.append("--p\r\n\r\nword").append(i).append("\r\n");
        }
        List<String> t = tokenize(msg.toString().getBytes(StandardCharsets.US_ASCII));
        assertNoInternalError(t);
        // past the part limit parts are not described, but their words still count
        assertThat(t).contains("anomaly:part-limit", "word0", "word9999");
    }

    @Test
    void fiveMegabyteHeaderLine() {
        String msg = "Subject: " + "a".repeat(5 << 20) + "\r\nFrom: x@y.example\r\n\r\nbody text\r\n";
        List<String> t = tokenize(msg.getBytes(StandardCharsets.US_ASCII));
        assertNoInternalError(t);
        assertThat(t).contains("anomaly:header-limit", "anomaly:scan-limit");
    }

    @Test
    void fiveMegabyteHeaderLineWithinALargeScanBudget() {
        MailLimits wide = new MailLimits(16 << 20, 20, 200, 64 << 10, 512 << 10, 40, 20_000);
        String msg = "X-Junk: " + "ab ".repeat(2 << 20) + "\r\nSubject: after\r\n\r\nbody text\r\n";
        List<String> t = assertTimeoutPreemptively(BOUND, () -> {
            Features f = Features.explaining(wide.maxTokens());
            new Tokenizer(wide).tokenize(msg.getBytes(StandardCharsets.US_ASCII), f);
            return f.names();
        });
        assertNoInternalError(t);
        assertThat(t).contains("anomaly:header-limit", "subject:after", "body", "text");
    }

    @Test
    void deeplyNestedHtml() {
        String msg = "Content-Type: text/html\r\n\r\n" + "<div>".repeat(100_000) + "deep words" + "</div>".repeat(100_000);
        List<String> t = tokenize(msg.getBytes(StandardCharsets.US_ASCII));
        assertNoInternalError(t);
        assertThat(t).contains("deep", "words");
    }

    @Test
    void thirtyThousandLinks() {
        StringBuilder msg = new StringBuilder("Content-Type: text/html\r\n\r\n");
        for (int i = 0; i < 30_000; i++) {
            msg.append("<a href=\"http://h").append(i).append(".example/\">x</a>");
        }
        List<String> t = tokenize(msg.toString().getBytes(StandardCharsets.US_ASCII));
        assertNoInternalError(t);
        assertThat(t).contains(Features.OVERFLOW);
    }

    @Test
    void endlessEnvelopeLine() {
        byte[] msg = ("From " + "x".repeat(3 << 20) + "\nSubject: s\n\nbody\n").getBytes(StandardCharsets.US_ASCII);
        List<String> t = tokenize(msg);
        assertNoInternalError(t);
        assertThat(t).contains("anomaly:scan-limit");
    }

    @Test
    void bareCarriageReturnsAndNulBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Subject: a\rFrom: b\0c\r\r\nContent-Type: text/plain\0\r\n\r\nbody\0with\0nul\r".getBytes(StandardCharsets.ISO_8859_1));
        List<String> t = tokenize(out.toByteArray());
        assertNoInternalError(t);
    }

    @Test
    void zeroWidthCharsInABareLinkGiveTheLinksFeatures() throws Exception {
        byte[] obscured = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src/test/resources/regressions/zero-width-chars-hid-bare-urls.eml"));
        String plain = new String(obscured, StandardCharsets.UTF_8).replaceAll("[\u200B\u200D\u00AD]", "");
        List<String> urls = tokenize(obscured).stream().filter(s -> s.startsWith("url:")).sorted().toList();
        assertThat(urls).contains("url:lb.bcentral.com", "url:shop.example")
                .isEqualTo(tokenize(plain.getBytes(StandardCharsets.UTF_8)).stream().filter(s -> s.startsWith("url:")).sorted().toList());
    }

    @Test
    void aHomoglyphTwinHasTheWordsItImitates() throws Exception {
        byte[] twin = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src/test/resources/regressions/homoglyph-twin-lost-the-words-it-imitates.eml"));
        List<String> t = tokenize(twin);
        assertThat(t).contains("subject:paypal", "subject:account", "your", "password", "paypal", "account", "closed",
                "\u043F\u0430\u0440\u043E\u043B\u044C", "\u0441\u0430\u0439\u0442");
    }
}
