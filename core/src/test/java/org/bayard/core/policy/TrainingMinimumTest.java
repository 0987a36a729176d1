package org.bayard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bayard.core.classify.Verdict;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.store.Totals;
import org.junit.jupiter.api.Test;

/**
 * The policy's training minimum: below it a store's Bayes score gives no points and no unsure
 * action, whatever it says, and the decision says why; at it, Bayes counts as before.
 */
class TrainingMinimumTest {
    final Policy policy = new Policy(PolicyParams.DEFAULTS, MailLimits.DEFAULT);
    static final byte[] CLEAN = PolicyTest.b(PolicyTest.CLEAN);

    @Test
    void belowTheMinimumBayesGivesNoPointsAndNoUnsureHold() {
        Decision unsure = policy.decide(CLEAN, PolicyTest.bayes(0.5, Verdict.UNSURE), new Totals(5, 3));
        assertThat(unsure.action()).isEqualTo(Action.ACCEPT);
        assertThat(unsure.byBayesUnsure()).isFalse();
        assertThat(unsure.bayesUsed()).isFalse();
        assertThat(unsure.symbols()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("BAYES_UNDERTRAINED");
            assertThat(s.points()).isZero();
            assertThat(s.detail()).isEqualTo("Bayes not used: 5 ham and 3 spam learned, 200 of each needed; p=0.5000");
        });
        // a store of spam alone: p=1.0 for every message, which the gate rejected
        assertThat(policy.decide(CLEAN, PolicyTest.bayes(1.0, Verdict.SPAM), new Totals(0, 3)).action()).isEqualTo(Action.ACCEPT);
        // one class short is short enough
        assertThat(policy.decide(CLEAN, PolicyTest.bayes(0.5, Verdict.UNSURE), new Totals(5000, 199)).bayesUsed()).isFalse();
    }

    @Test
    void atTheMinimumBayesCountsAsBefore() {
        Decision d = policy.decide(CLEAN, PolicyTest.bayes(0.5, Verdict.UNSURE), new Totals(200, 200));
        assertThat(d).isEqualTo(policy.decide(CLEAN, PolicyTest.bayes(0.5, Verdict.UNSURE)));
        assertThat(d.action()).isEqualTo(Action.HOLD);
        assertThat(d.bayesUsed()).isTrue();
    }

    @Test
    void aMinimumOfZeroIsOffAndUnequalMinimaAreNamedApart() {
        PolicyParams p = PolicyParams.DEFAULTS;
        PolicyParams off = new PolicyParams(p.rejectScore(), p.holdScore(), p.tagScore(), p.unsureAction(), p.bayesBands(),
                p.points(), p.executableExtensions(), TrainingMinimum.OFF);
        assertThat(new Policy(off, MailLimits.DEFAULT).decide(CLEAN, PolicyTest.bayes(0.5, Verdict.UNSURE), Totals.EMPTY).action())
                .isEqualTo(Action.HOLD);
        assertThat(new TrainingMinimum(50, 20).shortfall(new Totals(50, 2))).contains("50 ham and 2 spam learned, 50 ham and 20 spam needed");
    }

    @Test
    void headersSayBayesWasNotUsedInsteadOfItsClassification() {
        Decision d = policy.decide(CLEAN, PolicyTest.bayes(0.97, Verdict.SPAM), new Totals(5, 3));
        List<String> fields = SpamHeaders.of(d, 5.0, 0, "t").stream().map(f -> f.name() + ": " + f.value()).toList();
        assertThat(fields).containsExactly("X-Spam-Flag: NO", "X-Spam-Score: 0.0",
                "X-Spam-Status: No, score=0.0 required=5.0 tests=BAYES_UNDERTRAINED autolearn=no version=t",
                "X-Spam-Bayes: not used (5 ham and 3 spam learned, 200 of each needed); p=0.9700");
    }
}
