package org.bayard.core.token;

import org.bayard.core.mail.MailLimits;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TokenizerTest {

    static List<String> tokens(String message) {
        return tokens(message, true);
    }

    static List<String> tokens(String message, boolean bigrams) {
        Features f = Features.explaining(MailLimits.DEFAULT.maxTokens());
        new Tokenizer(MailLimits.DEFAULT, bigrams).tokenize(message.getBytes(StandardCharsets.UTF_8), f);
        return f.names();
    }

    @Test
    void bodyWordsAreLowerCasedAndShortOnesDropped() {
        assertThat(tokens("Subject: x\n\nFREE Money to GO e-mail don't\n"))
                .contains("free", "money", "e-mail", "don't")
                .doesNotContain("to", "go", "FREE");
    }

    @Test
    void aMessageGetsTheSameFeaturesAfterOthersOnTheSameThreadAsAlone() {
        // the stages' splitters and host name are reused from message to message, and the host name
        // from stage to stage: nothing of one may reach the next
        String longer = "Subject: x\n\nwww.example.com alpha beta gamma delta " + "epsilon ".repeat(200) + "http://zeta.example/\n";
        String shorter = "Subject: y\n\nalpha omega\n";
        String hosts = "Received: from relay.very-long-host-name.example.org ([10.1.2.3]) by mx.b.example\n"
                + "From: \"Sales Team\" <offers@mail.promotions.example.com>\nTo: a@b.co\n"
                + "Message-ID: <123.abc@generator.example.net>\nSubject: Hosts and names\n\n"
                + "see http://www.shop.example.biz/cart?item=1 and www.c.io\n";
        String fewerHosts = "From: x@y.z\nReceived: by q.example\nMessage-ID: <1@a.b>\n\nhttp://d.e/\n";
        Tokenizer reused = new Tokenizer(MailLimits.DEFAULT);
        for (String message : List.of(longer, shorter, hosts, fewerHosts, longer, hosts, shorter)) {
            Features alone = Features.explaining(MailLimits.DEFAULT.maxTokens());
            new Tokenizer(MailLimits.DEFAULT).tokenize(message.getBytes(StandardCharsets.UTF_8), alone);
            Features after = Features.explaining(MailLimits.DEFAULT.maxTokens());
            reused.tokenize(message.getBytes(StandardCharsets.UTF_8), after);
            assertThat(after.names()).isEqualTo(alone.names());
            assertThat(after.hashes()).containsExactly(alone.hashes());
        }
    }

    @Test
    void longWordBecomesASkipFeature() {
        assertThat(tokens("Subject: x\n\n" + "x".repeat(57) + "\n")).contains("skip:x 50").noneMatch(t -> t.startsWith("xxxx"));
    }

    @Test
    void punctuationAtWordEndsIsDropped() {
        assertThat(tokens("Subject: x\n\n'quoted'... end. $100 3.99\n")).contains("quoted", "end", "$100", "3.99");
    }

    @Test
    void subjectWordsAndPunctuationRunsArePrefixed() {
        assertThat(tokens("Subject: Re: FREE offer!!! Act NOW $$$\n\nx\n"))
                .contains("subject:re", "subject:free", "subject:offer", "subject:!!!", "subject::", "subject:$$$")
                .doesNotContain("subject:Re");
    }

    @Test
    void shoutingSubjectIsMarked() {
        assertThat(tokens("Subject: AMAZING OFFER INSIDE\n\nx\n")).contains("subject:shape:caps");
        assertThat(tokens("Subject: Meeting notes\n\nx\n")).doesNotContain("subject:shape:caps");
    }

    @Test
    void quotedPrintableSubjectIsDecodedBeforeSplitting() {
        assertThat(tokens("Subject: =?utf-8?Q?Gro=C3=9Fe_Rabatte?=\n\nx\n")).contains("subject:große", "subject:rabatte");
    }

    @Test
    void fromGivesAddressLocalPartDomainsAndNameWords() {
        assertThat(tokens("From: \"Best Deals\" <Promo@Mail.Deals.Example.COM>\n\nx\n"))
                .contains("from:addr:promo@mail.deals.example.com", "from:local:promo",
                        "from:domain:mail.deals.example.com", "from:domain:deals.example.com",
                        "from:domain:example.com", "from:name:best", "from:name:deals", "from:count:1")
                .doesNotContain("from:domain:com");
    }

    @Test
    void recipientsAreCountedAndMissingAddressIsMarked() {
        assertThat(tokens("To: a@x.example, b@y.example, c@z.example\nCc: undisclosed-recipients:;\n\nx\n"))
                .contains("to:count:3", "to:domain:y.example", "cc:none");
    }

    @Test
    void replyToIsSeparateEvidence() {
        assertThat(tokens("From: a@one.example\nReply-To: b@two.example\n\nx\n"))
                .contains("from:domain:one.example", "reply-to:domain:two.example");
    }

    @Test
    void receivedGivesHostsAndIpPrefixes() {
        List<String> t = tokens("Received: from mx1.spam.example (unknown [203.0.113.7]) by mail.example.org "
                + "with SMTP id abc; Mon, 1 Jan 2024 10:00:00 +0000\n\nx\n");
        assertThat(t).contains("received:mx1.spam.example", "received:spam.example", "received:mail.example.org",
                "received:ip:203", "received:ip:203.0", "received:ip:203.0.113", "received:ip:203.0.113.7",
                "received:count:1");
        assertThat(t).noneMatch(s -> s.contains("10:00"));
    }

    @Test
    void messageIdGivesShapeNotValue() {
        assertThat(tokens("Message-ID: <20240101.123456.ABC@mailer.example.com>\n\nx\n"))
                .contains("message-id:domain:mailer.example.com", "message-id:digits:most", "message-id:shape:9.9.A")
                .noneMatch(s -> s.contains("123456"));
    }

    @Test
    void missingMessageIdIsAClue() {
        assertThat(tokens("Subject: x\n\nbody\n")).contains("message-id:none");
        assertThat(tokens("Message-ID: nonsense\n\nbody\n")).contains("message-id:invalid");
    }

    @Test
    void mailerIsKeptWholeAndByProduct() {
        assertThat(tokens("X-Mailer: Microsoft Outlook Express 6.00.2600.0000\nUser-Agent: Mutt/1.5\n\nx\n"))
                .contains("x-mailer:microsoft outlook express 6.00.2600.0000", "x-mailer:product:microsoft",
                        "user-agent:mutt/1.5");
    }

    @Test
    void headerFieldsAreCountedButTheirPresenceIsNotAFeature() {
        assertThat(tokens("X-MimeOLE: Produced\nSubject: x\n\nbody\n"))
                .contains("header:count:2").doesNotContain("header:X-MimeOLE", "header:Subject");
    }

    @Test
    void partsGiveTypeCharsetEncodingAndFileName() {
        String msg = """
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain; charset="ISO-8859-1"
                Content-Transfer-Encoding: quoted-printable

                hello there
                --b
                Content-Type: application/octet-stream
                Content-Disposition: attachment; filename="Invoice.PDF.exe"
                Content-Transfer-Encoding: base64

                TVqQAAMAAAAEAAAA
                --b--
                """;
        assertThat(tokens(msg)).contains("content-type:multipart/mixed", "content-type:text/plain",
                "content-type:application/octet-stream", "charset:iso-8859-1", "encoding:quoted-printable",
                "encoding:base64", "filename:invoice.pdf.exe", "filename:ext:exe", "parts:3",
                "parts:attachments:1", "parts:depth:1", "hello", "there");
    }

    @Test
    void htmlOnlyMailIsMarked() {
        assertThat(tokens("Content-Type: text/html\n\n<p>buy now</p>\n")).contains("parts:html-only", "buy");
    }

    @Test
    void urlsGiveHostPiecesAndPathWords() {
        List<String> t = tokens("Content-Type: text/html\n\n<a href=\"http://www.Example.com:8080/cheap/pills.html?id=42\">x</a>\n");
        assertThat(t).contains("url:www.example.com", "url:example.com", "url:example", "url:com",
                "url:path:cheap", "url:path:pills.html", "url:port:8080", "url:scheme:http", "url:count:1");
        assertThat(t).doesNotContain("url:www");
    }

    @Test
    void urlTricksAreNamed() {
        assertThat(tokens("Subject: x\n\nhttp://paypal.com@203.0.113.9/login mailto:x@drop.example\n"))
                .contains("url:shape:userinfo", "url:shape:ip", "url:ip:203.0.113.9");
        assertThat(tokens("Content-Type: text/html\n\n<a href=\"mailto:x@drop.example\">m</a>\n"))
                .contains("url:mailto:drop.example");
    }

    @Test
    void writtenOutLinksAreNotBodyWords() {
        assertThat(tokens("Subject: x\n\nvisit http://www.cheap-pills.example/buy today\n"))
                .contains("visit", "today", "url:cheap-pills.example", "osb1:visit today")
                .doesNotContain("http", "www.cheap-pills.example", "buy");
    }

    @Test
    void hiddenHtmlWordsAreFlaggedAndNotPaired() {
        List<String> t = tokens("Content-Type: text/html\n\n<p>visible words</p><div style=\"display:none\">secret stuff</div>\n");
        assertThat(t).contains("visible", "words", "secret", "stuff", "html:hidden-text", "osb1:visible words")
                .doesNotContain("osb1:secret stuff", "osb1:words secret");
    }

    @Test
    void wordPairsPairEachWordWithTheOneBefore() {
        List<String> t = tokens("Subject: x\n\nfree money now\n");
        assertThat(t).contains("osb1:free money", "osb1:money now").noneMatch(s -> s.startsWith("osb2:"));
    }

    @Test
    void wordPairsCanBeSwitchedOff() {
        assertThat(tokens("Subject: x\n\nfree money now\n", false)).contains("free", "money").noneMatch(s -> s.startsWith("osb"));
    }

    @Test
    void zeroWidthAndFullWidthDisguisesAreUndone() {
        assertThat(tokens("Subject: x\nContent-Type: text/plain; charset=utf-8\n\nfr\u200Bee \uFF56\uFF49\uFF41\uFF47\uFF52\uFF41 \u202Emoney\n"))
                .contains("free", "viagra", "money");
    }

    @Test
    void mboxEnvelopeLineIsIgnoredEntirely() {
        String body = "Subject: hello\n\nsame body\n";
        assertThat(tokens("From someone@envelope.example Mon Jan  1 00:00:00 2024\n" + body)).isEqualTo(tokens(body));
    }

    @Test
    void lineEndingsOfStorageDoNotChangeFeatures() throws Exception {
        for (String name : List.of("html-hidden.eml", "plain-qp.eml", "attachment.eml")) {
            String unix = java.nio.file.Files.readString(GoldenFilesTest.GOLDEN.resolve(name));
            assertThat(tokens(unix.replace("\n", "\r\n"))).as(name).isEqualTo(tokens(unix));
        }
    }

    @Test
    void anomaliesBecomeFeatures() {
        assertThat(tokens("Subject: x\nContent-Type: text/plain; charset=x-bogus\n\nna\u00efve\n")).contains("anomaly:unknown-charset");
    }

    @Test
    void emptyMessageStillHasShapeFeatures() {
        assertThat(tokens("")).contains("anomaly:no-headers", "message-id:none", "from:none", "subject:shape:none");
    }

    @Test
    void sameMessageGivesSameFeatures() {
        String msg = "From: a@b.example\nSubject: twice\n\nrepeatable words here\n";
        assertThat(tokens(msg)).isEqualTo(tokens(msg));
    }

    @Test
    void tokenCapIsRespected() {
        MailLimits small = new MailLimits(1 << 20, 20, 100, 1000, 100_000, 40, 50);
        Features f = new Features(small.maxTokens());
        StringBuilder body = new StringBuilder("Subject: x\n\n");
        for (int i = 0; i < 500; i++) {
            body.append("word").append(i).append(' ');
        }
        new Tokenizer(small).tokenize(body.toString().getBytes(StandardCharsets.US_ASCII), f);
        assertThat(f.size()).isEqualTo(51);
        assertThat(f.contains("", Features.OVERFLOW)).isTrue();
    }
}
