package org.bayard.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bayard.core.store.MailClass;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void perfectSeparationHasAucOne() {
        EvalResult r = Metrics.compute(new double[] {0.01, 0.02, 0.98, 0.99}, new boolean[] {false, false, true, true}, 0.2, 0.9);
        assertThat(r.auc()).isEqualTo(1.0);
        assertThat(r.oneMinusRocaPercent()).isEqualTo(0.0);
        assertThat(r.hmPercent()).isZero();
        assertThat(r.smPercent()).isZero();
    }

    @Test
    void tiesCountOneHalf() {
        // One ham and one spam with the same score: AUC = 0.5.
        assertThat(Metrics.auc(new double[] {0.7, 0.7}, new boolean[] {false, true}, 1, 1)).isEqualTo(0.5);
        // Ham 0.1, 0.5; spam 0.5, 0.9: pairs (s>h): 0.9>both (2), 0.5>0.1 (1), 0.5=0.5 (1/2) -> 3.5/4
        assertThat(Metrics.auc(new double[] {0.1, 0.5, 0.5, 0.9}, new boolean[] {false, false, true, true}, 2, 2)).isEqualTo(0.875);
    }

    @Test
    void unsureCountsAsNotSpamForMisclassification() {
        EvalResult r = Metrics.compute(new double[] {0.5, 0.95, 0.5, 0.1}, new boolean[] {true, true, false, false}, 0.2, 0.9);
        assertThat(r.smPercent()).isEqualTo(50.0);
        assertThat(r.hmPercent()).isZero();
        assertThat(r.unsurePercent()).isEqualTo(50.0);
    }

    @Test
    void aSpamCutoffOfOneCallsSpamWhatHasProbabilityOneAsTheFilterDoes() {
        // Log-odds 40 and 50 are probability 1.0 (the filter: spam at a spam cutoff of 1); compared
        // as log-odds with logit(1) = infinity, nothing was spam: sm% 100 and unsure% 75, where the
        // cutoffs-by-cost table of the same run said 1 spam missed of 3.
        double[] logOdds = {40, 50, 2, -3};
        boolean[] spam = {true, true, true, false};
        List<ScoredMessage> scored = new ArrayList<>();
        for (int i = 0; i < logOdds.length; i++) {
            MailClass label = spam[i] ? MailClass.SPAM : MailClass.HAM;
            scored.add(new ScoredMessage(new LabelledMessage(label, "m" + i, Path.of("m" + i)), logOdds[i]));
        }
        EvalResult r = Evaluation.measure(scored, 0.2, 1.0);
        assertThat(r.smPercent()).isCloseTo(100.0 / 3, within(1e-9));
        assertThat(r.unsurePercent()).isEqualTo(25.0);
        assertThat(r.hmPercent()).isZero();
        assertThat(r.auc()).isEqualTo(1.0);
        CutoffChoice byCost = CostCutoffs.evaluate(Evaluation.probabilities(logOdds), spam, Costs.SPAMBAYES, 0.2, 1.0);
        assertThat(byCost.unsure()).isEqualTo(1);
    }

    @Test
    void lamMatchesThePeersTable() {
        // bogofilter online in PEERS.md: hm 0/4150, sm 29.27% of 1896 (555), lam 0.70%.
        assertThat(100 * Metrics.lam(0, 4150, 555, 1896)).isCloseTo(0.70, within(0.005));
    }

    @Test
    void spamMissedAtOneInAThousandHamUsesTheFifthHighestHamForFourThousandHams() {
        int nHam = 4000;
        double[] scores = new double[nHam + 3];
        boolean[] spam = new boolean[nHam + 3];
        for (int i = 0; i < nHam; i++) scores[i] = i < 4 ? 0.99 : (i == 4 ? 0.8 : 0.1);
        scores[nHam] = 0.85;     // caught: above the 5th highest ham
        scores[nHam + 1] = 0.8;  // missed: ties the 5th highest ham
        scores[nHam + 2] = 0.5;  // missed
        for (int i = nHam; i < nHam + 3; i++) spam[i] = true;
        assertThat(Metrics.spamMissedAtHamRate(scores, spam, nHam, 3, 0.001)).isCloseTo(2.0 / 3, within(1e-12));
    }
}
