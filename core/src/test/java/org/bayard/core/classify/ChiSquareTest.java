package org.bayard.core.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChiSquareTest {

    @Test
    void upperTailMatchesKnownValues() {
        // Q(x2 | 2) = e^{-x2/2}; Q(x2 | 4) = e^{-m}(1 + m)
        assertThat(ChiSquare.upperTail(2.0, 2)).isCloseTo(Math.exp(-1), within(1e-12));
        assertThat(ChiSquare.upperTail(6.0, 4)).isCloseTo(Math.exp(-3) * 4, within(1e-12));
        // Table value: P(chi2_10 > 18.307) = 0.05
        assertThat(ChiSquare.upperTail(18.307, 10)).isCloseTo(0.05, within(1e-4));
    }

    @Test
    void upperTailStaysFiniteWhenTheExponentialUnderflows() {
        double q = ChiSquare.upperTail(2000, 3000);
        assertThat(q).isBetween(0.0, 1.0).isGreaterThan(0.99);
        assertThat(ChiSquare.upperTail(5000, 10)).isEqualTo(0.0);
    }

    @Test
    void noEvidenceIsExactlyNeutral() {
        assertThat(ChiSquare.combine(0, 0, 0)).isEqualTo(0.5);
    }

    @Test
    void spammyTokensScoreNearOneAndHammyNearZero() {
        int n = 20;
        assertThat(ChiSquare.combine(n * Math.log(0.99), n * Math.log(0.01), n)).isGreaterThan(0.999);
        assertThat(ChiSquare.combine(n * Math.log(0.01), n * Math.log(0.99), n)).isLessThan(0.001);
    }

    @Test
    void strongEvidenceBothWaysIsUnsure() {
        // 10 tokens at 0.99 and 10 at 0.01: the hypotheses cancel out.
        double sumLnP = 10 * Math.log(0.99) + 10 * Math.log(0.01);
        double sumLnQ = 10 * Math.log(0.01) + 10 * Math.log(0.99);
        assertThat(ChiSquare.combine(sumLnP, sumLnQ, 20)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void rejectsOddDegreesOfFreedom() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChiSquare.upperTail(1, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("even");
    }

    @Test
    void logOddsAgreeWithTheProbabilityWhereItIsRepresentable() {
        double[][] cases = {{5 * Math.log(0.8), 5 * Math.log(0.2), 5}, {20 * Math.log(0.3), 20 * Math.log(0.7), 20},
                {3 * Math.log(0.5), 3 * Math.log(0.5), 3}, {Math.log(0.9) + Math.log(0.2), Math.log(0.1) + Math.log(0.8), 2}};
        for (double[] c : cases) {
            double p = ChiSquare.combine(c[0], c[1], (int) c[2]);
            double lo = ChiSquare.combineLogOdds(c[0], c[1], (int) c[2]);
            assertThat(lo).isCloseTo(Math.log(p / (1 - p)), within(1e-6));
        }
    }

    @Test
    void logOddsKeepOrderingWhereTheProbabilityRoundsToZero() {
        int n = 300;
        double hammy = ChiSquare.combineLogOdds(n * Math.log(0.001), n * Math.log(0.999), n);
        double hammier = ChiSquare.combineLogOdds(n * Math.log(0.0001), n * Math.log(0.9999), n);
        assertThat(ChiSquare.combine(n * Math.log(0.001), n * Math.log(0.999), n)).isEqualTo(0.0);
        assertThat(hammy).isFinite().isLessThan(-100).isGreaterThan(hammier);
        assertThat(hammier).isFinite();
    }

    @Test
    void lowerTailIsOneMinusUpperTail() {
        for (double x : new double[] {0.5, 3, 10, 40}) {
            for (int v : new int[] {2, 10, 60}) {
                double q = ChiSquare.upperTail(x, v);
                assertThat(Math.exp(ChiSquare.lnLowerTail(x, v, ChiSquare.lnUpperTail(x, v)))).isCloseTo(1 - q, within(1e-12));
                assertThat(Math.exp(ChiSquare.lnUpperTail(x, v))).isCloseTo(q, within(1e-12));
            }
        }
    }

    /**
     * Scores are compared bit for bit across versions: the tabled logs and the shared upper
     * tails must give exactly what calling Math.log for every term and every tail gave.
     */
    @Test
    void logOddsAreBitIdenticalToTheSeriesWithoutTablesOrSharing() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + random.nextInt(trial % 10 == 0 ? 1200 : 160);
            double sumLnP = n * Math.log(random.nextDouble(1e-6, 1.0));
            double sumLnQ = n * Math.log(random.nextDouble(1e-6, 1.0));
            assertThat(Double.doubleToRawLongBits(ChiSquare.combineLogOdds(sumLnP, sumLnQ, n)))
                    .as("sumLnP=%s sumLnQ=%s n=%d", sumLnP, sumLnQ, n)
                    .isEqualTo(Double.doubleToRawLongBits(Untabled.combineLogOdds(sumLnP, sumLnQ, n)));
        }
    }

    /** The early stops at the largest term and at the first term too small to count change no bit. */
    @Test
    void upperTailLogIsBitIdenticalToSummingEveryTerm() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 5000; trial++) {
            int v = 2 * (1 + random.nextInt(trial % 10 == 0 ? 1200 : 160));
            double x = trial % 3 == 0 ? random.nextDouble(0, 2.0 * v) : random.nextDouble(0, 20_000);
            assertThat(Double.doubleToRawLongBits(ChiSquare.lnUpperTail(x, v)))
                    .as("x=%s v=%d", x, v)
                    .isEqualTo(Double.doubleToRawLongBits(Untabled.lnUpperTail(x, v)));
        }
    }

    /** The early stop at the first term too small to count changes no bit. */
    @Test
    void upperTailIsBitIdenticalToSummingEveryTerm() {
        SplittableRandom random = new SplittableRandom(17);
        for (int trial = 0; trial < 5000; trial++) {
            int v = 2 * (1 + random.nextInt(trial % 10 == 0 ? 1200 : 160));
            double x = trial % 3 == 0 ? random.nextDouble(0, 2.0 * v) : random.nextDouble(0, 1490);
            double m = x / 2.0;
            double term = Math.exp(-m);
            if (term == 0.0) continue; // summed in the log domain: the test above
            double sum = term;
            for (int i = 1; i < v / 2; i++) {
                term *= m / i;
                sum += term;
            }
            assertThat(Double.doubleToRawLongBits(ChiSquare.upperTail(x, v)))
                    .as("x=%s v=%d", x, v)
                    .isEqualTo(Double.doubleToRawLongBits(Math.min(sum, 1.0)));
        }
    }

    /** The classifier's one-pass indicator gives exactly what the two public calls give. */
    @Test
    void indicatorIsBitIdenticalToCombineAndCombineLogOdds() {
        SplittableRandom random = new SplittableRandom(13);
        ChiSquare.Indicator indicator = new ChiSquare.Indicator();
        for (int trial = 0; trial < 3000; trial++) {
            int n = random.nextInt(trial % 10 == 0 ? 1200 : 160);
            // down to 1e-12: strong evidence, where e^-m underflows and the tails go through their logs
            double sumLnP = n * Math.log(random.nextDouble(1e-12, 1.0));
            double sumLnQ = n * Math.log(random.nextDouble(1e-12, 1.0));
            indicator.combine(sumLnP, sumLnQ, n);
            assertThat(Double.doubleToRawLongBits(indicator.probability()))
                    .as("sumLnP=%s sumLnQ=%s n=%d", sumLnP, sumLnQ, n)
                    .isEqualTo(Double.doubleToRawLongBits(ChiSquare.combine(sumLnP, sumLnQ, n)));
            assertThat(Double.doubleToRawLongBits(indicator.logOdds()))
                    .as("sumLnP=%s sumLnQ=%s n=%d", sumLnP, sumLnQ, n)
                    .isEqualTo(Double.doubleToRawLongBits(ChiSquare.combineLogOdds(sumLnP, sumLnQ, n)));
        }
    }

    /** A tail skipped as too small to count gives the very probability that summing it gives, near the cut too. */
    @Test
    void indicatorSkipsOnlyTailsTooSmallToChangeTheProbability() {
        SplittableRandom random = new SplittableRandom(19);
        ChiSquare.Indicator indicator = new ChiSquare.Indicator();
        int skipped = 0;
        for (int trial = 0; trial < 5000; trial++) {
            int n = 1 + random.nextInt(150);
            // one hypothesis clear (a small sum), the other's tail from about e^-5 to e^-600
            double strong = -random.nextDouble(0.01, 3.0 * n);
            double weak = -(n + random.nextDouble(10, 600));
            double sumLnP = trial % 2 == 0 ? strong : weak;
            double sumLnQ = trial % 2 == 0 ? weak : strong;
            skipped += ChiSquare.lnUpperTail(-2.0 * sumLnQ, 2 * n) < ChiSquare.Indicator.NEGLIGIBLE_LN_TAIL ? 1 : 0;
            skipped += ChiSquare.lnUpperTail(-2.0 * sumLnP, 2 * n) < ChiSquare.Indicator.NEGLIGIBLE_LN_TAIL ? 1 : 0;
            indicator.combine(sumLnP, sumLnQ, n);
            assertThat(Double.doubleToRawLongBits(indicator.probability()))
                    .as("sumLnP=%s sumLnQ=%s n=%d", sumLnP, sumLnQ, n)
                    .isEqualTo(Double.doubleToRawLongBits(ChiSquare.combine(sumLnP, sumLnQ, n)));
        }
        assertThat(skipped).as("tails skipped").isBetween(1000, 6000);
    }

    /**
     * The cut of negligible tails over every size of message and every strength of evidence,
     * not only the corpus's: n from 1 to 20,000 (the token cap), each sum drawn log-uniformly from
     * 1e-6 to 1e6 (tails near 1, near the cut at e^-60, and underflowing), both sides strong at
     * once, and sums placed on either side of the cut. The probability and the log-odds are those
     * of {@link ChiSquare#combine} and {@link ChiSquare#combineLogOdds}, bit for bit.
     */
    @Test
    void indicatorAgreesWithCombineForAnySizeAndStrength() {
        SplittableRandom random = new SplittableRandom(1820);
        ChiSquare.Indicator indicator = new ChiSquare.Indicator();
        int cutBelow = 0, cutAbove = 0;
        for (int trial = 0; trial < 6_000; trial++) {
            int n = trial % 5 == 0 ? 1 + random.nextInt(4) : (int) Math.round(Math.exp(random.nextDouble(0, Math.log(20_000))));
            double sumLnP = -Math.exp(random.nextDouble(Math.log(1e-6), Math.log(1e6)));
            double sumLnQ = -Math.exp(random.nextDouble(Math.log(1e-6), Math.log(1e6)));
            if (trial % 4 == 1) {
                // a side whose upper tail's log lies within a few units of the cut
                double target = ChiSquare.Indicator.NEGLIGIBLE_LN_TAIL + random.nextDouble(-3, 3);
                double lo = 0, hi = 4.0 * n + 400;
                for (int step = 0; step < 45; step++) {
                    double mid = (lo + hi) / 2;
                    if (ChiSquare.lnUpperTail(2 * mid, 2 * n) > target) lo = mid;
                    else hi = mid;
                }
                if (random.nextBoolean()) sumLnP = -lo;
                else sumLnQ = -lo;
                if (ChiSquare.lnUpperTail(2 * lo, 2 * n) < ChiSquare.Indicator.NEGLIGIBLE_LN_TAIL) cutBelow++;
                else cutAbove++;
            }
            indicator.combine(sumLnP, sumLnQ, n);
            String as = String.format("sumLnP=%s sumLnQ=%s n=%d", sumLnP, sumLnQ, n);
            assertThat(Double.doubleToRawLongBits(indicator.probability())).as(as)
                    .isEqualTo(Double.doubleToRawLongBits(ChiSquare.combine(sumLnP, sumLnQ, n)));
            assertThat(Double.doubleToRawLongBits(indicator.logOdds())).as(as)
                    .isEqualTo(Double.doubleToRawLongBits(ChiSquare.combineLogOdds(sumLnP, sumLnQ, n)));
        }
        assertThat(cutBelow).as("tails just below the cut").isGreaterThan(300);
        assertThat(cutAbove).as("tails just above the cut").isGreaterThan(300);
    }

    /** ChiSquare's log-odds as first written: every ln i and ln k! computed, every tail on its own. */
    private static final class Untabled {
        static double combineLogOdds(double sumLnP, double sumLnQ, int n) {
            int v = 2 * n;
            double hamX = -2.0 * sumLnP;
            double spamX = -2.0 * sumLnQ;
            double lnI = logSumExp(lnUpperTail(hamX, v), lnLowerTail(spamX, v));
            double lnNotI = logSumExp(lnUpperTail(spamX, v), lnLowerTail(hamX, v));
            return lnI - lnNotI;
        }

        static double lnUpperTail(double x2, int v) {
            double m = x2 / 2.0;
            int terms = v / 2;
            if (m == 0.0) return 0.0;
            double lnM = Math.log(m);
            double lnTerm = -m, max = lnTerm;
            double[] ln = new double[terms];
            ln[0] = lnTerm;
            for (int i = 1; i < terms; i++) {
                lnTerm += lnM - Math.log(i);
                ln[i] = lnTerm;
                max = Math.max(max, lnTerm);
            }
            double sum = 0;
            for (double t : ln) sum += Math.exp(t - max);
            return Math.min(0.0, max + Math.log(sum));
        }

        static double lnLowerTail(double x2, int v) {
            double m = x2 / 2.0;
            int k = v / 2;
            if (m == 0.0) return Double.NEGATIVE_INFINITY;
            if (m >= k) return Math.log1p(-Math.exp(lnUpperTail(x2, v)));
            double lnM = Math.log(m);
            double lnFactorial = 0;
            for (int i = 2; i <= k; i++) lnFactorial += Math.log(i);
            double lnTerm = -m + k * lnM - lnFactorial;
            double lead = lnTerm;
            double sum = 1.0;
            for (int i = k + 1; i < k + 10_000; i++) {
                lnTerm += lnM - Math.log(i);
                double rel = Math.exp(lnTerm - lead);
                sum += rel;
                if (rel < 1e-17 * sum) break;
            }
            return lead + Math.log(sum);
        }

        static double logSumExp(double a, double b) {
            if (a == Double.NEGATIVE_INFINITY) return b;
            if (b == Double.NEGATIVE_INFINITY) return a;
            double max = Math.max(a, b);
            return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
        }
    }
}
