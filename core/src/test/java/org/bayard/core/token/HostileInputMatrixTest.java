package org.bayard.core.token;

import org.bayard.core.mail.MailLimits;
import org.bayard.core.policy.Policy;
import org.bayard.core.policy.PolicyParams;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-content rows C1-C11 of the reliability matrix, fed to the reader and tokenizer
 * together. Every input is generated here. Each one runs on a thread with a 256 KB stack (so
 * hidden recursion shows as an internal error, not as luck with a big default stack), and is
 * held to the matrix's budgets on that thread: CPU time and bytes allocated, which bounds the
 * heap it can take. The budgets are the matrix's (1 s, 256 MB); the inputs take far less here.
 */
class HostileInputMatrixTest {

    private static final long CPU_BUDGET_NANOS = 1_000_000_000L;
    private static final long ALLOCATION_BUDGET = 256L << 20;
    private static final long SMALL_STACK = 256 << 10;

    /** What one tokenizer run produced and cost. */
    record Run(List<String> features, long cpuNanos, long allocated) {
        boolean has(String feature) {
            return features.contains(feature);
        }
    }

    private static Run run(byte[] message) {
        return run(() -> {
            Features f = Features.explaining(MailLimits.DEFAULT.maxTokens());
            new Tokenizer(MailLimits.DEFAULT).tokenize(message, f);
            return f.names();
        });
    }

    /** Runs the work on a fresh small-stack thread and measures it there. */
    private static Run run(Supplier<List<String>> work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        AtomicReference<Run> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                long cpu = threads.getCurrentThreadCpuTime();
                long allocated = threads.getCurrentThreadAllocatedBytes();
                List<String> features = work.get();
                result.set(new Run(features, threads.getCurrentThreadCpuTime() - cpu,
                        threads.getCurrentThreadAllocatedBytes() - allocated));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "hostile", SMALL_STACK);
        t.start();
        try {
            t.join(20_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(t.isAlive()).as("still running after 20 s").isFalse();
        assertThat(failure.get()).as("thrown out of the tokenizer").isNull();
        Run r = result.get();
        assertThat(r.features()).doesNotContain("anomaly:reader-error", "anomaly:tokenizer-error").isNotEmpty();
        assertThat(r.cpuNanos()).as("CPU nanoseconds").isLessThan(CPU_BUDGET_NANOS);
        assertThat(r.allocated()).as("bytes allocated").isLessThan(ALLOCATION_BUDGET);
        return r;
    }

    private static byte[] ascii(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String boundary4(int i) {
        String s = Integer.toString(i, 36);
        return "0000".substring(s.length()) + s;
    }

    // C1: deep structure

    @Test
    void c1HundredThousandNestedMultipartsWithFourByteBoundaries() {
        StringBuilder msg = new StringBuilder("Subject: nested\r\n");
        for (int i = 0; i < 100_000; i++) {
            String b = boundary4(i);
            msg.append("Content-Type: multipart/mixed; boundary=").append(b).append("\r\n\r\n--").append(b).append("\r\n");
        }
        msg.append("Content-Type: text/plain\r\n\r\ndeepest\r\n");
        for (int i = 99_999; i >= 0; i--) {
            msg.append("--").append(boundary4(i)).append("--\r\n");
        }
        assertThat(msg.length()).isLessThan(10 << 20);
        Run r = run(ascii(msg));
        assertThat(r.features()).contains("anomaly:depth-limit", "subject:nested");
    }

    @Test
    void c1ChainOfHundredThousandAttachedMessages() {
        StringBuilder msg = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            msg.append(i == 0 ? "Subject: outer\r\n" : "").append("Content-Type: message/rfc822\r\n\r\n");
        }
        msg.append("Subject: innermost\r\n\r\nbottom\r\n");
        Run r = run(ascii(msg));
        assertThat(r.features()).contains("anomaly:depth-limit", "subject:outer");
    }

    @Test
    void c1NestedSignedMessages() {
        StringBuilder msg = new StringBuilder("Subject: signed\r\n");
        int depth = 5_000;
        for (int i = 0; i < depth; i++) {
            msg.append("Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=s").append(i)
                    .append("\r\n\r\n--s").append(i).append("\r\n");
        }
        msg.append("Content-Type: text/plain\r\n\r\nsigned text\r\n");
        for (int i = depth - 1; i >= 0; i--) {
            msg.append("--s").append(i).append("\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0BBwEAAA==\r\n--s")
                    .append(i).append("--\r\n");
        }
        Run r = run(ascii(msg));
        assertThat(r.features()).contains("anomaly:depth-limit", "subject:signed");
    }

    // C2: part floods

    @Test
    void c2MillionTinyPartsInTenMegabytes() {
        StringBuilder msg = new StringBuilder("Content-Type: multipart/mixed; boundary=a\n\n");
        msg.append("--a\nx:y\n\n".repeat(1_000_000));
        assertThat(msg.length()).isLessThanOrEqualTo(10 << 20);
        Run r = run(ascii(msg));
        assertThat(r.features()).contains("anomaly:part-limit");
        // the parts past the cap are still walked, for their text, but one with an empty body
        // costs no objects: a flood a tenth the size costs about as much
        Run tenth = run(ascii("Content-Type: multipart/mixed; boundary=a\n\n" + "--a\nx:y\n\n".repeat(100_000)));
        assertThat(r.allocated()).isLessThan(tenth.allocated() * 2 + (4 << 20));
    }

    @Test
    void c2TextAfterTwoHundredEmptyPartsIsRead() {
        Run r = run(ascii("Content-Type: multipart/mixed; boundary=e\r\n\r\n" + "--e\r\n\r\n".repeat(MailLimits.DEFAULT.maxParts())
                + "--e\r\nContent-Type: text/html\r\n\r\n<p>cheap pills</p>\r\n--e--\r\n"));
        assertThat(r.features()).contains("anomaly:part-limit", "cheap", "pills");
    }

    @Test
    void c2TenThousandEmptyPartsBeforeTheTextAreWalkedWithinBudget() {
        String text = "--e\r\nContent-Type: text/plain\r\n\r\ncheap pills\r\n--e--\r\n";
        Run thousand = run(ascii("Content-Type: multipart/mixed; boundary=e\r\n\r\n" + "--e\r\n\r\n".repeat(1_000) + text));
        Run tenThousand = run(ascii("Content-Type: multipart/mixed; boundary=e\r\n\r\n" + "--e\r\n\r\n".repeat(10_000) + text));
        assertThat(tenThousand.features()).contains("anomaly:part-limit", "cheap", "pills");
        // past the limit parts are not described: the same part features as for a thousand parts
        assertThat(tenThousand.features()).isEqualTo(thousand.features());
        // and, empty, they cost no objects (run() holds each to the matrix's budgets besides)
        assertThat(tenThousand.allocated()).isLessThan(thousand.allocated() + (256 << 10));
    }

    /**
     * Past the part limit every part's file name is still read, for the executable-attachment
     * check: a megabyte of parts named the costly ways (RFC 2231 escapes, encoded words) stays
     * within the budgets, for the tokenizer (which does not use the names) and for the checks,
     * which still find the executable after them.
     */
    @Test
    void c2AMegabyteOfNamedPartsPastTheLimitIsReadAndCheckedWithinBudget() {
        Policy policy = new Policy(PolicyParams.DEFAULTS, MailLimits.DEFAULT);
        for (String part : new String[] {"--e\r\nContent-Disposition: attachment; filename*=utf-8''" + "%41".repeat(300) + "\r\n\r\nx\r\n",
                "--e\r\nContent-Type: a/b; name=\"=?utf-8?b?" + "QUFB".repeat(100) + "?=\"\r\n\r\nx\r\n",
                "--e\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\nx\r\n"}) {
            byte[] msg = ascii("Content-Type: multipart/mixed; boundary=e\r\n\r\n" + part.repeat((1 << 20) / part.length())
                    + "--e\r\nContent-Disposition: attachment; filename=last.exe\r\n\r\nMZ\r\n--e--\r\n");
            assertThat(run(msg).features()).contains("anomaly:part-limit");
            Run checks = run(() -> List.of(policy.decide(msg, Optional.empty()).symbolNames().split(",")));
            assertThat(checks.features()).contains(PolicyParams.EXECUTABLE_ATTACHMENT);
        }
    }

    @Test
    void c2HundredThousandEmptyParts() {
        Run r = run(ascii("Content-Type: multipart/mixed; boundary=e\r\n\r\n" + "--e\r\n\r\n".repeat(100_000) + "--e--\r\n"));
        assertThat(r.features()).contains("anomaly:part-limit");
    }

    @Test
    void c2ThousandAttachments() {
        StringBuilder msg = new StringBuilder("Subject: files\r\nContent-Type: multipart/mixed; boundary=f\r\n\r\n--f\r\n\r\nsee attached\r\n");
        for (int i = 0; i < 1000; i++) {
            msg.append("--f\r\nContent-Type: application/octet-stream; name=\"file").append(i).append(".bin\"\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\nAAECAwQFBgcICQ==\r\n");
        }
        msg.append("--f--\r\n");
        Run r = run(ascii(msg));
        assertThat(r.features()).contains("anomaly:part-limit", "see", "attached");
    }

    // C3: header bombs

    @Test
    void c3TenMegabyteFoldedSubject() {
        Run r = run(ascii("Subject: start\r\n" + " word word\r\n".repeat(900_000) + "From: a@b.example\r\n\r\nbody\r\n"));
        assertThat(r.features()).contains("anomaly:header-limit", "anomaly:scan-limit", "subject:start");
    }

    @Test
    void c3HundredThousandToLines() {
        StringBuilder msg = new StringBuilder("Subject: many\r\n");
        for (int i = 0; i < 100_000; i++) {
            msg.append("To: user").append(i).append("@h").append(i % 977).append(".example\r\n");
        }
        msg.append("\r\nbody\r\n");
        Run r = run(ascii(msg));
        assertThat(r.features()).contains("subject:many");
    }

    @Test
    void c3TenThousandRfc2231Parameters() {
        StringBuilder params = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            params.append(";\r\n name*").append(i).append("*=utf-8''%41%42");
        }
        Run r = run(ascii("Subject: params\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\n"
                + "Content-Type: application/octet-stream" + params + "\r\nContent-Disposition: attachment" + params.toString().replace("name*", "filename*")
                + "\r\n\r\nAAAA\r\n--q\r\nContent-Type: text/plain\r\n\r\nafter the params\r\n--q--\r\n"));
        assertThat(r.features()).contains("subject:params", "after", "params");
    }

    @Test
    void c3TenThousandEncodedWords() {
        StringBuilder subject = new StringBuilder("Subject:");
        StringBuilder from = new StringBuilder("From:");
        for (int i = 0; i < 10_000; i++) {
            subject.append(" =?utf-8?q?w").append(i).append("?=");
            from.append(" =?iso-8859-1?b?").append(Base64.getEncoder().encodeToString(("n" + i).getBytes(StandardCharsets.US_ASCII))).append("?=\r\n");
        }
        Run r = run(ascii(subject + "\r\n" + from + " <a@b.example>\r\n\r\nbody words\r\n"));
        assertThat(r.features()).contains("body", "words");
    }

    /**
     * mime4j's decoder spends 10 us or more on every "=?" that starts no valid encoded word: a
     * message of 64 KB fields full of them (2 MB scanned) took 10 s of CPU. A message's header
     * values now get 2000 starts decoded, a quoted parameter 50.
     */
    @Test
    void c3FieldsFullOfBrokenEncodedWordStarts() {
        Run r = run(ascii(("Subject: " + "=?".repeat(32_000) + "\r\n").repeat(15)
                + ("X-A: =?" + "=?a?q?".repeat(10_000) + "\r\n").repeat(15)
                + "Content-Type: text/plain; name=\"=?" + "=?".repeat(30_000) + "\"\r\n\r\nbody words\r\n"));
        assertThat(r.features()).contains("body", "words", "anomaly:bad-encoded-word");
        // as many starts spread over many small fields
        run(ascii(("X-B: " + "=?".repeat(60) + "\r\n").repeat(15_000) + "\r\nbody words\r\n"));
    }

    @Test
    void c3HeadersWithoutAColonOrABlankLineOrStartingWithAFold() {
        for (String msg : List.of(
                "This line is no header\r\nSubject: nocolon\r\n\r\nbody text\r\n",
                "Subject: noblank\r\nFrom: a@b.example\r\nX-Last: value",
                " continued first\r\nSubject: firstfold\r\n\r\nbody text\r\n",
                "Subject: ok\r\n" + "no colon at all ".repeat(100_000) + "\r\n\r\nbody\r\n",
                "X-" + "a".repeat(3 << 20))) {
            Run r = run(ascii(msg));
            assertThat(r.features()).anyMatch(s -> s.startsWith("anomaly:") || s.startsWith("subject:"));
        }
    }

    // C4: boundary problems; the same features every time, and whether read at once or byte by byte

    /** A word of each boundary case's text, which is read in every case. */
    private static final Map<String, String> TEXT_WORD = Map.of("no boundary parameter", "missing", "2 KB boundary", "long",
            "100 KB boundary", "huge", "boundary ending in --", "dashed", "two content types", "double",
            "quoted-printable multipart", "encoded", "boundary never appears", "absent", "same boundary at every level", "same");

    @Test
    void c4BoundaryProblemsParseTheSameAtOnceAndOneByteAtATime() {
        String two = "b".repeat(2 << 10);
        String hundred = "c".repeat(100 << 10);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("no boundary parameter", "Content-Type: multipart/mixed\r\n\r\n--x\r\n\r\nmissing words\r\n--x--\r\n");
        cases.put("boundary never appears", "Content-Type: multipart/mixed; boundary=zzz\r\n\r\n--x\r\n\r\nabsent words\r\n");
        cases.put("same boundary at every level", "Content-Type: multipart/mixed; boundary=s\r\n\r\n"
                + "--s\r\nContent-Type: multipart/mixed; boundary=s\r\n\r\n".repeat(1000) + "--s\r\n\r\nsame words\r\n--s--\r\n");
        cases.put("2 KB boundary", "Content-Type: multipart/mixed; boundary=\"" + two + "\"\r\n\r\n--" + two
                + "\r\n\r\nlong words\r\n--" + two + "--\r\n");
        cases.put("100 KB boundary", "Content-Type: multipart/mixed; boundary=\"" + hundred + "\"\r\n\r\n--" + hundred
                + "\r\n\r\nhuge words\r\n--" + hundred + "--\r\n");
        cases.put("boundary ending in --", "Content-Type: multipart/mixed; boundary=\"e--\"\r\n\r\n--e--\r\n\r\ndashed words\r\n--e----\r\n");
        cases.put("two content types", "Content-Type: multipart/mixed; boundary=one\r\nContent-Type: text/plain\r\n\r\n"
                + "--one\r\n\r\ndouble words\r\n--one--\r\n");
        cases.put("quoted-printable multipart", "Content-Type: multipart/mixed; boundary=qp\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "--qp\r\nContent-Type: text/plain\r\n\r\nencoded=20words\r\n--qp--\r\n");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            byte[] msg = ascii(c.getValue());
            Run whole = run(msg);
            // the same boundary at every level makes 1000 empty parts side by side (an inner
            // multipart's body ends at the outer delimiter): the text, in part 1001, lies past the
            // part limit, where text is still read
            assertThat(whole.features()).as(c.getKey()).contains(TEXT_WORD.get(c.getKey()));
            assertThat(run(msg).features()).as(c.getKey()).isEqualTo(whole.features());
            assertThat(run(() -> {
                Features f = Features.explaining(MailLimits.DEFAULT.maxTokens());
                new Tokenizer(MailLimits.DEFAULT).tokenize(new OneByteAtATime(msg), f);
                return f.names();
            }).features()).as(c.getKey() + ", one byte at a time").isEqualTo(whole.features());
        }
    }

    @Test
    void c4BoundaryProblemsAreFlagged() {
        assertThat(run(ascii("Content-Type: multipart/mixed\r\n\r\n--x\r\n\r\nwords\r\n")).features()).contains("anomaly:no-boundary");
        assertThat(run(ascii("Content-Type: multipart/mixed; boundary=zzz\r\n\r\n--x\r\n\r\nwords\r\n")).features())
                .contains("anomaly:no-delimiter", "content-type:text/plain", "words").doesNotContain("parts:no-text");
        String hundred = "c".repeat(100 << 10);
        assertThat(run(ascii("Content-Type: multipart/mixed; boundary=\"" + hundred + "\"\r\n\r\n--" + hundred + "\r\n\r\nwords\r\n"))
                .features()).contains("anomaly:header-limit");
    }

    @Test
    void c4TwoContentTypesReadTheTextThatEitherOneShows() {
        // mail clients mostly go by the first field, some by the last: whichever names text, the words count
        assertThat(run(ascii("Content-Type: text/plain\r\nContent-Type: multipart/mixed; boundary=zzz\r\n\r\nhidden words\r\n"))
                .features()).contains("hidden", "anomaly:content-type-conflict", "content-type:text/plain")
                .doesNotContain("parts:no-text");
        assertThat(run(ascii("Content-Type: text/plain\r\nContent-Type: application/octet-stream\r\n\r\nhidden words\r\n"))
                .features()).contains("hidden", "anomaly:content-type-conflict", "content-type:text/plain");
        assertThat(run(ascii("Content-Type: application/octet-stream\r\nContent-Type: text/plain\r\n\r\nshown words\r\n"))
                .features()).contains("shown", "anomaly:content-type-conflict", "content-type:text/plain");
    }

    /** A stream that hands out one byte per read, as a slow socket may. */
    private static final class OneByteAtATime extends InputStream {
        private final ByteArrayInputStream in;

        OneByteAtATime(byte[] bytes) {
            in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return len == 0 ? 0 : in.read(b, off, 1);
        }
    }

    // C5: encoding errors and truncation

    @Test
    void c5EncodingErrorsAreDecodedLenientlyWhatCanBeDecodedCounts() {
        String head = "Subject: enc\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: ";
        String hello = Base64.getEncoder().encodeToString("hello decoded words".getBytes(StandardCharsets.US_ASCII));
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("base64 with bad characters", head + "base64\r\n\r\n" + hello.replace("G", "G!*\u00ff") + "\r\n");
        cases.put("base64 with bad padding", head + "base64\r\n\r\n" + hello + "===\r\nZm9v=YmFy\r\n");
        cases.put("base64 length 1 mod 4", head + "base64\r\n\r\n" + hello + "Q\r\n");
        cases.put("quoted-printable =ZZ and a trailing =", head + "quoted-printable\r\n\r\nhello =ZZ decoded= \r\n words=");
        cases.put("uuencode junk", head + "x-uuencode\r\n\r\nbegin 644 hello.txt\r\n#!!!!\r\nM\u00ff\u00fe junk\r\nend\r\nhello decoded words\r\n");
        cases.put("unknown encoding", head + "x-gzip64\r\n\r\nhello decoded words\r\n");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertThat(run(ascii(c.getValue())).features()).as(c.getKey()).contains("hello", "words", "subject:enc");
        }
        assertThat(run(ascii("Subject: cut\r\nFrom: a@b.exa")).features()).contains("subject:cut");
        assertThat(run(ascii("Subject: cut\r\nContent-Transfer-Encoding: base64\r\n\r\n" + hello.substring(0, 11))).features())
                .contains("subject:cut", "hello");
        assertThat(run(ascii("Subject: only a header\r\n")).features()).contains("subject:header");
        assertThat(run(new byte[0]).features()).contains("anomaly:no-headers");
        byte[] noise = new byte[2 << 20];
        new Random(5).nextBytes(noise);
        assertThat(run(noise).features()).anyMatch(s -> s.startsWith("anomaly:"));
    }

    // C6: charsets

    @Test
    void c6BadAndUnknownCharsetsFallBackAndAreRecorded() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("empty", "\"\"");
        labels.put("unknown", "\"x-foo\"");
        labels.put("300 characters", "\"" + "x".repeat(300) + "\"");
        labels.put("illegal name", "\"utf 8 ()\"");
        labels.put("utf-7", "utf-7");
        for (Map.Entry<String, String> l : labels.entrySet()) {
            Run r = run(ascii("Subject: cs\r\nContent-Type: text/plain; charset=" + l.getValue() + "\r\n\r\nplain ascii words\r\n"));
            assertThat(r.features()).as(l.getKey()).contains("plain", "ascii", "words");
        }
        assertThat(run(ascii("Content-Type: text/plain; charset=x-foo\r\n\r\nwords\r\n")).features()).contains("anomaly:unknown-charset");

        byte[] utf16 = "utf sixteen words".getBytes(StandardCharsets.UTF_16LE); // no byte-order mark
        assertThat(run(concat(ascii("Content-Type: text/plain; charset=utf-16\r\n\r\n"), utf16)).features()).isNotEmpty();
        byte[] overlong = {'a', 'b', (byte) 0xc0, (byte) 0xaf, ' ', 'f', 'i', 'n', 'e', ' ', (byte) 0xed, (byte) 0xa0, (byte) 0x80, ' ', (byte) 0xf8, 'z', '\r', '\n'};
        assertThat(run(concat(ascii("Subject: =?utf-8?b?wK8=?= x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"), overlong)).features())
                .contains("fine");
        String mixed = "Content-Type: multipart/mixed; boundary=m\r\n\r\n"
                + "--m\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\n\u00c1\u00c2 koi\r\n"
                + "--m\r\nContent-Type: text/plain; charset=shift_jis\r\n\r\n\u0082\u00a0 sjis\r\n"
                + "--m\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\u00ff\u00fe utf\r\n--m--\r\n";
        assertThat(run(ascii(mixed)).features()).contains("koi", "sjis", "utf");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    // C8: long lines and patterns that backtrack

    @Test
    void c8LongLinesAndBacktrackingBait() {
        Run html = run(ascii("Content-Type: text/html\r\n\r\n<p>" + "word ".repeat(2 << 20)));
        assertThat(html.features()).contains("word", "anomaly:scan-limit");

        byte[] raw = new byte[768 << 10];
        new Random(8).nextBytes(raw);
        run(ascii("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getEncoder().encodeToString(raw) + "\r\n"));
        run(ascii("Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getEncoder().encodeToString(("long " + "x".repeat(700 << 10)).getBytes(StandardCharsets.US_ASCII)) + "\r\n"));

        String url = "http://h.example/" + "a/".repeat(50_000);
        Run links = run(ascii("Content-Type: text/html\r\n\r\n<a href=\"" + url + "\">x</a> " + url + "\r\n"));
        assertThat(links.features()).contains("url:h.example");

        for (String bait : List.of("\"" + "a".repeat(1 << 20), "<" + "a ".repeat(500_000), "<a href=" + "\"".repeat(1 << 20),
                "=?" + "=?utf-8?q?".repeat(100_000), "http://" + "a.".repeat(500_000), "&#" + "9".repeat(1 << 20),
                "<!--" + "-".repeat(1 << 20), "a@" + "a.".repeat(500_000))) {
            run(ascii("Subject: " + bait.substring(0, 1000) + "\r\nContent-Type: text/html\r\n\r\n" + bait + "\r\n"));
            run(ascii("Content-Type: text/plain\r\n\r\n" + bait + "\r\n"));
        }
    }

    // C9: archives are not opened: their names and types count, their insides do not

    @Test
    void c9ArchivesAreNotDecompressed() throws IOException {
        ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry("inner.txt"));
            zip.write("insidethezip ".repeat(1000).getBytes(StandardCharsets.US_ASCII));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 100; i++) {
                zip.putNextEntry(new ZipEntry("zeros" + i + ".bin"));
                zip.write(zeros);
            }
        }
        ByteArrayOutputStream nested = new ByteArrayOutputStream(); // 42.zip's shape: a zip of the zip, five times
        byte[] layer = zipBytes.toByteArray();
        for (int depth = 0; depth < 5; depth++) {
            nested.reset();
            try (ZipOutputStream zip = new ZipOutputStream(nested)) {
                for (int i = 0; i < 4; i++) {
                    zip.putNextEntry(new ZipEntry("layer" + depth + "-" + i + ".zip"));
                    zip.write(layer);
                }
            }
            layer = nested.toByteArray();
            if (layer.length > (256 << 10)) break;
        }
        ByteArrayOutputStream gzipBytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(gzipBytes)) {
            gz.write("insidethegzip ".repeat(1000).getBytes(StandardCharsets.US_ASCII));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                gz.write(zeros);
            }
        }
        byte[] rar = concat(new byte[]{'R', 'a', 'r', '!', 0x1a, 0x07, 0x00, (byte) 0xff, (byte) 0xff, (byte) 0xff}, ascii("insidetherar"));
        byte[] sevenZip = concat(new byte[]{'7', 'z', (byte) 0xbc, (byte) 0xaf, 0x27, 0x1c, 0, 4, -1, -1, -1, -1}, ascii("insidethe7z"));

        StringBuilder msg = new StringBuilder("Subject: archives\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\n\r\nsee attached\r\n");
        attach(msg, "application/x-rar-compressed", "broken.rar", rar);
        attach(msg, "application/x-7z-compressed", "broken.7z", sevenZip);
        attach(msg, "application/gzip", "zeros.gz", gzipBytes.toByteArray());
        attach(msg, "application/zip", "bomb.zip", zipBytes.toByteArray());
        attach(msg, "application/zip", "nested.zip", layer);
        msg.append("--z--\r\n");
        Run r = run(ascii(msg));
        assertThat(r.features()).contains("see", "attached")
                .noneMatch(s -> s.contains("insidethe"));
        assertThat(r.features()).contains("filename:ext:zip", "filename:ext:gz", "filename:ext:rar", "filename:ext:7z")
                .doesNotContain("anomaly:scan-limit");

        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(entries)) {
            for (int i = 0; i < 100_000; i++) {
                zip.putNextEntry(new ZipEntry("insidethezip" + i));
            }
        }
        StringBuilder many = new StringBuilder("Subject: entries\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n");
        attach(many, "application/zip", "entries.zip", entries.toByteArray());
        assertThat(run(ascii(many.append("--z--\r\n"))).features()).contains("filename:ext:zip").noneMatch(s -> s.contains("insidethe"));
    }

    private static void attach(StringBuilder msg, String type, String name, byte[] content) {
        msg.append("--z\r\nContent-Type: ").append(type).append("; name=\"").append(name)
                .append("\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .append(Base64.getMimeEncoder().encodeToString(content)).append("\r\n");
    }

    // C10: HTML and CSS

    @Test
    void c10HtmlFloodsAreReadInLinearTime() {
        assertThat(run(ascii("Content-Type: text/html\r\n\r\n" + "<div>".repeat(100_000) + "unclosed words")).features())
                .contains("unclosed", "words");
        assertThat(run(ascii("Content-Type: text/html\r\n\r\n" + "<span style=\"color:red\"><b>".repeat(10_000) + "deep dom"
                + "</b></span>".repeat(10_000))).features()).contains("deep", "dom");
        assertThat(run(ascii("Content-Type: text/html\r\n\r\nentity " + "&amp;&#97;&#x62;&nbsp;".repeat(100_000) + " end")).features())
                .contains("entity");
        assertThat(run(ascii("Content-Type: text/html\r\n\r\n" + "<table><tr><td>".repeat(20_000) + "cells")).features()).contains("cells");
    }

    @Test
    void c10TextHiddenEachWayIsFlaggedAndNeverPairsWithVisibleWords() {
        List<String> ways = List.of("<span style=\"font-size:0\">", "<span style=\"display:none\">", "<span style=\"opacity:0\">",
                "<font color=\"#ffffff\">", "<span style=\"color:#fefefe;background:#ffffff\">", "<div hidden>",
                "<span style=\"visibility:hidden\">");
        for (String way : ways) {
            Run r = run(ascii("Content-Type: text/html\r\n\r\n<body bgcolor=\"#ffffff\"><p>visible offer " + way + "meeting agenda</span></p>"));
            assertThat(r.features()).as(way).contains("html:hidden-text", "visible", "offer")
                    .doesNotContain("osb1:offer meeting");
        }
    }

    // C11: Unicode evasion gives the clean message's words

    @Test
    void c11ObfuscatedTwinsHaveTheCleanMessagesWords() {
        String clean = "Verify your paypal account now at http://paypal.example/login today";
        Map<String, String> twins = new LinkedHashMap<>();
        twins.put("zero-width space, joiners, BOM, soft hyphen", "Ver\u200Bify yo\u200Cur pay\u200Dpal acc\uFEFFount n\u00ADow at http://pay\u200Bpal.example/login today");
        twins.put("bidi controls", "Ver\u202Aify yo\u202Bur pay\u202Cpal acc\u202Dount n\u202Eow at http://paypal.example/login to\u2066d\u2067a\u2068y\u2069");
        twins.put("Cyrillic look-alikes", "Verify y\u043Eur p\u0430yp\u0430l \u0430ccount now at http://paypal.example/login today");
        twins.put("fullwidth forms", "\uFF36\uFF45\uFF52\uFF49\uFF46\uFF59 your paypal account now at http://paypal.example/login today");
        for (Map.Entry<String, String> twin : twins.entrySet()) {
            assertThat(words(twin.getValue())).as(twin.getKey()).isEqualTo(words(clean));
        }
    }

    private static TreeSet<String> words(String body) {
        Run r = run(("Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8));
        TreeSet<String> words = new TreeSet<>(r.features());
        words.removeIf(s -> s.startsWith("anomaly:") || s.startsWith("part") || s.startsWith("header"));
        return words;
    }
}
