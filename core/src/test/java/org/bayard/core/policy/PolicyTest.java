package org.bayard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
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
}
