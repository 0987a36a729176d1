package org.bayard.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RocCurveTest {

    static RocCurve noisy(String label, int n, long seed) {
        Random random = new Random(seed);
        double[] scores = new double[n];
        boolean[] spam = new boolean[n];
        for (int i = 0; i < n; i++) {
            spam[i] = random.nextInt(3) == 0;
            scores[i] = 1 / (1 + Math.exp(-(spam[i] ? 3 : -3) - 2 * random.nextGaussian()));
        }
        return RocCurve.of(label, scores, spam);
    }

    @Test
    void pointsRunFromNothingCalledSpamToEverythingAndAreMonotone() {
        RocCurve.Point[] p = noisy("x", 2000, 1).points();
        assertThat(p[0]).isEqualTo(new RocCurve.Point(0, 1));
        assertThat(p[p.length - 1]).isEqualTo(new RocCurve.Point(1, 0));
        for (int i = 1; i < p.length; i++) {
            assertThat(p[i].hamMisclassified()).isGreaterThanOrEqualTo(p[i - 1].hamMisclassified());
            assertThat(p[i].spamMisclassified()).isLessThanOrEqualTo(p[i - 1].spamMisclassified());
        }
    }

    @Test
    void tiedScoresMakeOneStep() {
        RocCurve c = RocCurve.of("ties", new double[] {0.5, 0.5, 0.5, 0.1}, new boolean[] {true, false, true, false});
        assertThat(c.points()).containsExactly(new RocCurve.Point(0, 1), new RocCurve.Point(0.5, 0), new RocCurve.Point(1, 0));
    }

    @Test
    void areaUnderTheStepsIsTheMannWhitneyAuc() {
        RocCurve c = noisy("x", 500, 2);
        RocCurve.Point[] p = c.points();
        double area = 0; // of the curve of spam caught (1 - spam missed) against ham lost
        for (int i = 1; i < p.length; i++) {
            double width = p[i].hamMisclassified() - p[i - 1].hamMisclassified();
            area += width * ((1 - p[i].spamMisclassified()) + (1 - p[i - 1].spamMisclassified())) / 2;
        }
        assertThat(area).isCloseTo(c.auc(), within(1e-12));
    }

    @Test
    void aCutoffsPointCountsHamAtOrAboveAndSpamBelow() {
        RocCurve c = RocCurve.of("x", new double[] {0.1, 0.9, 0.9, 0.95}, new boolean[] {false, false, true, true});
        assertThat(c.at(0.9)).isEqualTo(new RocCurve.Point(0.5, 0));
        assertThat(c.at(0.91)).isEqualTo(new RocCurve.Point(0, 0.5));
    }

    @Test
    void onlyTheOrderOfScoresMatters() {
        double[] scores = {0.1, 0.7, 0.4, 0.95, 0.3};
        boolean[] spam = {false, true, false, true, true};
        double[] logits = new double[scores.length];
        for (int i = 0; i < scores.length; i++) logits[i] = 100 * Math.log(scores[i] / (1 - scores[i]));
        assertThat(RocCurve.of("p", scores, spam).points()).containsExactly(RocCurve.of("logit", logits, spam).points());
    }
}
