package org.bayard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bayard.core.classify.Clue;
import org.bayard.core.classify.Score;
import org.bayard.core.classify.Verdict;
import org.bayard.core.mail.MailLimits;
import org.junit.jupiter.api.Test;

class PolicyTest {
    final Policy policy = new Policy(PolicyParams.DEFAULTS, MailLimits.DEFAULT);
    static final String CLEAN = "From: Ann <ann@example.org>\r\nMessage-ID: <1@example.org>\r\nSubject: hi\r\n\r\nhello\r\n";

    static Optional<Score> bayes(double p, Verdict v) {
        return Optional.of(new Score(p, 0, v, List.of(), 10, 5));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void cleanHamIsAcceptedWithOnlyItsBayesBand() {
        Decision d = policy.decide(b(CLEAN), bayes(0.001, Verdict.HAM));
        assertThat(d.action()).isEqualTo(Action.ACCEPT);
        assertThat(d.symbolNames()).isEqualTo("BAYES_00");
        assertThat(d.score()).isEqualTo(-3.0);
    }

    @Test
    void nearCertainSpamIsRejectedAndLikelySpamHeld() {
        assertThat(policy.decide(b(CLEAN), bayes(0.9995, Verdict.SPAM)).action()).isEqualTo(Action.REJECT);
        assertThat(policy.decide(b(CLEAN), bayes(0.93, Verdict.SPAM)).action()).isEqualTo(Action.HOLD);
    }

    @Test
    void unsureIsHeldByDefault() {
        Decision d = policy.decide(b(CLEAN), bayes(0.5, Verdict.UNSURE));
        assertThat(d.action()).isEqualTo(Action.HOLD);
        assertThat(d.reason()).isEqualTo("bayes unsure");
    }

    @Test
    void otherChecksAddUpWithBayes() {
        String m = "Subject: caf\u00e9\r\nFrom: nobody\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"invoice.pdf.exe\"\r\n\r\nxx\r\n--b--\r\n";
        Decision d = policy.decide(b(m), bayes(0.5, Verdict.UNSURE));
        assertThat(d.symbols()).extracting(Symbol::name)
                .containsExactly("BAYES_40", "EXECUTABLE_ATTACHMENT", "MISSING_MESSAGE_ID", "SUBJECT_8BIT", "NO_VALID_SENDER");
        assertThat(d.score()).isEqualTo(1.5 + 5 + 1 + 1.5 + 2);
        assertThat(d.action()).isEqualTo(Action.REJECT);
    }

    @Test
    void bayesUnavailableCountsAsNeutralAndIsSaidInTheHeaders() {
        Decision d = policy.decide(b(CLEAN), Optional.empty());
        assertThat(d.action()).isEqualTo(Action.ACCEPT);
        assertThat(d.symbolNames()).isEqualTo("BAYES_UNAVAILABLE");
        assertThat(SpamHeaders.of(d, 5.0, 0, "t")).extracting(f -> f.name() + ": " + f.value())
                .contains("X-Spam-Bayes: unavailable", "X-Spam-Flag: NO");
    }

    @Test
    void encodedSubjectsAreNot8Bit() {
        assertThat(MessageChecks.subjectHas8Bit(b("Subject: =?utf-8?q?caf=C3=A9?=\r\n\r\nbody \u00e9\r\n"))).isFalse();
        assertThat(MessageChecks.subjectHas8Bit(b("Subject: a\r\n b\u00e9\r\n\r\n"))).isTrue();
    }

    @Test
    void eachThresholdIsReachedAtExactlyItsScore() {
        // BAYES_90 starts at exactly 0.90 and is worth exactly the hold score; BAYES_999 the reject score.
        Decision hold = policy.decide(b(CLEAN), bayes(0.90, Verdict.SPAM));
        assertThat(hold.symbolNames()).isEqualTo("BAYES_90");
        assertThat(hold.action()).isEqualTo(Action.HOLD);
        assertThat(hold.reason()).isEqualTo("score 5.0 >= hold 5.0");
        Decision reject = policy.decide(b(CLEAN), bayes(0.999, Verdict.SPAM));
        assertThat(reject.action()).isEqualTo(Action.REJECT);
        assertThat(reject.reason()).isEqualTo("score 10.0 >= reject 10.0");
    }

    @Test
    void mailAtTheTagScoreIsTaggedAndBelowItAccepted() {
        PolicyParams d = PolicyParams.DEFAULTS;
        Policy tagging = new Policy(new PolicyParams(10.0, 8.0, 3.5, Action.ACCEPT, d.bayesBands(), d.points(),
                d.executableExtensions()), MailLimits.DEFAULT);
        Decision tagged = tagging.decide(b(CLEAN), bayes(0.85, Verdict.UNSURE)); // BAYES_80, 3.5 points
        assertThat(tagged.action()).isEqualTo(Action.TAG);
        assertThat(tagged.reason()).isEqualTo("score 3.5 >= tag 3.5");
        Decision accepted = tagging.decide(b(CLEAN), bayes(0.79, Verdict.UNSURE)); // BAYES_60, 2.5 points
        assertThat(accepted.action()).isEqualTo(Action.ACCEPT);
        assertThat(accepted.reason()).isEqualTo("score 2.5 below thresholds");
    }

    @Test
    void severalExecutableAttachmentsCountOnceAndNameTheFirstPrintably() {
        String m = "From: ann@example.org\r\nMessage-ID: <2@example.org>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + attachment("run\u0007me.exe") + attachment("second.scr") + "--b--\r\n";
        Decision d = policy.decide(b(m), bayes(0.001, Verdict.HAM));
        assertThat(d.symbols()).filteredOn(s -> s.name().equals(PolicyParams.EXECUTABLE_ATTACHMENT))
                .extracting(Symbol::detail).containsExactly("run?me.exe");
        assertThat(d.score()).isEqualTo(-3.0 + 5.0);
    }

    @Test
    void anAttachmentNameIsShownCutTo60Characters() {
        String name = "x".repeat(100) + ".exe";
        String m = "From: ann@example.org\r\nMessage-ID: <3@example.org>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + attachment(name) + "--b--\r\n";
        assertThat(policy.decide(b(m), bayes(0.001, Verdict.HAM)).symbols())
                .filteredOn(s -> s.name().equals(PolicyParams.EXECUTABLE_ATTACHMENT))
                .extracting(Symbol::detail).containsExactly("x".repeat(60));
    }

    /**
     * Past the part limit parts are not described, and the names of attachments were taken from
     * the descriptions only: the limit's worth of empty parts first hid an executable after them.
     */
    @Test
    void anExecutableAfterTheLimitsWorthOfEmptyPartsCountsAsOneAfterNone() {
        for (int empty : new int[] {1, MailLimits.DEFAULT.maxParts(), 10_000}) {
            String m = "From: ann@example.org\r\nMessage-ID: <5@example.org>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                    + "--b\r\n\r\n".repeat(empty) + attachment("invoice.exe") + "--b--\r\n";
            Decision d = policy.decide(b(m), bayes(0.001, Verdict.HAM));
            assertThat(d.symbols()).as(empty + " empty parts").filteredOn(s -> s.name().equals(PolicyParams.EXECUTABLE_ATTACHMENT))
                    .extracting(Symbol::detail).containsExactly("invoice.exe");
            assertThat(d.score()).as(empty + " empty parts").isEqualTo(-3.0 + 5.0);
        }
    }

    /** The name is read past the limit as before it: RFC 2231 (also continued), encoded words, Content-Type's name, nested parts. */
    @Test
    void anExecutablePastThePartLimitIsNamedAsInADescribedPart() {
        String flood = "--b\r\n\r\n".repeat(MailLimits.DEFAULT.maxParts());
        Map<String, String> parts = Map.of(
                "RFC 2231", "--b\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Disposition: attachment; filename*=utf-8''invoice%2Eexe\r\n\r\nxx\r\n",
                "RFC 2231 continuation", "--b\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Disposition: attachment;\r\n filename*0=\"invoice\";\r\n filename*1=\".exe\"\r\n\r\nxx\r\n",
                "RFC 2231 encoded continuation", "--b\r\nContent-Type: application/octet-stream;\r\n name*1*=%2E%65xe;\r\n"
                        + " name*0*=utf-8''%69nvoice\r\n\r\nxx\r\n",
                "encoded word", "--b\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Disposition: attachment; filename=\"=?utf-8?b?aW52b2ljZS5leGU=?=\"\r\n\r\nxx\r\n",
                "Content-Type name", "--b\r\nContent-Type: application/octet-stream; name=invoice.exe\r\n\r\nxx\r\n",
                "nested multipart", "--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n" + attachment("invoice.exe").replace("--b", "--c")
                        + "--c--\r\n",
                "attached message", "--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: fwd\r\n"
                        + "Content-Type: application/x-msdownload; name=\"invoice.exe\"\r\n\r\nTVqQ\r\n");
        for (Map.Entry<String, String> part : parts.entrySet()) {
            for (String before : new String[] {"", flood}) {
                String m = "From: ann@example.org\r\nMessage-ID: <6@example.org>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                        + before + part.getValue() + "--b--\r\n";
                assertThat(policy.decide(b(m), bayes(0.001, Verdict.HAM)).symbols())
                        .as(part.getKey() + (before.isEmpty() ? ", described" : ", past the limit"))
                        .filteredOn(s -> s.name().equals(PolicyParams.EXECUTABLE_ATTACHMENT))
                        .extracting(Symbol::detail).containsExactly("invoice.exe");
            }
        }
    }

    /** A thousand harmless names first do not use up what is looked at: every name is checked as it is found. */
    @Test
    void anExecutableAfterAThousandHarmlessAttachmentsCounts() {
        String m = "From: ann@example.org\r\nMessage-ID: <7@example.org>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + attachment("notes.txt").repeat(1_500) + attachment("invoice.scr") + "--b--\r\n";
        assertThat(policy.decide(b(m), bayes(0.001, Verdict.HAM)).symbols())
                .filteredOn(s -> s.name().equals(PolicyParams.EXECUTABLE_ATTACHMENT))
                .extracting(Symbol::detail).containsExactly("invoice.scr");
    }

    private static String attachment(String fileName) {
        return "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"" + fileName
                + "\"\r\n\r\nxx\r\n";
    }

    @Test
    void aValidSenderOrReplyToIsEnoughWhenFromIsNot() {
        for (String field : List.of("Sender", "Reply-To")) {
            String m = "From: undisclosed\r\n" + field + ": <bob@example.org>\r\nMessage-ID: <4@example.org>\r\n\r\nhi\r\n";
            assertThat(policy.decide(b(m), bayes(0.001, Verdict.HAM)).symbolNames()).as(field).isEqualTo("BAYES_00");
        }
    }

    @Test
    void onlyTheTopLevelHeaderCounts() {
        // A forwarded message's own Message-ID and From do not stand in for the outer message's.
        String m = "From: nobody\r\nContent-Type: message/rfc822\r\n\r\n"
                + "From: bob@example.org\r\nMessage-ID: <inner@example.org>\r\nSubject: x\r\n\r\nhi\r\n";
        assertThat(policy.decide(b(m), bayes(0.001, Verdict.HAM)).symbolNames())
                .isEqualTo("BAYES_00,MISSING_MESSAGE_ID,NO_VALID_SENDER");
    }

    @Test
    void an8BitSubjectIsFoundOnlyInTheTopLevelSubjectField() {
        assertThat(MessageChecks.subjectHas8Bit(b("Subject: caf\u00e9\n\nbody\n"))).as("LF line ends").isTrue();
        assertThat(MessageChecks.subjectHas8Bit(b("Subject:\r\n\tcaf\u00e9\r\n\r\n"))).as("tab-folded, bare name").isTrue();
        assertThat(MessageChecks.subjectHas8Bit(b("Subject: hi\r\n\r\nSubject: caf\u00e9\r\n"))).as("in the body").isFalse();
        assertThat(MessageChecks.subjectHas8Bit(b("Subject: hi\n\nSubject: caf\u00e9\n"))).as("in the body, LF").isFalse();
        assertThat(MessageChecks.subjectHas8Bit(b("Subject: hi\r\nX-Note: a\r\n caf\u00e9\r\n\r\n"))).as("other field folded")
                .isFalse();
        assertThat(MessageChecks.subjectHas8Bit(b("Subjectx: caf\u00e9\r\n\r\n"))).as("other name").isFalse();
    }

    @Test
    void clueNamesInTheHeaderCannotBreakOutOfTheirQuotes() {
        Score score = new Score(0.99, 5, Verdict.SPAM,
                List.of(new Clue("a\"b\\c\r\nX-Evil: 1\u00e9" + "z".repeat(50), 0.99, 0, 9)), 1, 1);
        Decision d = policy.decide(b(CLEAN), Optional.of(score));
        assertThat(SpamHeaders.of(d, 5.0, 1, "t")).filteredOn(f -> f.name().equals("X-Bayard-Classification"))
                .extracting(f -> f.value())
                .containsExactly("spam; p=0.9900; clues=\"a?b?c??X-Evil: 1?" + "z".repeat(23) + "\" 0.990");
    }

    /** Pipe mode's headers, from the Bayes score alone: its band's points, flag and symbol, and the top clues. */
    @Test
    void headersForABayesScoreAloneUseItsBand() {
        Score spam = new Score(0.995, 5, Verdict.SPAM, List.of(new Clue("cheap", 0.99, 0, 9), new Clue("pills", 0.98, 1, 9)), 2, 2);
        assertThat(SpamHeaders.of(spam, BayesSymbol.DEFAULT_BANDS, 5.0, "spam", 1, "t"))
                .extracting(f -> f.name() + ": " + f.value())
                .containsExactly("X-Spam-Flag: YES", "X-Spam-Score: 8.0",
                        "X-Spam-Status: Yes, score=8.0 required=5.0 tests=BAYES_99 autolearn=spam version=t",
                        "X-Bayard-Classification: spam; p=0.9950; clues=\"cheap\" 0.990");
        Score unsure = new Score(0.5, 0, Verdict.UNSURE, List.of(new Clue("x", 0.6, 1, 1)), 1, 1);
        assertThat(SpamHeaders.of(unsure, BayesSymbol.DEFAULT_BANDS, 5.0, "no", 0, "t"))
                .extracting(f -> f.name() + ": " + f.value())
                .containsExactly("X-Spam-Flag: NO", "X-Spam-Score: 1.5",
                        "X-Spam-Status: No, score=1.5 required=5.0 tests=BAYES_40 autolearn=no version=t",
                        "X-Bayard-Classification: unsure; p=0.5000");
    }
}
