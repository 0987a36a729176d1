package org.bayard.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.bayard.core.store.Digest;
import org.bayard.core.store.InMemoryTokenStore;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.bayard.core.train.Autolearn.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutolearnTest {
    private final InMemoryTokenStore store = new InMemoryTokenStore(1);
    private final Learner learner = new Learner(store, Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));
    private final Autolearn on = new Autolearn(new AutolearnParams(true, 10.0, 0.01));
    private final PreparedMessage message =
            new PreparedMessage(new MessageIdentity(new Digest(3, 3), "<m@x>"), new long[] {1, 2, 3}, null);

    private LedgerEntry ledger() {
        try (ReadView v = store.read()) {
            return v.ledgerEntry(message.identity().digest()).orElseThrow();
        }
    }

    private Totals totals() {
        try (ReadView v = store.read()) {
            return v.totals();
        }
    }

    @ParameterizedTest(name = "other checks {0} points, Bayes p={1}: {2}")
    @CsvSource({
            "10.0, 0.50, spam",   // the other checks alone are certain, whatever Bayes says
            "12.5, 0.001, spam",
            "9.9, 0.999, no",     // Bayes alone never teaches Bayes spam
            "0.0, 0.005, ham",    // Bayes sure and nothing else against it
            "-2.0, 0.0, ham",
            "0.5, 0.005, no",     // something else found a little against it
            "0.0, 0.01, no",      // not below the ham threshold
            "0.0, 0.5, no",       // unsure is never learned
            "NaN, 0.0, no",
            "10.0, NaN, no"})     // no Bayes figure: nothing learned, even on the other checks' word
    void learnsOnlyWhenTheEvidenceIsClear(double otherPoints, double p, String expected) {
        assertThat(on.decide(otherPoints, p).label()).isEqualTo(expected);
    }

    @Test
    void offByDefaultSoNothingIsEverLearned() {
        Autolearn defaults = new Autolearn(AutolearnParams.DEFAULTS);
        assertThat(AutolearnParams.DEFAULTS.enabled()).isFalse();
        assertThat(defaults.decide(50, 0.0)).isEqualTo(Decision.NO);
        assertThat(defaults.learn(learner, () -> message, 0, 0.0)).isEqualTo(Decision.NO);
        assertThat(store.stats().ledgerEntries()).isZero();
    }

    @Test
    void aDecisionIsRecordedInTheLedgerAsAutolearn() {
        assertThat(on.learn(learner, () -> message, 11, 0.3)).isEqualTo(Decision.SPAM);
        assertThat(ledger().source()).isEqualTo(LearnSource.AUTOLEARN);
        assertThat(ledger().mailClass()).isEqualTo(MailClass.SPAM);
    }

    @Test
    void neverOverridesAModeratorsDecision() {
        learner.learn(message, MailClass.HAM, LearnSource.MODERATOR);
        assertThat(on.learn(learner, () -> message, 15, 0.9)).isEqualTo(Decision.NO);
        assertThat(ledger().source()).isEqualTo(LearnSource.MODERATOR);
        assertThat(ledger().mailClass()).isEqualTo(MailClass.HAM);
        assertThat(totals()).isEqualTo(new Totals(1, 0));
    }

    @Test
    void neverOverridesATrapsDecision() {
        learner.learn(message, MailClass.SPAM, LearnSource.TRAP);
        assertThat(on.learn(learner, () -> message, 0, 0.001)).isEqualTo(Decision.NO);
        assertThat(ledger().source()).isEqualTo(LearnSource.TRAP);
        assertThat(totals()).isEqualTo(new Totals(0, 1));
    }

    @Test
    void aMessageAlreadyLearnedIsNotLearnedAgainAndSaysNo() {
        assertThat(on.learn(learner, () -> message, 0, 0.001)).isEqualTo(Decision.HAM);
        assertThat(on.learn(learner, () -> message, 0, 0.001)).isEqualTo(Decision.NO);
        assertThat(totals()).isEqualTo(new Totals(1, 0));
    }

    @Test
    void mayCorrectItsOwnEarlierDecision() {
        on.learn(learner, () -> message, 0, 0.001);
        assertThat(on.learn(learner, () -> message, 20, 0.5)).isEqualTo(Decision.SPAM);
        assertThat(totals()).isEqualTo(new Totals(0, 1));
    }

    @Test
    void thresholdsThatCouldMakeOneMessageBothHamAndSpamAreRefused() {
        assertThatThrownBy(() -> new AutolearnParams(true, 0, 0.01)).hasMessageContaining("spam-min-points");
        assertThatThrownBy(() -> new AutolearnParams(true, 5, 0.9)).hasMessageContaining("ham-max-probability");
    }

    /**
     * While the store has learned too little for the policy to use Bayes: no ham (a store of ham
     * alone scores every message near 0), spam still on the other checks' points alone.
     */
    @Test
    void withoutBayesSpamIsStillLearnedButNeverHam() {
        assertThat(on.decide(-1.0, java.util.OptionalDouble.empty())).isEqualTo(Autolearn.Decision.NO);
        assertThat(on.decide(0.0, java.util.OptionalDouble.empty())).isEqualTo(Autolearn.Decision.NO);
        assertThat(on.decide(10.0, java.util.OptionalDouble.empty())).isEqualTo(Autolearn.Decision.SPAM);
        assertThat(on.learn(learner, () -> message, 0.0, java.util.OptionalDouble.empty())).isEqualTo(Autolearn.Decision.NO);
        assertThat(totals().messages()).isZero();
        assertThat(on.learn(learner, () -> message, 12.0, java.util.OptionalDouble.empty())).isEqualTo(Autolearn.Decision.SPAM);
        assertThat(totals().spam()).isEqualTo(1);
    }
}
