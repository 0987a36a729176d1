package org.bayard.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * Recommends ham and spam cutoffs that minimise the total cost of the mistakes they would have
 * made on a scored corpus. Pure arithmetic.
 *
 * <p>Only the gaps between distinct scores matter: any cutoff in the same gap sorts every message
 * the same way. With n distinct scores there are n+1 gaps, and the cost of a pair (ham gap j,
 * spam gap k) splits into a part that depends on k only and a part that depends on j only:
 * {@code fp·hamAtOrAbove(k) + u·below(k)} plus {@code fn·spamBelow(j) − u·below(j)}. Sweeping k
 * upwards while keeping the best j <= k so far finds the optimum in one pass after the sort.
 */
public final class CostCutoffs {
    private CostCutoffs() {}

    /** The cheapest cutoffs in [0, 1]; among equal costs, the lowest spam cutoff, then the lowest ham cutoff. */
    public static CutoffChoice recommend(double[] scores, boolean[] spam, Costs costs) {
        checkInput(scores, spam);
        double[] distinct = Arrays.stream(scores).sorted().distinct().toArray();
        int gaps = distinct.length + 1;
        int[] below = new int[gaps];
        int[] spamBelow = new int[gaps];
        countBelow(scores, spam, distinct, below, spamBelow);
        int nHam = scores.length - spamBelow[gaps - 1];
        // The gap above the highest score is only reachable by a cutoff <= 1 if that score is below 1.
        int usable = distinct.length > 0 && distinct[distinct.length - 1] >= 1 ? gaps - 1 : gaps;

        double scale = Math.max(costs.falsePositive(), Math.max(costs.falseNegative(), costs.unsure()));
        double bestCost = Double.POSITIVE_INFINITY, bestHamPart = Double.POSITIVE_INFINITY;
        int bestHam = 0, bestSpam = 0, bestHamSoFar = 0;
        for (int k = 0; k < usable; k++) {
            double hamPart = costs.falseNegative() * spamBelow[k] - costs.unsure() * below[k];
            if (lessThan(hamPart, bestHamPart, scale)) {
                bestHamPart = hamPart;
                bestHamSoFar = k;
            }
            int hamAtOrAbove = nHam - (below[k] - spamBelow[k]);
            double cost = costs.falsePositive() * hamAtOrAbove + costs.unsure() * below[k] + bestHamPart;
            if (lessThan(cost, bestCost, scale)) {
                bestCost = cost;
                bestSpam = k;
                bestHam = bestHamSoFar;
            }
        }
        return evaluate(scores, spam, costs, cutoffIn(distinct, bestHam), cutoffIn(distinct, bestSpam));
    }

    /** What the given cutoffs cost on the scored corpus. */
    public static CutoffChoice evaluate(double[] scores, boolean[] spam, Costs costs, double hamCutoff, double spamCutoff) {
        checkInput(scores, spam);
        if (!(hamCutoff <= spamCutoff)) throw new IllegalArgumentException("ham cutoff " + hamCutoff + " is above spam cutoff " + spamCutoff);
        int fp = 0, fn = 0, unsure = 0;
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (s >= spamCutoff) {
                if (!spam[i]) fp++;
            } else if (s >= hamCutoff) {
                unsure++;
            } else if (spam[i]) {
                fn++;
            }
        }
        double cost = costs.falsePositive() * fp + costs.falseNegative() * fn + costs.unsure() * unsure;
        return new CutoffChoice(hamCutoff, spamCutoff, cost, fp, fn, unsure);
    }

    /**
     * A cutoff in gap {@code g}, i.e. in (distinct[g-1], distinct[g]] (open below for g = 0 and
     * closed at 1 for the last gap): the value with the fewest decimals nearest the gap's middle,
     * so that the recommendation reads as 0.3 rather than 0.2871344, and does not sit on a score.
     */
    static double cutoffIn(double[] distinct, int g) {
        double lo = g == 0 ? Double.NEGATIVE_INFINITY : distinct[g - 1];
        double hi = g == distinct.length ? 1.0 : distinct[g];
        if (g == 0) return Math.min(0.0, hi);
        BigDecimal mid = new BigDecimal(lo).add(new BigDecimal(hi)).divide(BigDecimal.TWO);
        BigDecimal top = new BigDecimal(hi);
        for (int places = 0; places <= 17; places++) {
            double rounded = mid.setScale(places, RoundingMode.HALF_EVEN).doubleValue();
            if (rounded > lo && rounded <= hi) return rounded;
            double floored = top.setScale(places, RoundingMode.FLOOR).doubleValue();
            if (floored > lo && floored <= hi) return floored;
        }
        return hi;
    }

    private static void countBelow(double[] scores, boolean[] spam, double[] distinct, int[] below, int[] spamBelow) {
        int[] atScore = new int[distinct.length];
        int[] spamAtScore = new int[distinct.length];
        for (int i = 0; i < scores.length; i++) {
            int d = Arrays.binarySearch(distinct, scores[i]);
            atScore[d]++;
            if (spam[i]) spamAtScore[d]++;
        }
        for (int g = 1; g < below.length; g++) {
            below[g] = below[g - 1] + atScore[g - 1];
            spamBelow[g] = spamBelow[g - 1] + spamAtScore[g - 1];
        }
    }

    /**
     * Ties within rounding noise keep the earlier choice, so the tie-breaking rule holds. The noise
     * is measured against the largest weight, not against 1: only the ratios of the weights
     * matter, and weights of 1e-11 : 1e-12 : 2e-13 made every difference fall within 1e-9, so
     * every pair of cutoffs tied and the lowest, 0 and 0, was recommended.
     */
    private static boolean lessThan(double a, double b, double scale) {
        return a < b - 1e-9 * Math.max(scale, Math.abs(b)) || b == Double.POSITIVE_INFINITY;
    }

    private static void checkInput(double[] scores, boolean[] spam) {
        if (scores.length != spam.length) throw new IllegalArgumentException("scores and labels differ in length");
        for (double s : scores) {
            if (!(s >= 0 && s <= 1)) throw new IllegalArgumentException("cutoffs are recommended for scores in [0, 1], got " + s);
        }
    }
}
