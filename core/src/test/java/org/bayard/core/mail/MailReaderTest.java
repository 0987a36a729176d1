package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MailReaderTest {

    @Test
    void quotedPrintableSubjectIsDecoded() {
        assertHeaderReadAs("Subject: =?iso-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=\r\n\r\nbody\r\n", "0 Subject: Grüße aus Köln");
    }

    @Test
    void base64EncodedWordsAcrossFoldedLinesAreJoined() {
        assertHeaderReadAs("Subject: =?utf-8?B?SsO8cmdlbg==?=\r\n =?utf-8?B?IOKCrA==?=\r\n\r\nx\r\n", "0 Subject: Jürgen €");
    }

    @Test
    void latin1EncodedWordIsReadAsWindows1252() {
        assertHeaderReadAs("Subject: =?iso-8859-1?Q?week_=96_36?=\r\n\r\nx\r\n", "0 Subject: week \u2013 36");
    }

    @Test
    void foldedHeaderIsUnfolded() {
        assertHeaderReadAs("To: a@example.com,\r\n\tb@example.com\r\n\r\nx\r\n", "0 To: a@example.com,\tb@example.com");
    }

    @Test
    void everyFoldOfAHeaderIsUnfolded() {
        assertHeaderReadAs("Subject: one\r\n two\n three\r\n\tfour\r\n\r\nx\r\n", "0 Subject: one two three\tfour");
    }

    @Test
    void aBareCrInAHeaderIsDroppedLikeTheBreaksOfAFold() {
        assertHeaderReadAs("Subject: a\rb\r\n c\r\r\n d\r\n\r\nx\r\n", "0 Subject: ab c d");
    }

    /** {@code message} read, its headers include {@code header} (its depth, then the field as decoded). */
    private static void assertHeaderReadAs(String message, String header) {
        assertThat(Recorder.read(message).headers).contains(header);
    }

    @Test
    void foldedValueIsStrippedAroundItsFoldsAndBlankValueIsEmpty() {
        Recorder r = Recorder.read("Subject:\r\n  one \r\n two \t\r\nX-Empty: \t\r\nCONTENT-TYPE: text/html\r\n\r\n<p>x</p>\r\n");
        assertThat(r.headers).contains("0 Subject: one  two", "0 X-Empty: ");
        assertThat(r.parts.getFirst().mimeType()).isEqualTo("text/html");
    }

    @Test
    void base64BodyIsDecoded() {
        Recorder r = Recorder.read("Content-Transfer-Encoding: base64\r\n\r\naGVsbG8gYmFzZTY0IHdvcmxk\r\n");
        assertThat(r.allText()).contains("hello base64 world");
        assertThat(r.parts.getFirst().transferEncoding()).isEqualTo("base64");
    }

    @Test
    void quotedPrintableBodyIsDecoded() {
        Recorder r = Recorder.read("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "caf=C3=A9 soft=\r\nbreak\r\n");
        assertThat(r.allText()).contains("café softbreak");
    }

    @Test
    void declaredCharsetIsHonoured() {
        byte[] body = "Привет мир".getBytes(Charset.forName("KOI8-R"));
        Recorder r = Recorder.read(message("Content-Type: text/plain; charset=koi8-r\r\n\r\n", body), MailLimits.DEFAULT);
        assertThat(r.allText()).contains("Привет мир");
        assertThat(r.parts.getFirst().charset()).isEqualTo("koi8-r");
    }

    @Test
    void unknownCharsetFallsBackToUtf8WhenValid() {
        assertBodyReadAs("naïve café", StandardCharsets.UTF_8, "Content-Type: text/plain; charset=x-no-such\r\n\r\n",
                "naïve café", "unknown-charset");
    }

    @Test
    void invalidUtf8FallsBackToWindows1252() {
        assertBodyReadAs("price: 5\u20ac, na\u00efve", Charset.forName("windows-1252"), "Content-Type: text/plain; charset=utf-8\r\n\r\n",
                "price: 5€, naïve", "bad-charset-data");
    }

    @Test
    void eightBitTextWithoutCharsetIsGuessed() {
        assertBodyReadAs("r\u00e9sum\u00e9", StandardCharsets.ISO_8859_1, "Subject: x\r\n\r\n", "résumé", "8bit-unlabelled");
    }

    /** {@code written} in {@code charset} as the body under {@code head}: read as {@code read}, with {@code anomaly} marked. */
    private static void assertBodyReadAs(String written, Charset charset, String head, String read, String anomaly) {
        Recorder r = Recorder.read(message(head, written.getBytes(charset)), MailLimits.DEFAULT);
        assertThat(r.allText()).contains(read);
        assertThat(r.anomalies).contains(anomaly);
    }

    /** The text of an HTML body {@code html} includes {@code text}. */
    private static void assertHtmlReadAs(String html, String text) {
        assertThat(html(html).allText()).contains(text);
    }

    @Test
    void htmlElementBoundariesSeparateWords() {
        assertHtmlReadAs("<p>now<a href=\"http://example.com/x\">click</a>here</p>", "now click here");
    }

    @Test
    void htmlCommentDoesNotSplitAWord() {
        assertHtmlReadAs("<p>fr<!-- junk -->ee money</p>", "free money");
    }

    @Test
    void htmlEntitiesAreDecoded() {
        assertHtmlReadAs("<p>caf&eacute; &amp; cr&#232;me</p>", "café & crème");
    }

    @Test
    void textHiddenByCssIsDeliveredAsHidden() {
        Recorder r = html("<p>visible</p>"
                + "<div style=\"display: none\">displaynone</div>"
                + "<span style='visibility:hidden'>visibilityhidden</span>"
                + "<span style='font-size:0px'>zerosize</span>"
                + "<span style='FONT-SIZE: 1px'>onepixel</span>"
                + "<font size=1>tinyfont</font>"
                + "<font color=\"#ffffff\">whiteonwhite</font>"
                + "<table bgcolor=black><tr><td><font color=black>blackonblack</font><font color=white>shown</font></td></tr></table>"
                + "<p style='color:#fefefe'>nearwhite</p>");
        String hidden = String.join(" ", r.hidden);
        assertThat(hidden).contains("displaynone", "visibilityhidden", "zerosize", "onepixel", "tinyfont",
                "whiteonwhite", "blackonblack", "nearwhite");
        assertThat(r.allText()).contains("visible", "shown").doesNotContain("displaynone", "whiteonwhite");
    }

    @Test
    void scriptAndStyleAreNotText() {
        Recorder r = html("<style>.a{color:red}</style><script>var secret=1;</script><p>words</p>");
        assertThat(r.allText()).contains("words").doesNotContain("secret", "color");
    }

    @Test
    void linksComeFromHrefSrcActionAndBareText() {
        Recorder r = html("<a href='http://a.example/x'>a</a><img src='http://b.example/i.gif'>"
                + "<form action='https://c.example/post'></form><p>see www.d.example/page, or http://e.example.</p>"
                + "<a href='#top'>top</a>");
        assertThat(r.urls).contains("http://a.example/x", "http://b.example/i.gif", "https://c.example/post",
                "www.d.example/page", "http://e.example");
        assertThat(r.urls).doesNotContain("#top");
    }

    @Test
    void bareUrlsInPlainTextAreFound() {
        Recorder r = Recorder.read("Subject: x\r\n\r\nGo to (http://example.com/buy?id=1) now.\r\n");
        assertThat(r.urls).containsExactly("http://example.com/buy?id=1");
    }

    @Test
    void attachmentFileNameAndTypeAreReported() {
        String msg = """
                Content-Type: multipart/mixed; boundary="b1"

                --b1
                Content-Type: text/plain

                see attached
                --b1
                Content-Type: application/octet-stream; name="fallback.bin"
                Content-Disposition: attachment; filename="invoice.pdf.exe"
                Content-Transfer-Encoding: base64

                TVqQAAMAAAAEAAAA
                --b1
                Content-Type: application/pdf
                Content-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf

                xx
                --b1
                Content-Type: image/gif; name=pic.gif

                GIF89a
                --b1--
                """;
        Recorder r = Recorder.read(msg);
        assertThat(r.parts).extracting(PartInfo::fileName).contains("invoice.pdf.exe", "résumé.pdf", "pic.gif");
        assertThat(r.parts).extracting(PartInfo::mimeType)
                .containsExactly("multipart/mixed", "text/plain", "application/octet-stream", "application/pdf", "image/gif");
        assertThat(r.parts).extracting(PartInfo::depth).containsExactly(0, 1, 1, 1, 1);
        assertThat(r.allText()).contains("see attached").doesNotContain("TVqQ");
    }

    @Test
    void attachedMessageIsReadInside() {
        String msg = """
                Subject: outer
                Content-Type: multipart/mixed; boundary="o"

                --o
                Content-Type: message/rfc822

                Subject: inner subject
                From: spammer@example.net

                inner body text
                --o--
                """;
        Recorder r = Recorder.read(msg);
        assertThat(r.headers).contains("0 Subject: outer", "2 Subject: inner subject");
        assertThat(r.allText()).contains("inner body text");
        assertThat(r.parts).extracting(PartInfo::mimeType).contains("message/rfc822");
    }

    @Test
    void digestPartsDefaultToMessages() {
        String msg = """
                Content-Type: multipart/digest; boundary="d"

                --d

                Subject: first

                one
                --d--
                """;
        Recorder r = Recorder.read(msg);
        assertThat(r.parts).extracting(PartInfo::mimeType).contains("message/rfc822");
        assertThat(r.headers).anyMatch(h -> h.endsWith("Subject: first"));
    }

    @Test
    void mboxEnvelopeLineIsIgnored() {
        Recorder r = Recorder.read("From spammer@example.com Mon Jan  1 00:00:00 2024\nSubject: hi\n\nbody\n");
        assertThat(r.headers).containsExactly("0 Subject: hi");
        assertThat(r.anomalies).doesNotContain("bad-header");
    }

    @Test
    void headerLongerThanLimitIsCut() {
        MailLimits limits = new MailLimits(1 << 20, 20, 100, 64, 1000, 40, 1000);
        Recorder r = Recorder.read(("Subject: " + "word ".repeat(100) + "\r\n\r\nx\r\n").getBytes(StandardCharsets.US_ASCII), limits);
        assertThat(r.anomalies).contains("header-limit");
        assertThat(r.headers.getFirst().length()).isLessThan(70);
    }

    @Test
    void textLongerThanLimitIsCut() {
        MailLimits limits = new MailLimits(1 << 20, 20, 100, 1000, 100, 40, 1000);
        Recorder r = Recorder.read(("Subject: x\r\n\r\n" + "abc ".repeat(1000)).getBytes(StandardCharsets.US_ASCII), limits);
        assertThat(r.anomalies).contains("text-limit");
        assertThat(r.allText().length()).isLessThanOrEqualTo(100);
    }

    @Test
    void partsBeyondTheLimitAreNotDescribedButTheirTextIsRead() {
        StringBuilder msg = new StringBuilder("Content-Type: multipart/mixed; boundary=\"p\"\r\n\r\n");
        for (int i = 0; i < 50; i++) {
            msg.append("--p\r\nX-Part: ").append(i).append("\r\n\r\npart").append(i).append("\r\n");
        }
        msg.append("--p--\r\n");
        MailLimits limits = new MailLimits(1 << 20, 20, 10, 1000, 1000, 40, 1000);
        Recorder r = Recorder.read(msg.toString().getBytes(StandardCharsets.US_ASCII), limits);
        assertThat(r.anomalies).contains("part-limit");
        assertThat(r.parts).hasSize(10);
        assertThat(r.headers).hasSize(1 + 9).last().isEqualTo("1 X-Part: 8");
        assertThat(r.texts).extracting(String::strip).hasSize(50).contains("part0", "part9", "part10", "part49");
    }

    @Test
    void everyPartsFileNameIsGivenAlsoPastThePartLimitExceptAnEmptyOnes() {
        String msg = """
                Content-Type: multipart/mixed; boundary=o

                --o
                Content-Disposition: attachment; filename=a.txt

                x
                --o
                Content-Type: application/octet-stream; name="b.pdf"

                x
                --o
                Content-Disposition: attachment; filename*=utf-8''c%2Eexe

                x
                --o
                Content-Disposition: attachment; filename=empty.exe

                --o
                Content-Type: message/rfc822

                Content-Type: application/octet-stream; name="=?utf-8?q?d=2Escr?="

                x
                --o--
                """;
        Recorder r = Recorder.read(msg.getBytes(StandardCharsets.US_ASCII), new MailLimits(1 << 20, 20, 2, 1000, 1000, 40, 1000));
        assertThat(r.parts).extracting(PartInfo::fileName).containsExactly("", "a.txt");
        // past the limit as before it; the empty part is a file of nothing, and is not even looked at
        assertThat(r.attachmentNames).containsExactly("a.txt", "b.pdf", "c.exe", "d.scr");
        assertThat(Recorder.read(msg.getBytes(StandardCharsets.US_ASCII), MailLimits.DEFAULT).attachmentNames)
                .containsExactly("a.txt", "b.pdf", "c.exe", "empty.exe", "d.scr");
    }

    @Test
    void textAfterTwoHundredEmptyPartsIsRead() {
        String msg = "Content-Type: multipart/mixed; boundary=e\n\n" + "--e\n\n".repeat(MailLimits.DEFAULT.maxParts())
                + "--e\nContent-Type: text/plain\n\nhidden words\n--e--\n";
        Recorder r = Recorder.read(msg);
        assertThat(r.texts).extracting(String::strip).containsExactly("hidden words");
        assertThat(r.anomalies).contains("part-limit");
        assertThat(r.parts).hasSize(MailLimits.DEFAULT.maxParts());
    }

    @Test
    void textPastThePartLimitIsReadInNestedPartsAndAttachedMessages() {
        String msg = """
                Content-Type: multipart/mixed; boundary=o

                --o
                Content-Type: multipart/alternative; boundary=i

                --i
                Content-Type: text/html

                <p>html words</p>
                --i--
                --o
                Content-Type: message/rfc822

                Subject: attached

                attached words
                --o
                Content-Type: image/gif

                GIF89a
                --o--
                """;
        Recorder r = Recorder.read(msg.getBytes(StandardCharsets.US_ASCII), new MailLimits(1 << 20, 20, 1, 1000, 1000, 40, 1000));
        assertThat(r.texts).extracting(String::strip).containsExactly("html words", "attached words");
        assertThat(r.parts).hasSize(1);
        assertThat(r.headers).containsExactly("0 Content-Type: multipart/mixed; boundary=o");
    }

    @Test
    void nestingPastThePartLimitIsBoundedByTheDepthLimitWhateverTheNameSays() {
        // the name does not parse as a type, so only the structure says each level is a container
        StringBuilder msg = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            msg.append("Content-Type: multipart/mixed x; boundary=b").append(i).append("\n\n--b").append(i).append('\n');
        }
        Recorder r = Recorder.read(msg + "\nbottom words\n");
        assertThat(r.parts).hasSize(MailLimits.DEFAULT.maxParts());
        assertThat(r.anomalies).contains("part-limit", "depth-limit").doesNotContain("reader-error");
        assertThat(r.texts).isEmpty();
    }

    @Test
    void nestingBeyondTheLimitIsSkippedButLaterPartsAreRead() {
        String msg = """
                Content-Type: multipart/mixed; boundary="a"

                --a
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: multipart/mixed; boundary="c"

                --c

                too deep
                --c--
                --b--
                --a

                shallow again
                --a--
                """;
        MailLimits limits = new MailLimits(1 << 20, 2, 100, 1000, 1000, 40, 1000);
        Recorder r = Recorder.read(msg.getBytes(StandardCharsets.US_ASCII), limits);
        assertThat(r.anomalies).contains("depth-limit");
        assertThat(r.allText()).contains("shallow again").doesNotContain("too deep");
    }

    @Test
    void oneByteAtATimeGivesTheSameEvents() throws IOException {
        byte[] msg = """
                From x@y Sat Jan  1 00:00:00 2000
                Subject: =?utf-8?Q?caf=C3=A9?=
                Content-Type: multipart/alternative; boundary="zz"

                --zz
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: quoted-printable

                plain caf=C3=A9 http://example.com/a
                --zz
                Content-Type: text/html

                <p>html<b>bold</b><span style="display:none">secret</span></p>
                --zz--
                """.getBytes(StandardCharsets.UTF_8);
        Recorder whole = Recorder.read(msg, MailLimits.DEFAULT);
        Recorder trickled = new Recorder();
        try (InputStream in = new OneByteAtATime(new ByteArrayInputStream(msg))) {
            MailReader.read(in, MailLimits.DEFAULT, trickled);
        }
        assertThat(trickled.events).isEqualTo(whole.events);
        assertThat(whole.hidden).extracting(String::strip).containsExactly("secret");
    }

    @Test
    void linksBeyondTheLimitAreDropped() {
        MailLimits limits = new MailLimits(1 << 20, 20, 100, 1000, 100_000, 40, 5);
        Recorder r = Recorder.read(("Subject: x\r\n\r\n" + "http://a.example/ ".repeat(20)).getBytes(StandardCharsets.US_ASCII), limits);
        assertThat(r.urls).hasSize(5);
        assertThat(r.anomalies).contains("url-limit");
    }

    @Test
    void messageLongerThanTheScanBudgetIsMarkedEvenWhenItsTextEndedEarlier() {
        MailLimits limits = new MailLimits(1000, 20, 100, 1000, 100, 40, 1000);
        byte[] msg = ("Subject: x\r\n\r\n" + "word ".repeat(1000)).getBytes(StandardCharsets.US_ASCII);
        assertThat(Recorder.read(msg, limits).anomalies).contains("scan-limit", "text-limit");
        Recorder streamed = new Recorder();
        MailReader.read(new ByteArrayInputStream(msg), limits, streamed);
        assertThat(streamed.anomalies).contains("scan-limit");
    }

    @Test
    void whatTheParserLeavesUnreadCountsExactlyAgainstTheScanBudget() {
        // no part allowed: the reader stops at the end of the header and the rest is skipped unread
        MailLimits limits = new MailLimits(1000, 20, 0, 1000, 100, 40, 1000);
        byte[] head = "Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int extra = 0; extra <= 1; extra++) {
            byte[] msg = Arrays.copyOf(head, 1000 + extra);
            Arrays.fill(msg, head.length, msg.length, (byte) 'w');
            for (InputStream in : List.of(new ByteArrayInputStream(msg), new BufferedInputStream(new ByteArrayInputStream(msg), 7))) {
                Recorder r = new Recorder();
                MailReader.read(in, limits, r);
                assertThat(r.anomalies.contains("scan-limit")).as("%d bytes over", extra).isEqualTo(extra == 1);
            }
        }
    }

    @Test
    void failingStreamIsRecordedNotThrown() {
        InputStream failing = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ < 20) {
                    return 'a';
                }
                throw new IOException("disk gone");
            }
        };
        Recorder r = new Recorder();
        MailReader.read(failing, MailLimits.DEFAULT, r);
        assertThat(r.anomalies).contains("io-error");
    }

    @Test
    void sameAnomalyIsReportedOncePerMessage() {
        Recorder r = Recorder.read("Subject: x\r\n" + "no colon here\r\n".repeat(50) + "\r\nbody\r\n");
        assertThat(r.anomalies).containsOnlyOnce("bad-header");
    }

    @Test
    void unterminatedMultipartKeepsItsPartsAndIsAnAnomaly() {
        Recorder r = Recorder.read("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nfirst\n--b\n\nsecond words\n");
        assertThat(r.allText()).contains("first").contains("second words");
        assertThat(r.anomalies).contains("bad-header");
        assertThat(r.parts).hasSize(3);
    }

    @Test
    void aTextContentTypeBeforeAMultipartOneIsReadAsTheTextMailClientsShow() {
        // mail clients go by the first Content-Type: the body is text to the recipient
        Recorder r = Recorder.read("Content-Type: text/plain; charset=koi8-r\nContent-Type: multipart/mixed; boundary=zzz\n\nhidden words\n");
        assertThat(r.parts).containsExactly(new PartInfo("text/plain", "koi8-r", "", "", 0));
        assertThat(r.allText().strip()).isEqualTo("hidden words");
        assertThat(r.anomalies).containsExactly("content-type-conflict");
    }

    @Test
    void aTextContentTypeBeforeAMultipartOneWhoseDelimitersAppearIsReadWhole() {
        String msg = """
                Content-Type: text/plain
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                part words
                --b--
                """;
        Recorder r = Recorder.read(msg);
        assertThat(r.parts).extracting(PartInfo::mimeType).containsExactly("text/plain");
        assertThat(r.allText()).contains("part words", "--b");
        assertThat(r.anomalies).containsExactly("content-type-conflict");
    }

    @Test
    void aTextContentTypeBeforeABinaryOneIsReadAsText() {
        String words = java.util.Base64.getEncoder().encodeToString("encoded hidden words".getBytes(StandardCharsets.US_ASCII));
        Recorder r = Recorder.read("Content-Type: text/html\nContent-Transfer-Encoding: base64\nContent-Type: application/octet-stream\n\n"
                + words + "\n");
        assertReadAsOneTextPart(r, "text/html", "encoded hidden words", "content-type-conflict");
    }

    @Test
    void aBinaryContentTypeBeforeATextOneIsStillReadAsText() {
        // a client that goes by the last field shows it; the words count either way
        Recorder r = Recorder.read("Content-Type: application/octet-stream\nContent-Type: text/plain\n\nshown words\n");
        assertReadAsOneTextPart(r, "text/plain", "shown words", "content-type-conflict");
    }

    @Test
    void aMultipartWithoutDelimiterBeforeABinaryContentTypeIsReadAsText() {
        Recorder r = Recorder.read("Content-Type: multipart/mixed; boundary=zzz\nContent-Type: image/gif\n\nhidden words\n");
        assertReadAsOneTextPart(r, "text/plain", "hidden words", "no-delimiter", "content-type-conflict");
    }

    @Test
    void aTextPartBeforeAMultipartNameDeepDownIsReadNotSkippedAsAContainer() {
        StringBuilder msg = new StringBuilder();
        int depth = MailLimits.DEFAULT.maxDepth() - 1;
        for (int i = 0; i < depth; i++) {
            msg.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\n\n--b").append(i).append('\n');
        }
        msg.append("Content-Type: text/plain\nContent-Type: multipart/mixed; boundary=never\n\ndeep words\n");
        Recorder r = Recorder.read(msg.toString());
        assertThat(r.texts).extracting(String::strip).containsExactly("deep words");
        assertThat(r.anomalies).contains("content-type-conflict").doesNotContain("depth-limit");
    }

    @Test
    void contentTypesThatAgreeOnTextAreNamedByTheLastAndNotFlagged() {
        Recorder r = Recorder.read("Content-Type: text/plain; charset=utf-8\nContent-Type: text/html\n\n<p>words</p>\n");
        assertReadAsOneTextPart(r, "text/html", "words");
        Recorder binary = Recorder.read("Content-Type: image/gif\nContent-Type: application/octet-stream\n\nGIF89a\n");
        assertThat(binary.texts).isEmpty();
        assertThat(binary.anomalies).isEmpty();
    }

    /** Read as one part of {@code mimeType} whose text is {@code text}, with exactly {@code anomalies} marked. */
    private static void assertReadAsOneTextPart(Recorder r, String mimeType, String text, String... anomalies) {
        assertThat(r.parts).extracting(PartInfo::mimeType).containsExactly(mimeType);
        assertThat(r.allText().strip()).isEqualTo(text);
        assertThat(r.anomalies).containsExactly(anomalies);
    }

    @Test
    void multipartWhoseBoundaryNeverAppearsIsReadAsText() {
        // a boundary that never appears would otherwise make the whole body an unread preamble
        Recorder r = Recorder.read("Content-Type: multipart/mixed; boundary=zzz; charset=koi8-r\n\n--x\n\nhidden words\n");
        assertThat(r.parts).containsExactly(new PartInfo("text/plain", "koi8-r", "", "", 0));
        assertThat(r.allText()).contains("hidden words");
        assertThat(r.anomalies).containsExactly("no-delimiter");
    }

    @Test
    void multipartWithoutAnyDelimiterIsDecodedAsTextWithItsTransferEncoding() {
        String words = java.util.Base64.getEncoder().encodeToString("encoded hidden words".getBytes(StandardCharsets.US_ASCII));
        Recorder r = Recorder.read("Content-Type: multipart/alternative; boundary=b\nContent-Transfer-Encoding: base64\n\n" + words + "\n");
        assertThat(r.allText()).isEqualTo("encoded hidden words");
        assertThat(r.anomalies).containsExactly("no-delimiter");
    }

    @Test
    void nestedMultipartWithoutAnyDelimiterIsReadAsTextInItsPlace() {
        String msg = """
                Content-Type: multipart/mixed; boundary=o

                --o
                Content-Type: multipart/alternative; boundary=never

                inner words
                --o
                Content-Type: text/plain

                outer words
                --o--
                """;
        Recorder r = Recorder.read(msg);
        assertThat(r.texts).containsExactly("inner words", "outer words");
        assertThat(r.parts).extracting(PartInfo::mimeType).containsExactly("multipart/mixed", "text/plain", "text/plain");
        assertThat(r.parts).extracting(PartInfo::depth).containsExactly(0, 1, 1);
        assertThat(r.anomalies).containsExactly("no-delimiter");
    }

    @Test
    void multipartWithoutAnyDelimiterAtTheDepthLimitIsReadLikeATextPartThere() {
        String levels = "Content-Type: message/rfc822\n\n".repeat(MailLimits.DEFAULT.maxDepth() - 1);
        Recorder asText = Recorder.read(levels + "Content-Type: text/plain\n\nbottom words\n");
        Recorder undelimited = Recorder.read(levels + "Content-Type: multipart/mixed; boundary=zzz\n\nbottom words\n");
        assertThat(undelimited.parts).isEqualTo(asText.parts);
        assertThat(undelimited.texts).isEqualTo(asText.texts).isNotEmpty();
        assertThat(undelimited.anomalies).containsExactly("no-delimiter");
    }

    @Test
    void blankMultipartWithoutAnyDelimiterStaysAMultipartWithNothingInIt() {
        // nothing to hide, so nothing to read: named and flagged as before
        Recorder r = Recorder.read("Content-Type: multipart/mixed; boundary=b\n\n \t\r\n\n");
        assertThat(r.parts).extracting(PartInfo::mimeType).containsExactly("multipart/mixed");
        assertThat(r.texts).isEmpty();
        assertThat(r.anomalies).containsExactly("bad-header");
    }

    @Test
    void preambleAndEpilogueOfAMultipartWithPartsAreNotRead() {
        String msg = """
                Content-Type: multipart/mixed; boundary=b

                preamble words
                --b
                Content-Type: text/plain

                part words
                --b--
                epilogue words
                """;
        Recorder r = Recorder.read(msg);
        assertThat(r.texts).containsExactly("part words");
        assertThat(r.anomalies).isEmpty();
    }

    @Test
    void innerPartsEndAtTheOuterDelimiter() {
        String msg = """
                Content-Type: multipart/mixed; boundary=o

                --o
                Content-Type: multipart/alternative; boundary=i

                --i

                inner text
                --o

                outer text
                --o--
                """;
        Recorder r = Recorder.read(msg);
        assertThat(r.texts).containsExactly("inner text", "outer text");
        assertThat(r.parts).extracting(PartInfo::depth).containsExactly(0, 1, 2, 1);
    }

    @Test
    void deepNestingOfAttachedMessagesIsBounded() {
        String level = "Content-Type: message/rfc822\n\n";
        Recorder r = Recorder.read(level.repeat(100_000) + "Subject: bottom\n\ntext\n");
        assertThat(r.anomalies).contains("depth-limit").doesNotContain("reader-error");
        assertThat(r.parts).hasSize(MailLimits.DEFAULT.maxDepth());
    }

    @Test
    void deepNestingOfMultipartsBeyondWhatTheNameSaysIsBoundedByTheParts() {
        // the name does not parse as a type (so no depth limit applies), but the structure is multipart
        String level = "Content-Type: multipart/mixed x; boundary=b\n\n--b\n";
        Recorder r = Recorder.read(level.repeat(100_000));
        assertThat(r.anomalies).contains("part-limit").doesNotContain("reader-error");
        assertThat(r.parts).hasSize(MailLimits.DEFAULT.maxParts());
    }

    @Test
    void encodedAttachedMessagesNestedInEachOtherShareTheScanBudget() {
        // base64 of "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n" + the next level
        String inner = "Subject: bottom\n\n" + "x".repeat(2_000) + "\n";
        for (int i = 0; i < 12; i++) {
            inner = "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
                    + java.util.Base64.getMimeEncoder().encodeToString(inner.getBytes(StandardCharsets.US_ASCII));
        }
        byte[] message = inner.getBytes(StandardCharsets.US_ASCII);
        MailLimits limits = new MailLimits(message.length + 1000, 100, 200, 1000, 1000, 40, 1000);
        assertThat(Recorder.read(message, MailLimits.DEFAULT).headers).contains("12 Subject: bottom");
        Recorder r = Recorder.read(message, limits); // each level's copy is about 3/4 of the one above
        assertThat(r.anomalies).contains("scan-limit").doesNotContain("reader-error");
        assertThat(r.headers).doesNotContain("12 Subject: bottom");
    }

    @Test
    void bareCrAndNulBytesAreReadAsText() {
        byte[] msg = "Subject: a\rb\n\nx\u0000y\rz\n".getBytes(StandardCharsets.ISO_8859_1);
        Recorder r = Recorder.read(msg, MailLimits.DEFAULT);
        assertThat(r.headers).containsExactly("0 Subject: ab");
        assertThat(r.allText()).isEqualTo("x\u0000y\rz\n");
    }

    @Test
    void randomBytesNeverBreakTheReader() {
        java.util.Random random = new java.util.Random(3);
        byte[] seed = """
                Content-Type: multipart/mixed; boundary=b
                Content-Transfer-Encoding: quoted-printable

                --b
                Content-Type: message/rfc822
                Content-Transfer-Encoding: base64

                U3ViamVjdDogaGkKCmJvZHkK
                --b
                Content-Type: text/html; charset=utf-8
                Content-Transfer-Encoding: quoted-printable

                <p>caf=C3=A9 =3D</p>
                --b--
                """.getBytes(StandardCharsets.ISO_8859_1);
        byte[] alphabet = "-b\r\n=: \t\"(;/\u0000".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 5_000; i++) {
            byte[] msg = seed.clone();
            for (int k = random.nextInt(8); k >= 0; k--) {
                msg[random.nextInt(msg.length)] = alphabet[random.nextInt(alphabet.length)];
            }
            Recorder r = Recorder.read(msg, MailLimits.DEFAULT);
            assertThat(r.anomalies).doesNotContain("reader-error");
            assertThat(r.parts).isNotEmpty();
        }
    }

    private static Recorder html(String body) {
        return Recorder.read("Content-Type: text/html; charset=utf-8\r\n\r\n<html><body>" + body + "</body></html>\r\n");
    }

    static byte[] message(String header, byte[] body) {
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** Hands out one byte per read, so framing bugs at buffer boundaries show up (as okio's tests do). */
    static final class OneByteAtATime extends FilterInputStream {
        OneByteAtATime(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
        }
    }
}
