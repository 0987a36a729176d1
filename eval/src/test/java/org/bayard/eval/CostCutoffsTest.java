package org.bayard.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CostCutoffsTest {
    static final double[] SCORES = {0.01, 0.02, 0.05, 0.6, 0.4, 0.9, 0.95, 0.99};
    static final boolean[] SPAM = {false, false, false, false, true, true, true, true};

    @Test
    void unsureBandTakesTheStrayHamAndSpamWhenMistakesCostMore() {
        // The ham at 0.6 and the spam at 0.4 cost 0.2 each as unsure, 10 and 1 as mistakes.
        CutoffChoice c = CostCutoffs.recommend(SCORES, SPAM, Costs.SPAMBAYES);
        assertThat(c.hamCutoff()).isGreaterThan(0.05).isLessThanOrEqualTo(0.4);
        assertThat(c.spamCutoff()).isGreaterThan(0.6).isLessThanOrEqualTo(0.9);
        assertThat(c.cost()).isCloseTo(0.4, within(1e-12));
        assertThat(c.unsure()).isEqualTo(2);
        assertThat(c.falsePositives()).isZero();
        assertThat(c.falseNegatives()).isZero();
    }

    @Test
    void cutoffsAreShortDecimalsInsideTheirGaps() {
        CutoffChoice c = CostCutoffs.recommend(SCORES, SPAM, Costs.SPAMBAYES);
        assertThat(c.hamCutoff()).isEqualTo(0.2);
        assertThat(c.spamCutoff()).isEqualTo(0.8);
    }

    @Test
    void dearUnsureMeansOneCutoffAndTheLowestOfEqualCostsWins() {
        // Unsure costs 5, each mistake 0.1: no band. One cutoff in (0.05, 0.4] or in (0.6, 0.9]
        // makes one mistake either way; the lower one wins the tie.
        CutoffChoice c = CostCutoffs.recommend(SCORES, SPAM, new Costs(0.1, 0.1, 5));
        assertThat(c.unsure()).isZero();
        assertThat(c.cost()).isCloseTo(0.1, within(1e-12));
        assertThat(c.hamCutoff()).isEqualTo(c.spamCutoff()).isEqualTo(0.2);
    }

    @Test
    void perfectSeparationCostsNothing() {
        CutoffChoice c = CostCutoffs.recommend(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {false, false, true, true}, Costs.SPAMBAYES);
        assertThat(c.cost()).isZero();
        assertThat(c.hamCutoff()).isGreaterThan(0.2).isLessThanOrEqualTo(0.8);
        assertThat(c.spamCutoff()).isGreaterThan(0.2).isLessThanOrEqualTo(0.8);
    }

    @Test
    void saturatedScoresOfOneCannotBePutBelowTheSpamCutoff() {
        // A ham at exactly 1.0 is a false positive at every cutoff <= 1: the search must not pretend otherwise.
        CutoffChoice c = CostCutoffs.recommend(new double[] {0.0, 1.0, 1.0}, new boolean[] {false, false, true}, Costs.SPAMBAYES);
        assertThat(c.spamCutoff()).isLessThanOrEqualTo(1.0);
        assertThat(c.falsePositives()).isEqualTo(1);
        assertThat(c.cost()).isCloseTo(10, within(1e-12));
    }

    @Test
    void costAtGivenCutoffsCountsEachKindOfMistake() {
        CutoffChoice c = CostCutoffs.evaluate(SCORES, SPAM, Costs.SPAMBAYES, 0.5, 0.5);
        // ham 0.6 is a false positive; spam 0.4 a false negative; nothing unsure.
        assertThat(c.falsePositives()).isEqualTo(1);
        assertThat(c.falseNegatives()).isEqualTo(1);
        assertThat(c.unsure()).isZero();
        assertThat(c.cost()).isCloseTo(11, within(1e-12));
    }

    @Test
    void recommendationIsNeverWorseThanAnyGridOfCutoffs() {
        java.util.Random random = new java.util.Random(7);
        double[] scores = new double[200];
        boolean[] spam = new boolean[200];
        for (int i = 0; i < scores.length; i++) {
            spam[i] = random.nextBoolean();
            scores[i] = Math.round(Math.min(1, Math.max(0, (spam[i] ? 0.7 : 0.3) + 0.25 * random.nextGaussian())) * 1000) / 1000.0;
        }
        CutoffChoice best = CostCutoffs.recommend(scores, spam, Costs.SPAMBAYES);
        for (int h = 0; h <= 100; h++) {
            for (int s = h; s <= 100; s++) {
                double cost = CostCutoffs.evaluate(scores, spam, Costs.SPAMBAYES, h / 100.0, s / 100.0).cost();
                assertThat(best.cost()).isLessThanOrEqualTo(cost + 1e-9);
            }
        }
    }

    @Test
    void onlyTheRatiosOfTheCostsMatterHoweverSmallTheyAre() {
        // Weights of 10 : 1 : 0.2 times 1e-12 (a cost in some small unit) tied every pair of
        // cutoffs within the search's rounding allowance, and it recommended 0 and 0: every ham spam.
        CutoffChoice usual = CostCutoffs.recommend(SCORES, SPAM, Costs.SPAMBAYES);
        for (double scale : new double[] {1e-12, 1e-6, 1e5}) {
            Costs scaled = new Costs(10 * scale, 1 * scale, 0.2 * scale);
            CutoffChoice c = CostCutoffs.recommend(SCORES, SPAM, scaled);
            assertThat(c.hamCutoff()).as("scale %s", scale).isEqualTo(usual.hamCutoff());
            assertThat(c.spamCutoff()).as("scale %s", scale).isEqualTo(usual.spamCutoff());
            assertThat(c.cost()).as("scale %s", scale).isCloseTo(usual.cost() * scale, within(1e-9 * usual.cost() * scale));
        }
    }

    @Test
    void costsThatAreAllZeroAreRefused() {
        // they recommended 0 and 0, calling every ham spam, at a cost of 0
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Costs(0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all 0");
        assertThat(new Costs(0, 1, 0).falseNegative()).isEqualTo(1);
    }
}
